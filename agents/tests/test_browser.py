"""Agents for hire in a real browser: an owner prices and lists an agent; a member buys a pass on the
simulator, chats (credits and messages count down), rates it; the owner reads the conversation and the sale."""
import re

import pytest
from playwright.sync_api import expect

from members.factories import UserFactory
from payments.factories import ConnectedAccountFactory

from .conftest import give_credits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _simulator(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True
    settings.STRIPE_PLATFORM_FEE_PERCENT = 10


def test_hire_an_agent_end_to_end(page, login):
    owner = UserFactory(username="allie", display_name="Allie Rays")
    ConnectedAccountFactory(user=owner)
    maya = UserFactory(username="maya", display_name="Maya Okafor")
    give_credits(maya, 3)

    # The owner creates, describes, prices and lists a platform-hosted agent in the studio.
    login("allie")
    page.goto("/creator/agents/")
    page.get_by_label("Name").fill("Scout")
    page.get_by_label("Handle").fill("scout")
    page.get_by_role("button", name="Create agent").click()
    expect(page.get_by_role("heading", level=1, name="Scout")).to_be_visible()
    page.get_by_label("Tagline").fill("Finds the member who can help")
    page.get_by_label("Knowledge").fill("Landing pages convert better with one clear call to action.")
    page.get_by_label("List it on /agents/").check()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_label("Price of a pass (USD)").fill("9")
    page.get_by_label("Messages in a pass").fill("3")
    page.get_by_role("button", name="Save price").click()
    expect(page.get_by_text("Price saved.")).to_be_visible()

    # A member finds it, buys a pass on the simulator and starts a conversation (1 credit).
    page.context.clear_cookies()
    login("maya")
    page.goto("/agents/?q=member")
    page.get_by_role("link", name="Scout").click()
    expect(page.get_by_text("can read your conversation with it")).to_be_visible()
    page.get_by_role("link", name="Buy a pass").click()
    page.get_by_role("button", name="Pay $9").click()
    page.get_by_role("button", name="Pay $9").click()  # on the simulator's checkout page
    page.goto("/agents/scout/")
    expect(page.get_by_text("You have a pass ready.")).to_be_visible()
    page.get_by_role("button", name="Start a conversation").click()
    expect(page).to_have_url(re.compile(r"/agents/conversations/\d+/$"))
    expect(page.get_by_text("3 messages left in this conversation.")).to_be_visible()
    page.get_by_label("Message").fill("How do I make my landing page convert?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("one clear call to action")).to_be_visible()
    expect(page.get_by_text("2 messages left in this conversation.")).to_be_visible()
    maya.refresh_from_db()
    assert maya.credit_balance == 2
    page.get_by_label("4 ★").check()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Thanks for rating.")).to_be_visible()
    assert page.console_errors == []

    # The owner reads the conversation and sees the sale.
    page.context.clear_cookies()
    login("allie")
    page.goto("/creator/agents/")
    page.get_by_role("link", name="Scout").click()
    page.get_by_role("link", name="Maya Okafor").click()
    expect(page.get_by_text("How do I make my landing page convert?")).to_be_visible()
    page.goto("/my/earnings/")
    expect(page.locator(".pay-table tbody tr", has_text="pass: Scout")).to_contain_text("$9")
