"""Onboarding with Ava in a real browser: chips, a typed ask and offer, a reload half-way, then home."""
import pytest

from collective.services import offer_categories_seed
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_completes_onboarding_by_chat_and_resumes_after_a_reload(page, login):
    offer_categories_seed()
    UserFactory(username="nia", display_name="Nia Newcomer")
    login("nia")
    page.goto("/onboarding/")

    # Welcome → Curiosity
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("start with Curiosity").wait_for()
    page.click("label[for=pick-beta_testers]")
    page.locator("#onb-picked .chip--picked", has_text="Beta testers").wait_for()  # saved as it's picked
    page.fill("#onb-text", "Help naming my newsletter")
    page.press("#onb-text", "Enter")
    page.get_by_text("Added “Help naming my newsletter” to your asks").wait_for()

    # Reload half-way: the picks and the typed ask are still there.
    page.reload()
    assert page.locator("#pick-beta_testers").is_checked()
    assert page.locator("#onb-picked").get_by_text("Help naming my newsletter").is_visible()
    page.locator("#onb-picked").get_by_role("button", name="Continue").click()

    # Generosity
    page.get_by_text("Now let's talk about").wait_for()
    page.click("label[for=pick-code_review]")
    page.locator("#onb-picked .chip--picked", has_text="Code review").wait_for()
    page.click("label[for=pick-mentorship]")
    page.locator("#onb-picked .chip--picked", has_text="Mentorship").wait_for()
    page.fill("#onb-text", "I can review pitch decks")
    page.press("#onb-text", "Enter")
    page.get_by_text("Added “I can review pitch decks” to your offers").wait_for()
    page.locator("#onb-picked").get_by_role("button", name="Continue").click()

    # Follow-up for mentorship, then Respect
    page.get_by_text("What would you mentor people in?").wait_for()
    page.fill("#onb-text", "getting a first job in AI")
    page.press("#onb-text", "Enter")
    page.get_by_text("Finally").wait_for()
    assert page.locator(".onb-guidelines li").count() == 6
    page.get_by_role("button", name="I agree to these guidelines").click()

    # Complete
    page.get_by_text("You're all set!").wait_for()
    assert page.locator(".onb-summary__stats").inner_text().split() == [
        "3", "offers", "you", "listed", "2", "asks", "you", "shared"]
    page.get_by_role("button", name="Enter the Collective").click()
    page.wait_for_url("**/home/")
    page.get_by_text("Welcome aboard! You finished onboarding").wait_for()

    page.goto("/@me/")
    profile = page.locator("main").inner_text()
    for title in ("Looking for beta testers", "Help naming my newsletter", "Code review", "Review pitch decks",
                  "Mentorship: getting a first job in AI"):
        assert title in profile, title
    page.goto("/onboarding/")
    assert page.url.endswith("/home/")
    assert page.console_errors == []


def test_member_asks_ava_and_posts_the_ask_she_drafts(page, login):
    from assistant.models import Conversation
    from collective.models import Ask

    offer_categories_seed()
    member = UserFactory(username="ravi", display_name="Ravi")
    login("ravi")
    page.goto("/ava/")
    page.fill("#ava-input", "I need help writing blog posts")
    page.press("#ava-input", "Enter")
    page.get_by_text("“writing blog posts”").wait_for()
    page.wait_for_url("**/ava/c/*/")
    page.get_by_role("button", name="Post this as an ask").click()
    page.get_by_label("Title").wait_for()
    assert page.get_by_label("Title").input_value() == "Help writing blog posts"
    page.get_by_role("button", name="Post ask").click()
    page.get_by_text("Posted your ask").wait_for()
    # The next message continues the same conversation.
    page.fill("#ava-input", "and a newsletter")
    page.press("#ava-input", "Enter")
    page.get_by_text("“newsletter”").wait_for()
    assert Conversation.objects.filter(user=member).count() == 1
    assert Ask.objects.get(user=member).title == "Help writing blog posts"
    assert page.console_errors == []
