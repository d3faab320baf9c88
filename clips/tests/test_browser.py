"""Social Clips in a real browser: make a clip from an offer, watch it render, download the PNG, pay 5 credits."""
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from collective.choices import OfferStatus, OfferType
from collective.factories import OfferFactory
from members.factories import UserFactory

from .conftest import give_credits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_a_clip_from_an_offer_and_download_it(page, login, monkeypatch):
    # Hold the render (as a busy worker would) so the page's progress can be watched, then run it.
    from clips import rendering, tasks

    monkeypatch.setattr(tasks.render_clip, "delay", lambda clip_id: None)
    maya = UserFactory(username="maya", display_name="Maya Okafor")
    give_credits(maya, 20)
    OfferFactory(user=maya, title="Landing page teardown", offer_type=OfferType.SERVICE, status=OfferStatus.ACTIVE)
    login("maya")

    page.goto("/creator/clips/")
    expect(page.get_by_text("A clip costs 5 credits. You have 20.")).to_be_visible()
    page.get_by_label("What should the clip show?").select_option(label="Offer — Landing page teardown")
    page.locator("label.clips-theme", has_text="Sunrise").click()
    page.get_by_label("Story · 1080 × 1920").check()
    page.get_by_role("button", name="Make clip · 5 credits").click()

    # The detail page shows progress while the clip renders; the htmx poll swaps in the card when ready.
    expect(page).to_have_url(re.compile(r"/creator/clips/\d+/$"))
    expect(page.get_by_role("progressbar", name="Drawing your clip")).to_be_visible()
    rendering.clip_render(int(page.url.rstrip("/").rsplit("/", 1)[1]))
    card = page.get_by_role("img", name=re.compile(r"Landing page teardown, by Maya Okafor"))
    expect(card).to_be_visible()
    expect(page.get_by_role("heading", name="Captions")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PNG").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    image = Image.open(download.path())
    assert image.size == (1080, 1920)

    page.goto("/creator/clips/")
    expect(page.get_by_text("You have 15.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Landing page teardown"))).to_be_visible()
    assert page.console_errors == []
