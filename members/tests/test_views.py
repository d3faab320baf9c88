"""Profile storefront and offer/ask detail pages."""
import pytest

from collective.factories import AskFactory, OfferFactory
from members.factories import AgentProfileFactory

pytestmark = pytest.mark.django_db


def test_profile_groups_offers_into_storefront_sections(client, member):
    OfferFactory(user=member, title="MeetingBot", offer_type="app")
    OfferFactory(user=member, title="1:1 AI strategy", offer_type="service", pricing_type="hourly", price_cents=20000)
    OfferFactory(user=member, title="Hidden draft", status="draft")
    AskFactory(user=member, title="Technical co-founder wanted")
    html = client.get("/@ada/").content.decode()
    assert "Things I&#x27;m Working On" in html or "Things I'm Working On" in html
    assert "Work With Me" in html
    assert "Things I Love" not in html  # empty subsections are hidden
    assert "MeetingBot" in html and "$200/hr" in html
    assert "Hidden draft" not in html
    assert "Technical co-founder wanted" in html


def test_profile_url_is_case_insensitive_and_unknown_member_is_404(client, member):
    assert client.get("/@ADA/").status_code == 200
    assert client.get("/@nobody-here/").status_code == 404


def test_courses_by_an_owned_agent_show_under_learn_from_me(client, member):
    profile = AgentProfileFactory(owner=member, user__username="sage-bot", user__display_name="Sage")
    OfferFactory(user=profile.user, title="AI Foundations", offer_type="course")
    html = client.get("/@ada/").content.decode()
    assert "Learn From Me" in html and "AI Foundations" in html


def test_draft_offer_is_visible_to_its_owner_only(client, member, other_member):
    offer = OfferFactory(user=member, title="Work in progress", status="draft")
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(offer.get_absolute_url()).status_code == 200


def test_offer_detail_renders_content_blocks_and_tool_badges(client, member):
    from collective.factories import ToolTaxonomyFactory

    claude = ToolTaxonomyFactory(name="Claude", slug="claude")
    offer = OfferFactory(user=member, title="Prompt pack", offer_type="template", tools=[claude],
                         content=[{"type": "rich_text", "value": "<p>Hello <script>alert(1)</script><b>world</b></p>"},
                                  {"type": "faq", "value": {"heading": "Questions",
                                                            "items": [{"question": "Is it free?", "answer": "Yes"}]}}])
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Built with <strong>Claude</strong>" in html and "/discover/tools/claude/" in html
    assert "<b>world</b>" in html and "<script>alert(1)</script>" not in html
    assert "Is it free?" in html
