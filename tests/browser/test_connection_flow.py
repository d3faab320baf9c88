"""Two members in two browsers: Abe responds to Bea's ask, Bea accepts, they talk (live, without reloads),
Bea marks the help complete and both rate; each sees the right notifications.

Who completes: the issue's story says "A completes, B rates", but the workflow (collective.services,
CONNECTION_TRANSITIONS) lets only the member who received help confirm it: for a response to an ask
that is the ask's owner, Bea. So Bea completes (and rates Abe); Abe rates Bea too.
"""
import re

import pytest
from playwright.sync_api import expect

from collective.factories import AskFactory
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_respond_accept_chat_complete_and_rate(member_browser):
    UserFactory(username="abe", display_name="Abe Helper")
    bea_user = UserFactory(username="bea", display_name="Bea Asker")
    ask = AskFactory(user=bea_user, title="Feedback on my landing page")

    # Abe finds the ask and offers to help.
    abe = member_browser("abe")
    abe.goto(ask.get_absolute_url())
    abe.get_by_role("link", name="Respond").first.click()
    expect(abe.get_by_role("heading", level=1)).to_have_text("Offer to help Bea Asker")
    abe.get_by_label("How you can help").fill("I review landing pages every week. Send me the link?")
    abe.get_by_role("button", name="Send my offer to help").click()
    expect(abe).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(abe.locator("#messages")).to_contain_text("I review landing pages every week.")
    expect(abe.locator("#connection-panel")).to_contain_text("Waiting for @bea to reply")

    # Bea hears about it under the bell, opens it and accepts.
    bea = member_browser("bea")
    expect(bea.locator(".icon-btn__dot")).to_be_visible()
    bea.goto("/notifications/")
    bea.get_by_role("link", name="@abe offered to help with your ask “Feedback on my landing page”").click()
    expect(bea).to_have_url(abe.url)
    bea.get_by_role("button", name="Accept").click()
    expect(bea.locator("#connection-panel .badge--status")).to_have_text("Accepted")

    # Abe's open page picks up the new status without a reload.
    expect(abe.locator("#connection-panel")).to_have_attribute("data-status", "accepted", timeout=12_000)

    # They talk; each message reaches the other side live.
    bea.get_by_label("Message to @abe").fill("Thank you! Here it is: https://example.com/landing")
    bea.keyboard.press("Enter")
    expect(bea.locator("#messages")).to_contain_text("Here it is")
    expect(bea.get_by_label("Message to @abe")).to_have_value("")
    link = abe.locator("#messages a[href='https://example.com/landing']")
    expect(link).to_be_visible(timeout=12_000)
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    abe.get_by_label("Message to @bea").fill("Looked at it: tighten the headline and move the signup up.")
    abe.get_by_role("button", name="Send message").click()
    expect(bea.locator("#messages")).to_contain_text("tighten the headline", timeout=12_000)
    expect(bea.locator("#messages .msg-item")).to_have_count(3)
    expect(abe.locator("#messages .msg-item")).to_have_count(3)

    # Only Bea, who received the help, can mark it complete.
    expect(abe.get_by_role("button", name="I received the help")).to_have_count(0)
    bea.get_by_role("button", name="I received the help").click()
    expect(bea.locator("#connection-panel .badge--status")).to_have_text("Completed")

    # Bea rates Abe, then gets the chance to thank him further.
    expect(bea.get_by_role("heading", name="How was your experience with @abe?")).to_be_visible()
    bea.locator("label[for=rating-5]").click()
    bea.get_by_label("A few words").fill("Quick, kind and spot on.")
    bea.get_by_role("button", name="Rate @abe").click()
    expect(bea).to_have_url(re.compile(r"/connections/\d+/thanks/$"))
    expect(bea.get_by_text("Your rating is on @abe's profile.")).to_be_visible()

    # Abe rates Bea as well.
    abe.reload()
    abe.wait_for_load_state("networkidle")  # the page's first htmx poll has answered before the star is picked
    # Abe's points toasts (Bea's five stars among them) sit over the panel's stars on a desktop: he closes them.
    abe.eval_on_selector_all("#toasts [data-toast-close]", "buttons => buttons.forEach(b => b.click())")
    expect(abe.locator("#toasts .toast")).to_have_count(0)
    abe.locator("label[for=rating-4]").click()
    expect(abe.locator("#rating-4")).to_be_checked()
    abe.get_by_role("button", name="Rate @bea").click()
    expect(abe).to_have_url(re.compile(r"/connections/\d+/thanks/$"))

    # The rating shows on Abe's profile.
    bea.goto("/@abe/")
    expect(bea.locator(".msg-ratings")).to_contain_text("Quick, kind and spot on.")

    # Each saw what concerned them, and nothing of their own doing.
    abe.goto("/notifications/")
    abe_items = abe.locator(".ntf-item__link")
    expect(abe_items.filter(has_text="@bea accepted your connection")).to_have_count(1)
    expect(abe_items.filter(has_text="@bea sent you a message")).to_have_count(1)
    expect(abe_items.filter(has_text="@bea marked your help")).to_contain_text("You earned +25 points!")
    expect(abe_items.filter(has_text="@bea rated your connection")).to_contain_text("5 out of 5")
    expect(abe_items.filter(has_text="@abe")).to_have_count(0)
    bea.goto("/notifications/")
    bea_items = bea.locator(".ntf-item__link")
    expect(bea_items.filter(has_text="@abe offered to help")).to_have_count(1)
    expect(bea_items.filter(has_text="@abe sent you a message")).to_have_count(1)
    expect(bea_items.filter(has_text="@abe rated your connection")).to_contain_text("4 out of 5")
    expect(bea_items.filter(has_text="accepted")).to_have_count(0)

    assert abe.console_errors == [] and bea.console_errors == []
