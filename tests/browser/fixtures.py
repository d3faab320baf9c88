"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


def sign_in(page, username: str, password: str = "correct-horse-battery") -> None:  # noqa: S107 - test fixture
    """Sign in through the real allauth form; staff (UserFactory gives them an authenticator app) then type
    the app's current code, as a curator would."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("form [type=submit]")
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", authenticator_code(username))
        page.click("form [type=submit]")
        page.wait_for_load_state()


def authenticator_code(username: str) -> str:
    """The current code of the member's authenticator app, as the app on their phone would show it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    secret = decrypt(Authenticator.objects.get(user__username=username, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def login(page):
    """Log a member in through the real allauth form."""

    def _login(username: str, password: str = "correct-horse-battery") -> None:  # noqa: S107 - test fixture
        sign_in(page, username, password)

    return _login


@pytest.fixture
def member_browser(browser, live_server):
    """Open a separate, signed-in browser for a member (own cookies), for tests with two people at once:

        abe = member_browser("abe")
        bea = member_browser("bea", viewport={"width": 390, "height": 844})
    """
    contexts = []

    def _open(username: str, password: str = "correct-horse-battery", viewport: dict | None = None):  # noqa: S107
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, base_url=live_server.url)
        contexts.append(context)
        member_page = context.new_page()
        member_page.set_default_timeout(10_000)
        errors: list[str] = []
        member_page.on("pageerror", lambda exc: errors.append(str(exc)))
        member_page.console_errors = errors
        sign_in(member_page, username, password)
        return member_page

    yield _open
    for context in contexts:
        context.close()
