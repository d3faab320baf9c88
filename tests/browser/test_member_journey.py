"""A new member's first visit, in a real browser: sign up, land on the dashboard, share an offer and build
its page with two content blocks, see it on /@me, find it from /discover with a natural-language query,
and gain a follower (another member, in a second browser, follows them)."""
import re

import pytest
from playwright.sync_api import expect

from members.factories import UserFactory
from members.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER_TITLE = "Blog post ghostwriting with Claude"


def test_sign_up_share_an_offer_find_it_and_get_followed(page, member_browser):
    # Sign up through allauth; new members land on onboarding first.
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Ada Journey")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Username").fill("journey-ada")
    page.get_by_label("Password", exact=True).fill("a-long-Passphrase-42")
    page.get_by_label("Confirm password").fill("a-long-Passphrase-42")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/onboarding/$"))

    # Onboarding can wait: on to the dashboard, where a new member is guided to a first offer.
    page.get_by_role("link", name="Finish later").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_role("heading", name="Three ways to start")).to_be_visible()
    page.get_by_role("link", name="Share an offer").first.click()

    # The offer's details.
    expect(page).to_have_url(re.compile(r"/my/offers/new/$"))
    page.get_by_label("Title").fill(OFFER_TITLE)
    page.locator("label.type-option", has_text="Service").click()
    page.get_by_label("Short description").fill("I draft blog posts in your voice with Claude, then edit them by hand.")
    page.get_by_role("button", name="Save and build the page").click()

    # Its page: two content blocks through the member editor (htmx swaps the editor in place).
    expect(page).to_have_url(re.compile(r"/my/offers/\d+/content/$"))
    page.locator('a.editor-type[href="?add=rich_text#add-block"]').click()
    page.locator("#id_new-text").fill("Weekly blog posts that **sound like you**.\n\n- Drafted with Claude\n- Edited by a human")
    page.get_by_role("button", name="Add to page").click()
    expect(page.locator(".editor-block")).to_have_count(1)
    page.locator('a.editor-type[href="?add=features#add-block"]').click()
    page.locator("#id_new-rows-0-title").fill("SEO-friendly drafts")
    page.locator("#id_new-rows-1-title").fill("Two rounds of edits")
    page.get_by_role("button", name="Add to page").click()
    expect(page.locator(".editor-block")).to_have_count(2)
    expect(page.locator(".toast").last).to_contain_text("Feature list block added.")

    # /@me is the member's own storefront, with the offer under "Work With Me".
    page.goto("/@me/")
    expect(page).to_have_url(re.compile(r"/@journey-ada/$"))
    expect(page.get_by_role("heading", name="Work With Me")).to_be_visible()
    page.get_by_role("link", name=OFFER_TITLE).first.click()
    expect(page.locator(".offer-page__content p strong")).to_have_text("sound like you")
    expect(page.locator(".offer-page__content")).to_contain_text("Two rounds of edits")

    # Discover finds it from a plain-English question.
    page.goto("/discover/")
    page.get_by_label("What do you need help with?").first.fill("I need help writing blog posts")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/discover/\?q=I(%20|\+)need(%20|\+)help"))  # htmx pushed the search
    expect(page.locator("#discover-results").get_by_role("link", name=OFFER_TITLE)).to_be_visible()

    # Another member follows them; the count updates in place.
    UserFactory(username="grace", display_name="Grace Hopper")
    grace = member_browser("grace")
    grace.goto("/@journey-ada/")
    grace.get_by_role("button", name="Follow").click()
    expect(grace.get_by_role("button", name=re.compile("Following"))).to_be_visible()
    ada = User.objects.get(username="journey-ada")
    expect(grace.locator(f"#followers-count-{ada.pk}")).to_have_text("1")
    grace.reload()
    expect(grace.get_by_role("link", name=re.compile(r"1\s+follower"))).to_be_visible()
    assert page.console_errors == [] and grace.console_errors == []
