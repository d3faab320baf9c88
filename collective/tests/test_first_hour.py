"""First-hour fixes in the collective: starter tags exist and member forms set them; relative links in posts."""
import pytest
from django.core.management import call_command

from collective.models import Ask, Offer, Taxonomy
from collective.text_format import html_to_markdown, markdown_to_html

pytestmark = pytest.mark.django_db


def test_tags_are_seeded_once_and_a_member_tags_an_ask_and_an_offer(client, member):
    call_command("seed_offer_categories", verbosity=0)
    call_command("seed_offer_categories", verbosity=0)
    tags = Taxonomy.objects.filter(taxonomy_type__in=["skill", "topic"], is_active=True)
    assert tags.count() == 24
    python, agents = tags.get(slug="python"), tags.get(slug="ai-agents")
    client.force_login(member)
    page = client.get("/my/asks/new/").content.decode()
    assert "Tags" in page and "AI agents" in page
    response = client.post("/my/asks/new/", {"title": "Help with my agent", "ask_type": "advice",
                                             "description": "It loops forever.", "tags": [python.pk, agents.pk]})
    assert response.status_code == 302
    assert set(Ask.objects.get(title="Help with my agent").tags.all()) == {python, agents}
    response = client.post("/my/offers/new/", {"title": "Python pairing", "offer_type": "skill", "description": "An hour.",
                                               "pricing_type": "free", "status": "active", "tags": [python.pk]})
    assert response.status_code == 302
    assert list(Offer.objects.get(title="Python pairing").tags.all()) == [python]


def test_markdown_links_to_pages_of_the_site_become_links_but_protocol_relative_ones_do_not():
    html = markdown_to_html("See [Cursor](/discover/tools/cursor/) or [that](//evil.example.com/).")
    assert '<a href="/discover/tools/cursor/"' in html and html.count("<a ") == 1
    assert "[Cursor](/discover/tools/cursor/)" in html_to_markdown(html)
