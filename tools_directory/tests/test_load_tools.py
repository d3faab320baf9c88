"""`manage.py load_tools`: validates the whole file first, loads in one transaction, and is idempotent."""
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page

from collective.choices import TaxonomyType
from collective.factories import OfferFactory, ToolTaxonomyFactory
from collective.models import Taxonomy
from home.models import DiscoverPage
from tools_directory import services
from tools_directory.models import ToolPage, ToolsIndexPage

pytestmark = pytest.mark.django_db


def tool_entry(name: str, slug: str, **overrides) -> dict:
    entry = {
        "name": name, "slug": slug, "tagline": f"{name} does useful things", "website": f"https://{slug}.example.com",
        "pricing": "freemium", "categories": ["development", "other"], "best_for": ["Writing code"],
        "usage_tips": ["Be specific."], "description": f"{name} is a tool.\n\nIt has two paragraphs.",
    }
    entry.update(overrides)
    return entry


def write_fixture(tmp_path: Path, tools, name: str = "tools.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"tools": tools} if isinstance(tools, list) else tools, sort_keys=False))
    return path


def load(path: Path, *args) -> str:
    out = StringIO()
    call_command("load_tools", str(path), *args, stdout=out)
    return out.getvalue()


def tree_snapshot() -> list[tuple]:
    return [
        (p.path, p.slug, p.title, p.live, p.tagline, p.website, p.pricing, p.best_for_list, p.usage_tips_list,
         sorted(c.slug for c in p.categories.all()), p.taxonomy_id)
        for p in ToolPage.objects.order_by("path")
    ]


@pytest.fixture
def three_tools(tmp_path):
    return write_fixture(tmp_path, [tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor"),
                                    tool_entry("Midjourney", "midjourney", pricing="paid",
                                               categories=["creative-design"])])


def test_loading_creates_published_pages_under_discover_tools(tools_index, three_tools):
    output = load(three_tools)
    assert "Tools: 3 created, 0 updated, 0 skipped" in output
    index = ToolsIndexPage.objects.get()
    assert index.url == "/discover/tools/"
    assert [p.url for p in ToolPage.objects.live().child_of(index).order_by("title")] == [
        "/discover/tools/claude/", "/discover/tools/cursor/", "/discover/tools/midjourney/"]
    claude = ToolPage.objects.get(slug="claude")
    assert claude.live and claude.live_revision_id and not claude.has_unpublished_changes
    assert [b.block_type for b in claude.description] == ["paragraph", "paragraph"]
    assert Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL, is_active=True).count() == 3


def test_loading_twice_gives_the_same_tree(tools_index, three_tools):
    load(three_tools)
    before = tree_snapshot()
    revisions_before = ToolPage.objects.get(slug="claude").revisions.count()
    output = load(three_tools)
    assert "Tools: 0 created, 0 updated, 3 skipped (3 unchanged)" in output
    assert tree_snapshot() == before
    assert ToolPage.objects.get(slug="claude").revisions.count() == revisions_before
    assert Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).count() == 3


def test_a_changed_entry_updates_its_page_and_taxonomy(tools_index, tmp_path, three_tools):
    load(three_tools)
    changed = write_fixture(tmp_path, [tool_entry("Claude", "claude", tagline="Anthropic's assistant",
                                                  website="https://claude.ai"),
                                       tool_entry("Cursor", "cursor"), tool_entry("Midjourney", "midjourney",
                                       pricing="paid", categories=["creative-design"])], "changed.yaml")
    output = load(changed)
    assert "Tools: 0 created, 1 updated, 2 skipped" in output
    claude = ToolPage.objects.get(slug="claude")
    assert claude.tagline == "Anthropic's assistant"
    assert claude.taxonomy.website_url == "https://claude.ai"


def test_the_shipped_fixture_loads_and_reloads_cleanly(tools_index):
    fixture = Path(settings.BASE_DIR) / "fixtures" / "tools.yaml"
    first = load(fixture)
    count = ToolPage.objects.live().count()
    assert count >= 60
    assert f"Tools: {count} created" in first
    assert "/75 tools processed" in first
    # Every offer category has tools.
    assert set(Taxonomy.objects.filter(tools_in_category__isnull=False).values_list("slug", flat=True)) == {
        "marketing-content", "sales-outreach", "customer-support", "operations", "creative-design", "development",
        "learning-education", "other"}
    second = load(fixture)
    assert f"Tools: 0 created, 0 updated, {count} skipped" in second


def test_progress_is_reported_per_tool_at_higher_verbosity(tools_index, three_tools):
    out = StringIO()
    call_command("load_tools", str(three_tools), verbosity=2, stdout=out)
    assert "[1/3] claude: created" in out.getvalue()
    assert "[3/3] midjourney: created" in out.getvalue()


def test_an_existing_tool_taxonomy_is_adopted_not_duplicated(tools_index, three_tools):
    seeded = ToolTaxonomyFactory(name="Claude", slug="claude")
    offer = OfferFactory(tools=[seeded])
    load(three_tools)
    page = ToolPage.objects.get(slug="claude")
    assert page.taxonomy_id == seeded.pk
    assert Taxonomy.objects.filter(slug__startswith="claude").count() == 1
    assert list(offer.tools.values_list("pk", flat=True)) == [seeded.pk]


def test_pages_edited_by_a_curator_are_kept_unless_overwrite(tools_index, tmp_path, three_tools, staff_user):
    load(three_tools)
    claude = ToolPage.objects.get(slug="claude")
    claude.tagline = "Curated by a human"
    claude.save_revision(user=staff_user).publish(user=staff_user)
    ToolPage.objects.get(slug="cursor").unpublish(user=staff_user)

    output = load(three_tools)
    assert "Tools: 0 created, 0 updated, 3 skipped (1 unchanged, 2 edited or unpublished by curators)" in output
    assert "Kept curator changes to: claude, cursor" in output
    assert ToolPage.objects.get(slug="claude").tagline == "Curated by a human"
    assert not ToolPage.objects.get(slug="cursor").live

    output = load(three_tools, "--overwrite")
    assert "2 updated" in output
    assert ToolPage.objects.get(slug="claude").tagline == "Claude does useful things"
    assert ToolPage.objects.get(slug="cursor").live


@pytest.mark.parametrize(("tools", "expected"), [
    ([tool_entry("Claude", "claude"), {k: v for k, v in tool_entry("Cursor", "cursor").items() if k != "tagline"}],
     "entry 2 (Cursor): tagline: is missing"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor", pricing="cheap")],
     "entry 2 (Cursor): pricing: 'cheap' is not one of free, freemium, paid, open_source"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor", categories=["development", "robots"])],
     "entry 2 (Cursor): categories: unknown category 'robots'"),
    ([tool_entry("Claude", "claude"), tool_entry("Claude Code", "claude")],
     "entry 2 (Claude Code): slug: 'claude' is already used by entry 1"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "Cursor IDE")],
     "entry 2 (Cursor): slug: 'Cursor IDE' is not a slug"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor", website="cursor.com")],
     "entry 2 (Cursor): website: 'cursor.com' is not an http(s) URL"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor", best_for="Writing code")],
     "entry 2 (Cursor): best_for: must be a list of strings"),
    ([tool_entry("Claude", "claude"), tool_entry("Cursor", "cursor", pricng="paid")],
     "entry 2 (Cursor): pricng: unknown field"),
    ([tool_entry("Claude", "claude"), tool_entry("Development", "development")],
     "entry 2 (Development): slug: 'development' is already a offer_category taxonomy slug"),
    ([tool_entry("Claude", "claude"), "Cursor"], "entry 2: entry: must be a mapping"),
    ({"tools": {"claude": tool_entry("Claude", "claude")}}, "top-level `tools:` list"),
    ([], None),
])
def test_an_invalid_file_is_refused_with_the_entry_and_field_and_nothing_changes(
        tools_index, tmp_path, three_tools, tools, expected):
    load(three_tools)
    before = tree_snapshot()
    taxonomy_before = sorted(Taxonomy.objects.values_list("pk", "slug", "name", "is_active"))
    path = write_fixture(tmp_path, tools, "invalid.yaml")
    if expected is None:  # an empty list is valid: nothing to do, nothing removed
        assert "Tools: 0 created, 0 updated, 0 skipped" in load(path)
    else:
        with pytest.raises(CommandError) as error:
            load(path)
        assert expected in str(error.value)
        assert "nothing was loaded" in str(error.value) or "tools:" in str(error.value)
    assert tree_snapshot() == before
    assert sorted(Taxonomy.objects.values_list("pk", "slug", "name", "is_active")) == taxonomy_before


def test_every_problem_is_listed_at_once(tools_index, tmp_path):
    cursor = tool_entry("Cursor", "cursor")
    del cursor["slug"]
    path = write_fixture(tmp_path, [tool_entry("Claude", "claude", pricing="x"), cursor])
    with pytest.raises(CommandError) as error:
        load(path)
    message = str(error.value)
    assert "2 problems" in message
    assert "entry 1 (Claude): pricing" in message and "entry 2 (Cursor): slug: is missing" in message


def test_broken_yaml_and_missing_file_are_clear_errors(tools_index, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("tools:\n  - name: Claude\n   slug: claude\n")
    with pytest.raises(CommandError, match=r"is not valid YAML at line 3"):
        load(broken)
    with pytest.raises(CommandError, match=r"Can't read .*missing.yaml"):
        load(tmp_path / "missing.yaml")


def test_a_failure_while_loading_rolls_back_every_page(tools_index, three_tools, monkeypatch):
    real_apply = services._apply
    calls = []

    def apply_then_fail(page, spec, categories):
        calls.append(spec.slug)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        real_apply(page, spec, categories)

    monkeypatch.setattr(services, "_apply", apply_then_fail)
    pages_before = Page.objects.count()
    with pytest.raises(RuntimeError):
        load(three_tools)
    assert calls == ["claude", "cursor", "midjourney"]
    assert Page.objects.count() == pages_before
    assert not Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).exists()


def test_the_directory_page_is_created_under_discover_when_missing(tools_index, three_tools):
    ToolsIndexPage.objects.all().delete()
    load(three_tools)
    index = ToolsIndexPage.objects.get()
    assert index.get_parent().specific_class is DiscoverPage
    assert index.live


def test_without_a_discover_page_the_command_says_what_to_run(db, three_tools):
    with pytest.raises(CommandError, match="run `manage.py seed_pages` first"):
        load(three_tools)
    assert not ToolPage.objects.exists()
