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


@pytest.fixture
def login(page):
    """Log a member in through the real allauth form."""

    def _login(username: str, password: str = "correct-horse-battery") -> None:  # noqa: S107 - test fixture
        page.goto("/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        page.click("form [type=submit]")
        page.wait_for_load_state()

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
        member_page.goto("/accounts/login/")
        member_page.fill("input[name=login]", username)
        member_page.fill("input[name=password]", password)
        member_page.click("form [type=submit]")
        member_page.wait_for_load_state()
        return member_page

    yield _open
    for context in contexts:
        context.close()
