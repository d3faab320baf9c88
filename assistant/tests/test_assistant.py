"""Ava the assistant: answers from the site's own search, drafts asks and offers for the member to post,
and keeps each member's conversations private."""
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from assistant import services
from assistant.choices import DraftStatus, Sender
from assistant.models import Conversation, Message
from collective.choices import AskStatus, AskType, OfferStatus, OfferType
from collective.factories import OfferFactory
from collective.models import Ask, Offer
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo community with the tools directory, as a member sees it after `make seed`."""
    quiet = StringIO()
    call_command("seed_pages", stdout=quiet)
    call_command("load_tools", str(Path(settings.BASE_DIR) / "fixtures" / "tools.yaml"), stdout=quiet, verbosity=0)
    call_command("seed_demo", stdout=quiet)


@pytest.fixture
def asker(categories):
    return UserFactory(username="asker", display_name="Ash")


def ask_ava(user, text):
    conversation = services.conversation_start(user=user, text=text)
    return conversation, conversation.messages.get(sender=Sender.AVA)


# --- Answers from the collective --------------------------------------------------------------


def test_blog_post_help_finds_seeded_tools_offers_and_experts(demo, client):
    member = UserFactory(username="blogger")
    conversation, reply = ask_ava(member, "I need help writing blog posts")
    findings = reply.payload["findings"]

    tool_names = [t["title"] for t in findings["tools"]]
    assert {"Surfer", "Jasper"} & set(tool_names), tool_names
    assert all(t["url"].startswith("/discover/tools/") for t in findings["tools"])
    offer_titles = [o["title"] for o in findings["offers"]]
    assert "Blog post ghostwriting with Claude" in offer_titles
    maya = User.objects.get(username="mayaokafor")
    assert maya.get_absolute_url() in [e["url"] for e in findings["experts"]]
    assert reply.text.startswith("Here's what the collective has for “writing blog posts”")
    assert reply.payload["actions"] == ["draft_ask"]

    client.force_login(member)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Blog post ghostwriting with Claude" in page
    assert f'href="{maya.get_absolute_url()}"' in page
    assert "Post this as an ask" in page


def test_nothing_found_offers_to_post_an_ask(asker):
    _, reply = ask_ava(asker, "underwater basket weaving tutors")
    assert "couldn't find anything" in reply.text
    assert reply.payload["actions"] == ["draft_ask"]


def test_a_members_own_offers_are_not_recommended_back_to_them(asker):
    OfferFactory(user=asker, title="Podcast editing help", status=OfferStatus.ACTIVE, offer_type=OfferType.SERVICE)
    other = OfferFactory(title="Podcast launch coaching", status=OfferStatus.ACTIVE, offer_type=OfferType.SERVICE)
    _, reply = ask_ava(asker, "podcast editing and launch")
    titles = [o["title"] for o in reply.payload["findings"]["offers"]]
    assert "Podcast editing help" not in titles and other.title in titles
    assert asker.get_absolute_url() not in [e["url"] for e in reply.payload["findings"]["experts"]]


def test_a_greeting_gets_an_introduction_with_suggestions(asker):
    _, reply = ask_ava(asker, "Hi Ava!")
    assert reply.text.startswith("Hi! I'm Ava.")
    assert "I need help writing blog posts" in reply.payload["suggestions"]


# --- Drafts ------------------------------------------------------------------------------------------


def test_ava_drafts_an_ask_the_member_posts(asker, client, categories):
    conversation, reply = ask_ava(asker, "I need help writing blog posts")
    client.force_login(asker)
    client.post(f"/ava/c/{conversation.pk}/draft/", {"kind": "ask", "source": reply.payload["source"]})
    draft_message = conversation.messages.filter(sender=Sender.AVA).last()
    draft = draft_message.draft
    assert (draft["title"], draft["type"], draft["category"]) == ("Help writing blog posts", AskType.ADVICE,
                                                                  "marketing-content")
    assert not Ask.objects.filter(user=asker).exists()  # only a draft so far

    response = client.post(f"/ava/c/{conversation.pk}/drafts/{draft_message.pk}/post/",
                           {"title": "Help writing my first blog posts", "description": "Three posts for my shop.",
                            "type": AskType.ADVICE, "category": "marketing-content"}, HTTP_HX_REQUEST="true")
    ask = Ask.objects.get(user=asker)
    assert (ask.title, ask.status, ask.category) == ("Help writing my first blog posts", AskStatus.OPEN,
                                                     categories["marketing-content"])
    assert f'href="{ask.get_absolute_url()}"' in response.content.decode()
    draft_message.refresh_from_db()
    assert draft_message.draft["status"] == DraftStatus.POSTED

    again = client.post(f"/ava/c/{conversation.pk}/drafts/{draft_message.pk}/post/",
                        {"title": "Once more"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    assert Ask.objects.filter(user=asker).count() == 1


def test_help_me_write_an_offer_asks_what_then_drafts_an_active_offer(asker, client, categories):
    conversation = services.conversation_start(user=asker, text="Help me write an offer")
    question = conversation.messages.filter(sender=Sender.AVA).last()
    assert "What would you like to offer?" in question.text
    services.conversation_reply(conversation=conversation, user=asker,
                                text="I review landing pages for early-stage founders")
    draft_message = conversation.messages.filter(sender=Sender.AVA).last()
    assert draft_message.draft["title"] == "Review landing pages for early-stage founders"
    assert draft_message.draft["type"] == OfferType.FEEDBACK
    client.force_login(asker)
    client.post(f"/ava/c/{conversation.pk}/drafts/{draft_message.pk}/post/", {
        "title": draft_message.draft["title"], "description": draft_message.draft["description"],
        "type": draft_message.draft["type"], "category": draft_message.draft["category"]})
    offer = Offer.objects.get(user=asker)
    assert (offer.status, offer.offer_type, offer.category) == (OfferStatus.ACTIVE, OfferType.FEEDBACK,
                                                                categories["marketing-content"])


def test_a_draft_can_be_put_aside(asker, client):
    conversation, reply = ask_ava(asker, "Looking for beta testers for my budgeting app")
    message = services.conversation_draft(conversation=conversation, user=asker, kind="ask")
    client.force_login(asker)
    client.post(f"/ava/c/{conversation.pk}/drafts/{message.pk}/dismiss/")
    message.refresh_from_db()
    assert message.draft["status"] == DraftStatus.DISMISSED
    assert message.draft["type"] == AskType.BETA_TESTER


# --- Pages and privacy ------------------------------------------------------------------------------


def test_starting_a_conversation_from_the_page_and_continuing_it(asker, client):
    client.force_login(asker)
    response = client.post("/ava/", {"message": "Find beta testers for my app"})
    conversation = Conversation.objects.get(user=asker)
    assert response.url == conversation.get_absolute_url() + "#latest"
    client.post(conversation.get_absolute_url(), {"message": "and a code reviewer"})
    assert list(conversation.messages.values_list("sender", flat=True)) == ["member", "ava", "member", "ava"]
    assert client.get("/ava/").status_code == 200
    assert "Find beta testers for my app" in client.get("/ava/").content.decode()  # listed in the history


def test_suggestion_chips_send_their_text(asker, client):
    client.force_login(asker)
    client.post("/ava/", {"message": "", "suggestion": "Help me write an offer"})
    assert Message.objects.filter(conversation__user=asker, sender=Sender.MEMBER).get().text == "Help me write an offer"


def test_htmx_reply_is_a_fragment_that_moves_the_composer_to_the_new_conversation(asker, client):
    client.force_login(asker)
    response = client.post("/ava/", {"message": "Which AI tool should I learn?"}, HTTP_HX_REQUEST="true")
    conversation = Conversation.objects.get(user=asker)
    html = response.content.decode()
    assert response["HX-Push-Url"] == conversation.get_absolute_url()
    assert "<html" not in html
    assert f'hx-post="{conversation.get_absolute_url()}"' in html and 'hx-swap-oob="true"' in html


def test_an_empty_message_is_refused_with_a_message(asker, client):
    client.force_login(asker)
    response = client.post("/ava/", {"message": "   "})
    assert response.status_code == 400
    assert "Type a message for Ava." in response.content.decode()
    assert not Conversation.objects.exists()


def test_someone_elses_conversation_does_not_exist_for_you(asker, client):
    conversation, reply = ask_ava(asker, "I need a co-founder")
    draft = services.conversation_draft(conversation=conversation, user=asker, kind="ask")
    snoop = UserFactory(username="snoop")
    client.force_login(snoop)
    base = conversation.get_absolute_url()
    assert client.get(base).status_code == 404
    assert client.post(base, {"message": "hi"}).status_code == 404
    assert client.post(f"{base}draft/", {"kind": "ask"}).status_code == 404
    assert client.post(f"{base}drafts/{draft.pk}/post/", {"title": "Mine now"}).status_code == 404
    assert client.post(f"{base}delete/").status_code == 404
    assert not Ask.objects.exists()
    assert conversation.messages.count() == 3
    assert conversation.title not in client.get("/ava/conversations/").content.decode()


def test_a_member_can_delete_their_conversation(asker, client):
    conversation, _ = ask_ava(asker, "I need a co-founder")
    client.force_login(asker)
    assert client.post(f"{conversation.get_absolute_url()}delete/").url == "/ava/conversations/"
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_visitors_are_sent_to_log_in(client):
    assert "/accounts/login/" in client.get("/ava/").url


def test_the_dashboard_panel_answers_in_place_and_keeps_its_conversation(asker, client):
    client.force_login(asker)
    assert 'id="ava-drawer"' in client.get("/home/").content.decode()
    first = client.post("/ava/panel/", {"message": "Find beta testers for my app"}, HTTP_HX_REQUEST="true")
    conversation = Conversation.objects.get(user=asker)
    assert f'id="ava-panel-conversation" value="{conversation.pk}" hx-swap-oob="true"' in first.content.decode()
    client.post("/ava/panel/", {"message": "and code review", "conversation": conversation.pk},
                HTTP_HX_REQUEST="true")
    assert Conversation.objects.filter(user=asker).count() == 1
    assert conversation.messages.count() == 4
    someone_else = services.conversation_start(user=UserFactory(), text="private")
    client.post("/ava/panel/", {"message": "sneaky", "conversation": someone_else.pk}, HTTP_HX_REQUEST="true")
    assert someone_else.messages.count() == 2  # a new conversation of the asker's was started instead


def test_conversation_list_and_page_cost_a_constant_number_of_queries(asker, client, django_assert_max_num_queries):
    client.force_login(asker)
    conversation, _ = ask_ava(asker, "I need help writing blog posts")
    with django_assert_max_num_queries(15) as small:
        client.get("/ava/conversations/")
    with django_assert_max_num_queries(15) as small_page:
        client.get(conversation.get_absolute_url())
    for n in range(25):
        services.conversation_reply(conversation=conversation, user=asker, text=f"and topic {n}")
        services.conversation_start(user=asker, text=f"Question {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/ava/conversations/")
    assert "page=2" in response.content.decode()
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        client.get(conversation.get_absolute_url())
