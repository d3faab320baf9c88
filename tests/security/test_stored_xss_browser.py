"""Stored XSS, rendered in Chromium: member-writable text full of script payloads runs nothing on the pages
that show it (escaping and sanitising first, the Content-Security-Policy behind them)."""
import pytest

from collective.factories import AskFactory, OfferFactory
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '"><svg onload="window.__xss=3">',
    "'><iframe srcdoc=\"<script>parent.__xss=4</script>\">",
    '<a href="javascript:window.__xss=5" id="xss-link">click</a>',
    "<details open ontoggle=window.__xss=6>",
]
TEXT = " ".join(PAYLOADS)


@pytest.fixture
def planted():
    author = UserFactory(username="mallory", display_name=PAYLOADS[1][:80], tagline=PAYLOADS[2][:120], bio=TEXT)
    offer = OfferFactory(user=author, title=PAYLOADS[0][:120], description=TEXT)
    ask = AskFactory(user=author, title=PAYLOADS[5][:120], description=TEXT)
    return author, offer, ask


def test_payloads_in_member_fields_run_nothing(page, login, planted):
    author, offer, ask = planted
    UserFactory(username="victim")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login("victim")
    for path in (author.get_absolute_url(), offer.get_absolute_url(), ask.get_absolute_url(), "/discover/",
                 "/discover/offers/", "/discover/asks/", f"/discover/?q={offer.title[:20]}", "/home/"):
        response = page.goto(path)
        assert response.status < 500, path
        if page.locator("#xss-link").count():
            page.locator("#xss-link").first.click(timeout=2000, no_wait_after=True)
        assert page.evaluate("window.__xss") is None, path
    assert not dialogs
