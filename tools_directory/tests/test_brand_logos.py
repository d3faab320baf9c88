"""Real logos: the curator's upload first, else the vendored simple-icons brand logo, else the letter tile."""
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from collective.choices import TaxonomyType
from collective.models import Taxonomy
from core.brand_logos import brand_logo_url

LOGOS = Path(settings.BASE_DIR) / "static" / "tool-logos"


def curated_slugs() -> list[str]:
    data = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "tools.yaml").read_text())
    return [tool["slug"] for tool in data["tools"]]


def test_every_vendored_logo_belongs_to_a_curated_tool_and_resolves():
    slugs = set(curated_slugs())
    vendored = {path.stem for path in LOGOS.glob("*.svg")}
    assert len(vendored) >= 25
    assert vendored <= slugs
    for slug in vendored:
        assert brand_logo_url(slug) == f"{settings.STATIC_URL}tool-logos/{slug}.svg"
        svg = (LOGOS / f"{slug}.svg").read_text()
        assert svg.startswith("<svg") and 'fill="#' in svg and "<script" not in svg


def test_a_tool_without_a_logo_gets_the_letter_tile():
    assert brand_logo_url("chatgpt") == ""  # simple-icons carries no OpenAI marks
    assert brand_logo_url("../settings") == ""
    assert brand_logo_url(None) == ""


@pytest.mark.django_db
def test_tool_badges_use_the_uploaded_logo_before_the_brand_logo():
    claude = Taxonomy.objects.create(taxonomy_type=TaxonomyType.TOOL, name="Claude", slug="claude")
    assert claude.logo_src.endswith("tool-logos/claude.svg")
    claude.logo_url = "https://cdn.example.com/claude.png"
    assert claude.logo_src == "https://cdn.example.com/claude.png"
    tag = Taxonomy.objects.create(taxonomy_type=TaxonomyType.SKILL, name="Claude fans", slug="claude-fans")
    assert tag.logo_src == ""


@pytest.mark.django_db
def test_tool_cards_and_pages_show_the_brand_logo(client, tools_index):
    from tools_directory.factories import ToolPageFactory

    page = ToolPageFactory(title="Claude", slug="claude")
    assert page.logo_url.endswith("tool-logos/claude.svg")
    html = client.get(page.url).content.decode()
    assert 'src="/static/tool-logos/claude.svg"' in html
    other = ToolPageFactory(title="Chat Thing", slug="chat-thing")
    assert other.logo_url == ""
