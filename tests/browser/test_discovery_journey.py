"""A new member types a need in their own words on /discover, finds the landing-page review offer on the
first page (meaning, not shared words), then accepts a weekly introduction and lands in the conversation."""
import re

import pytest
from playwright.sync_api import expect

from collective.choices import AskStatus
from collective.factories import AskFactory, OfferFactory
from matching import index
from matching.choices import Kind
from matching.introductions import introductions_weekly_run, week_of
from matching.services import embeddings_refresh
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_by_meaning_then_accept_an_introduction(member_browser):
    nia = UserFactory(username="nia", display_name="Nia Newcomer")
    reviewer = UserFactory(username="rafa", display_name="Rafa Reviewer")
    OfferFactory(user=reviewer, title="Landing page teardown", offer_type="feedback",
                 description="I review your sign-up page and homepage copy and layout, and tell you what to fix.")
    for title, text in [("Website analytics glossary", "Definitions of bounce rate in website analytics."),
                        ("Grandma's soup recipe", "A family soup recipe for cold evenings."),
                        ("Caring for a pet python", "Feeding and heating tips for a pet snake.")]:
        OfferFactory(user=UserFactory(), title=title, description=text, offer_type="post")
    AskFactory(user=nia, title="Why does nobody sign up on my homepage?", status=AskStatus.OPEN,
               description="People visit my site but leave without signing up. I'd love a review of the page.")
    for kind in Kind.values:
        embeddings_refresh(kind=kind)
        index.invalidate(kind)
    introductions_weekly_run(today=week_of())

    page = member_browser("nia")
    page.goto("/discover/")
    page.get_by_role("searchbox").first.fill("someone to look at my website")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=re.compile("Landing page teardown")).first).to_be_visible()

    page.goto("/home/")
    intro = page.locator("#introductions")
    expect(intro).to_contain_text("Rafa Reviewer")
    intro.get_by_role("button", name="Introduce us").first.click()
    expect(page).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(page.locator("#messages")).to_contain_text("suggested we meet")
