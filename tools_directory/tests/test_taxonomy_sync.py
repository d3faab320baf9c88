"""The tool page is the single source of truth: its Taxonomy row follows publish, unpublish, retire and delete."""
import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision
from wagtail_factories import ImageFactory

from collective.choices import TaxonomyType
from collective.factories import OfferFactory, ToolTaxonomyFactory
from collective.models import Taxonomy
from tools_directory.choices import ToolStatus
from tools_directory.factories import ToolPageFactory
from tools_directory.models import ToolPage

pytestmark = pytest.mark.django_db


def test_publishing_a_tool_creates_its_taxonomy_row(tools_index, categories):
    page = ToolPageFactory(title="Claude", slug="claude", website="https://claude.ai",
                           categories=[categories["development"]],
                           best_for=[("use", "Long documents")], usage_tips=[("tip", "Use Projects.")])
    taxonomy = page.taxonomy
    assert taxonomy.taxonomy_type == TaxonomyType.TOOL
    assert (taxonomy.name, taxonomy.slug, taxonomy.website_url) == ("Claude", "claude", "https://claude.ai")
    assert taxonomy.description == "Claude is an AI tool for testing."
    assert taxonomy.best_for == ["Long documents"]
    assert taxonomy.usage_tips == ["Use Projects."]
    assert taxonomy.is_active is True
    assert taxonomy.logo_url is None
    assert taxonomy.get_absolute_url() == page.url == "/discover/tools/claude/"


def test_a_draft_tool_has_no_taxonomy_until_published(tools_index):
    page = ToolPageFactory(title="Draft tool", publish=False)
    assert page.taxonomy is None
    assert not Taxonomy.objects.filter(slug="draft-tool").exists()
    page.get_latest_revision().publish()
    assert ToolPage.objects.get(pk=page.pk).taxonomy.is_active


def test_publishing_an_edit_updates_the_row_but_a_saved_draft_does_not(tools_index):
    page = ToolPageFactory(title="Cursor", slug="cursor")
    taxonomy_id = page.taxonomy_id

    page.title = "Cursor IDE"
    page.website = "https://cursor.com"
    page.save_revision()  # draft only
    taxonomy = Taxonomy.objects.get(pk=taxonomy_id)
    assert (taxonomy.name, taxonomy.website_url) == ("Cursor", "https://cursor.example.com")

    page.slug = "cursor-ide"
    page.save_revision().publish()
    taxonomy.refresh_from_db()
    assert (taxonomy.name, taxonomy.slug, taxonomy.website_url) == ("Cursor IDE", "cursor-ide", "https://cursor.com")
    assert Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).count() == 1


def test_republishing_an_old_revision_keeps_the_taxonomy_link(tools_index):
    page = ToolPageFactory(title="Notion AI", slug="notion-ai", publish=False)
    first_revision = page.get_latest_revision()  # saved before any taxonomy existed
    first_revision.publish()
    page = ToolPage.objects.get(pk=page.pk)
    taxonomy_id = page.taxonomy_id
    page.slug = "notion"
    page.save_revision().publish()

    Revision.objects.get(pk=first_revision.pk).publish()  # a curator rolls back to the first version

    page = ToolPage.objects.get(pk=page.pk)
    assert page.taxonomy_id == taxonomy_id
    assert page.taxonomy.slug == "notion-ai"
    assert Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).count() == 1


def test_unpublishing_deactivates_the_row_and_republishing_restores_it(tools_index):
    page = ToolPageFactory(title="Midjourney")
    page.unpublish()
    assert Taxonomy.objects.get(pk=page.taxonomy_id).is_active is False
    page.save_revision().publish()
    assert Taxonomy.objects.get(pk=page.taxonomy_id).is_active is True


def test_retiring_a_tool_deactivates_its_row(tools_index):
    page = ToolPageFactory(title="Old tool")
    page.status = ToolStatus.RETIRED
    page.save_revision().publish()
    assert Taxonomy.objects.get(pk=page.taxonomy_id).is_active is False


def test_deleting_a_tool_keeps_offers_linked_to_an_inactive_row(tools_index):
    page = ToolPageFactory(title="Jasper")
    offer = OfferFactory(tools=[page.taxonomy])
    taxonomy_id = page.taxonomy_id
    page.delete()
    taxonomy = Taxonomy.objects.get(pk=taxonomy_id)
    assert taxonomy.is_active is False
    assert list(offer.tools.all()) == [taxonomy]


def test_publishing_adopts_an_existing_tool_row_with_the_same_slug(tools_index):
    seeded = ToolTaxonomyFactory(name="Claude", slug="claude", website_url="https://old.example.com")
    offer = OfferFactory(tools=[seeded])
    page = ToolPageFactory(title="Claude", slug="claude", website="https://claude.ai")
    assert page.taxonomy_id == seeded.pk
    seeded.refresh_from_db()
    assert seeded.website_url == "https://claude.ai"
    assert list(offer.tools.all()) == [seeded]
    assert Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).count() == 1


def test_copying_a_tool_page_gives_the_copy_its_own_row(tools_index):
    page = ToolPageFactory(title="Zapier", slug="zapier")
    copy = page.copy(update_attrs={"title": "Zapier Central", "slug": "zapier-central"}, keep_live=True)
    copy = ToolPage.objects.get(pk=copy.pk)
    assert copy.taxonomy_id not in (None, page.taxonomy_id)
    assert copy.taxonomy.slug == "zapier-central"


@pytest.mark.parametrize("slug", ["development", "taken-by-tool"])
def test_a_slug_used_by_another_taxonomy_or_tool_is_refused(tools_index, slug):
    ToolPageFactory(title="Taken", slug="taken-by-tool")
    page = ToolPage(title="New tool", slug=slug, tagline="x", website="https://example.com",
                    description=[{"type": "paragraph", "value": "<p>x</p>"}])
    with pytest.raises(ValidationError) as error:
        tools_index.add_child(instance=page)
    assert "slug" in error.value.message_dict


def test_a_logo_is_synced_as_an_absolute_rendition_url(tools_index, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://allthrive.example"
    page = ToolPageFactory(title="Runway", logo=ImageFactory())
    assert page.taxonomy.logo_url.startswith("https://allthrive.example/")
    assert ".fill-160x160" in page.taxonomy.logo_url
