"""What members type becomes sensible titles, types and categories (the scripted Ava's classifiers)."""
import pytest

from assistant import classify, services
from assistant.url_import import OfferProposal
from collective.choices import AskType, OfferType
from members.factories import UserFactory


@pytest.mark.parametrize("text, title", [
    ("I need help writing blog posts", "Help writing blog posts"),
    ("Can anyone help me with pricing my SaaS?", "Help with pricing my SaaS"),
    ("I'm looking for beta testers for my app", "Beta testers for my app"),
    ("Hi Ava! I want to learn Python", "Learn Python"),
    ("How do I price my course?", "How do I price my course?"),
])
def test_ask_titles_drop_the_filler(text, title):
    assert classify.ask_title_from(text) == title


@pytest.mark.parametrize("text, title", [
    ("I review landing pages for early-stage founders", "Review landing pages for early-stage founders"),
    ("I can help with SEO audits", "SEO audits"),
    ("MeetingMint — meeting notes that write themselves", "MeetingMint"),
    ("I am a designer", "I am a designer"),
])
def test_offer_titles_drop_the_filler(text, title):
    assert classify.offer_title_from(text) == title


@pytest.mark.parametrize("text, ask_type, category", [
    ("Looking for beta testers for my budgeting app", AskType.BETA_TESTER, "development"),
    ("Feedback on my landing page copy", AskType.FEEDBACK, "marketing-content"),
    ("I want to learn how to edit videos", AskType.LEARNING, "creative-design"),
    ("Looking for a co-founder", AskType.COLLABORATOR, "development"),
    ("Hiring a freelancer to set up our helpdesk chatbot", AskType.HIRE, "customer-support"),
    ("Something completely different", AskType.ADVICE, "other"),
])
def test_ask_type_and_category_are_guessed_from_the_text(text, ask_type, category):
    assert classify.ask_type_for(text) == ask_type
    assert classify.category_slug_for(text) == category


@pytest.mark.parametrize("text, offer_type", [
    ("A Notion template for content calendars", OfferType.TEMPLATE),
    ("My course on prompt writing", OfferType.COURSE),
    ("I mentor junior developers", OfferType.MENTORSHIP),
    ("Consulting on AI strategy", OfferType.SERVICE),
    ("I can do quick intros to investors", OfferType.SKILL),
])
def test_offer_type_is_guessed_from_the_text(text, offer_type):
    assert classify.offer_type_for(text) == offer_type


@pytest.mark.django_db
def test_an_odd_page_image_does_not_block_the_offer(categories):
    offer = services.offer_from_proposal(
        user=UserFactory(), proposal=OfferProposal(url="https://ok.example.com/", title="Tool", description="Does it.",
                                                   offer_type=OfferType.APP, image="https://cdn.example.com/a b.png"))
    assert offer.featured_image_url == "" and offer.external_url == "https://ok.example.com/"


@pytest.mark.parametrize("text, title, ask_type", [
    ("I need a logo designer", "Looking for a logo designer", AskType.HIRE),
    ("I'm looking for a logo designer for my bakery", "Looking for a logo designer for my bakery", AskType.HIRE),
    ("Looking for someone to build a Shopify store", "Looking for someone to build a Shopify store", AskType.HIRE),
])
def test_a_hiring_request_reads_like_an_ask_and_is_typed_hiring(text, title, ask_type):
    assert classify.ask_title_from(text) == title
    assert classify.ask_type_for(text) == ask_type


def test_short_drafts_get_a_closing_line_for_their_type_and_long_ones_stay_as_written():
    short = classify.description_from("I need a logo designer", closer=classify.ASK_CLOSERS[AskType.HIRE])
    assert short.startswith("I need a logo designer. ") and "what you'd charge" in short
    long_text = "I run a bakery in Leeds and we are rebranding this spring. " * 4
    assert classify.description_from(long_text, closer=classify.ASK_CLOSERS[AskType.HIRE]) == long_text.strip()
