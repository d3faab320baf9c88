"""Curators edit tools in the Wagtail page editor; publishing there keeps the tool's Taxonomy row in sync."""
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tools_directory.factories import ToolPageFactory
from tools_directory.models import ToolPage

pytestmark = pytest.mark.django_db


def editor_form(page: ToolPage, **changes) -> dict:
    data = {
        "title": page.title, "slug": page.slug, "tagline": page.tagline, "website": page.website,
        "pricing": page.pricing, "status": page.status,
        "description": streamfield([("paragraph", rich_text("<p>A helpful assistant.</p>"))]),
        "best_for": streamfield([("use", "Long documents")]),
        "usage_tips": streamfield([("tip", "Use Projects.")]),
        "action-publish": "action-publish",
    }
    data.update(changes)
    # A multiple-choice field posts one value per choice, which nested_form_data would flatten.
    return {**nested_form_data(data), "categories": [c.pk for c in page.categories.all()]}


def test_a_curator_edits_and_publishes_a_tool_in_the_page_editor(client, staff_user, tools_index, categories):
    page = ToolPageFactory(title="Claude", slug="claude", categories=[categories["development"]])
    client.force_login(staff_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    html = form.content.decode()
    for label in ("Tool name", "Tagline", "Website", "Pricing", "Categories", "Best for", "Usage tips", "Status"):
        assert label in html
    assert 'name="taxonomy"' not in html  # maintained by the sync, never by hand

    response = client.post(edit_url, editor_form(page, title="Claude by Anthropic", website="https://claude.ai"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    taxonomy = ToolPage.objects.get(pk=page.pk).taxonomy
    assert (taxonomy.name, taxonomy.website_url) == ("Claude by Anthropic", "https://claude.ai")
    assert taxonomy.best_for == ["Long documents"]
    assert taxonomy.description == "A helpful assistant."


def test_the_editor_refuses_a_slug_taken_by_a_category(client, staff_user, tools_index, categories):
    page = ToolPageFactory(title="Claude", slug="claude", categories=[categories["development"]])
    client.force_login(staff_user)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]),
                           editor_form(page, slug="development"))
    assert response.status_code == 200
    assert "already used by offer category" in response.content.decode()
    assert ToolPage.objects.get(pk=page.pk).taxonomy.slug == "claude"


def test_tools_can_only_be_added_under_the_directory(tools_index):
    assert ToolPage.parent_page_types == ["tools_directory.ToolsIndexPage"]
    assert [m.__name__ for m in tools_index.specific_class.allowed_subpage_models()] == ["ToolPage"]
    assert "ToolsIndexPage" in [m.__name__ for m in tools_index.get_parent().specific_class.allowed_subpage_models()]


def test_the_admin_menu_opens_the_directory_in_the_explorer(client, staff_user, tools_index):
    client.force_login(staff_user)
    response = client.get(reverse("tools_directory_explorer"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[tools_index.pk])
    assert "Tools directory" in client.get(reverse("wagtailadmin_home")).content.decode()
