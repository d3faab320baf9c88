"""The first-hour suite: each role plays its first hour on a freshly seeded demo, on a desktop and a phone.

One seeded database per module (seeding the whole demo takes a while): `demo_site` seeds with the same
commands as `make seed`, serves it from its own live server, and flushes everything when the module is done.
Tests here therefore don't use pytest-django's `live_server` (it would flush after every test); they are
marked `django_db` (FIRST_HOUR_MARKS), which makes pytest-django create the test database and run each
test in a transaction (on SQLite the server shares that connection, so a test's writes roll back with it).

Every page visited goes through `Visitor.goto`/`Visitor.check`, which fail on a console error, a failed
request (network failure or a 5xx/4xx answer for a page's own resources) and, on the phone, on anything
wider than the 390 px screen.
"""
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
FIRST_HOUR_MARKS = [pytest.mark.browser, pytest.mark.django_db]
DEMO_PASSWORD = "thrive-demo-2026"  # noqa: S105 - the published demo password (collective seed_demo)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    name = str(connection.settings_dict["NAME"])
    # Never seed (or flush!) a real database: without a django_db test in the run there is no test database.
    assert "test" in name or "memory" in name, f"refusing to seed and flush {name}: not a test database"
    with django_db_blocker.unblock():
        _seed_demo()
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            _restore_wagtail_root()  # as the migrations left it, for the tests that run after this module


def _restore_wagtail_root() -> None:
    """A flushed database has no Wagtail root page or locale: put them back as the migrations made them."""
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


def _seed_demo() -> None:
    _restore_wagtail_root()
    for command, *args in (("seed_offer_categories",), ("seed_core_team",), ("seed_pages",),
                           ("load_tools", "fixtures/tools.yaml"), ("seed_peer_badges",), ("seed_demo",),
                           ("seed_sage_courses", "--demo-progress"), ("seed_demo_payouts",)):
        call_command(command, *args, verbosity=0)


class Visitor:
    """A Playwright page that records what a person would notice going wrong."""

    def __init__(self, page: Page, base_url: str, phone: bool):
        self.page, self.base_url, self.phone = page, base_url, phone
        self.problems: list[str] = []
        page.on("pageerror", lambda exc: self.problems.append(f"JS error: {exc}"))
        page.on("console", self._on_console)
        page.on("requestfailed", lambda req: self._on_failed(req))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _on_failed(self, request) -> None:
        # A navigation we left on purpose (a redirect, a new page) is "aborted", not failed.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if not response.url.startswith(self.base_url):
            return
        kind = response.request.resource_type
        if response.status >= 500 or (response.status >= 400 and kind not in ("document", "fetch", "xhr")):
            self.problems.append(f"{response.status} for {kind} {response.url}")

    def goto(self, path: str):
        response = self.page.goto(path)
        self.check()
        return response

    def check(self) -> None:
        """No problems so far, and (on the phone) nothing wider than the screen."""
        self.page.wait_for_load_state()
        if self.phone:
            overflow = self.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the 390px phone screen"
        assert self.problems == [], self.problems

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.page.fill("input[name=login]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("form.auth__form [type=submit]")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, f"{username} could not sign in"
        self.check()

    def open_menu_if_phone(self) -> None:
        if self.phone:
            self.page.locator(".nav-drawer > summary").click()


@pytest.fixture(scope="module")
def curator_authenticator(demo_site, django_db_blocker) -> None:
    """The curator's authenticator app (staff need two-factor authentication for the admin), committed
    like the demo so the live server sees it on PostgreSQL too (its own connection, not the test's)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from members.models import User

    with django_db_blocker.unblock():
        TOTP.activate(User.objects.get(username="demo-admin"), generate_totp_secret())


@pytest.fixture(params=list(VIEWPORTS))
def visitor(request, browser, demo_site):
    phone = request.param == "phone"
    context = browser.new_context(viewport=VIEWPORTS[request.param], base_url=demo_site.url,
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    person = Visitor(page, demo_site.url, phone)
    person.viewport = request.param
    yield person
    context.close()


def text_of(page: Page, selector: str = "main") -> str:
    return re.sub(r"\s+", " ", page.locator(selector).inner_text())
