"""Wagtail API v2 at /api/cms/v2/: tool pages for headless clients, never unpublished ones."""
import pytest

from tools_directory.choices import ToolPricing
from tools_directory.factories import ToolPageFactory

pytestmark = pytest.mark.django_db

TOOLS = "/api/cms/v2/pages/?type=tools_directory.ToolPage&fields=*"


def test_tool_pages_expose_their_fields(client, tools_index, categories):
    tool = ToolPageFactory(title="Claude", slug="claude", website="https://claude.ai", pricing=ToolPricing.FREEMIUM,
                           categories=[categories["development"]],
                           best_for=[("use", "Long documents")], usage_tips=[("tip", "Use Projects.")])
    response = client.get(TOOLS)
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == tool.pk
    assert item["meta"]["html_url"].endswith("/discover/tools/claude/")
    assert item["name"] == "Claude"
    assert item["tagline"] == tool.tagline
    assert item["description"][0]["type"] == "paragraph"
    assert item["website"] == "https://claude.ai"
    assert item["pricing"] == "freemium"
    assert item["categories"] == [{"slug": "development", "name": "Development & Technical"}]
    assert item["best_for"] == ["Long documents"]
    assert item["usage_tips"] == ["Use Projects."]
    assert item["status"] == "active"
    assert item["logo"] is None


def test_the_logo_is_a_rendition(client, tools_index):
    from wagtail_factories import ImageFactory

    ToolPageFactory(title="Runway", logo=ImageFactory())
    [item] = client.get(TOOLS).json()["items"]
    assert ".fill-160x160" in item["logo"]["url"]
    assert item["logo"]["width"] == item["logo"]["height"]  # square crop


def test_filtering_tools_by_pricing(client, tools_index):
    ToolPageFactory(title="Ollama", pricing=ToolPricing.OPEN_SOURCE)
    ToolPageFactory(title="Midjourney", pricing=ToolPricing.PAID)
    items = client.get(TOOLS + "&pricing=paid").json()["items"]
    assert [item["name"] for item in items] == ["Midjourney"]


def test_unpublished_tools_are_not_in_the_api(client, tools_index):
    kept = ToolPageFactory(title="Kept")
    gone = ToolPageFactory(title="Gone")
    draft = ToolPageFactory(title="Draft", publish=False)
    gone.unpublish()
    items = client.get(TOOLS).json()["items"]
    assert [item["name"] for item in items] == ["Kept"]
    assert client.get(f"/api/cms/v2/pages/{gone.pk}/").status_code == 404
    assert client.get(f"/api/cms/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/cms/v2/pages/{kept.pk}/").status_code == 200


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_three_endpoints_answer(client, tools_index, endpoint):
    assert client.get(f"/api/cms/v2/{endpoint}/").status_code == 200
