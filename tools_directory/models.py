"""The curated AI tools directory: an index page at /discover/tools/ and one page per tool.

Each ToolPage is the single source of truth for a tool. Offers and asks link to tools through
`collective.Taxonomy` rows (taxonomy_type="tool"); `services.tool_taxonomy_sync` mirrors the page's
live content onto its row whenever the page is published, unpublished or deleted (see signals.py).
"""
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from collective.choices import TaxonomyType
from collective.models import CATEGORY_CHOICES, Taxonomy
from core.brand_logos import brand_logo_url

from .blocks import BestForBlock, ToolDescriptionBlock, UsageTipsBlock
from .choices import ToolPricing, ToolStatus

TOOL_NAME_MAX_LENGTH = Taxonomy._meta.get_field("name").max_length
TOOL_SLUG_MAX_LENGTH = Taxonomy._meta.get_field("slug").max_length
LOGO_SPEC = "fill-160x160"
TOOLS_PER_PAGE = 24
SECTION_PER_PAGE = 6


@dataclass(frozen=True)
class ToolCard:
    """What components/tool_card.html shows for one tool."""

    name: str
    tagline: str
    url: str
    logo_url: str
    pricing: str
    pricing_label: str
    categories: list[str]
    offers_count: int

    def get_pricing_display(self) -> str:
        return self.pricing_label


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ToolsIndexPage(Page):
    """The directory at /discover/tools/: search, filter by category and pricing, sort."""

    intro = models.TextField(
        max_length=400, blank=True,
        default="Curated AI tools our community builds with, teaches and asks about. "
                "Find the right one, then find the people who know it.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.DiscoverPage"]
    subpage_types = ["tools_directory.ToolPage"]
    max_count = 1

    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = "tools directory"

    def get_context(self, request, *args, **kwargs):
        from .forms import ToolFilterForm
        from .selectors import categories_with_tool_counts, listed_tools, tools_for_index

        context = super().get_context(request, *args, **kwargs)
        form = ToolFilterForm(request.GET or None, categories=categories_with_tool_counts())
        filters = form.cleaned_filters()
        tools = tools_for_index(index_page=self, **filters)
        page_obj = Paginator(tools, TOOLS_PER_PAGE).get_page(request.GET.get("page"))
        context.update({
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "tools": [tool.card(request) for tool in page_obj.object_list],
            "is_filtered": bool(filters["q"] or filters["category"] or filters["pricing"]),
            "tools_total": listed_tools(self).count(),
        })
        return context

    def get_template(self, request, *args, **kwargs):
        # htmx (the filter form, or boosted pagination links) swaps only the results region.
        htmx = getattr(request, "htmx", None)
        if htmx and htmx.target == "tool-results":
            return "tools_directory/partials/tool_results.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response


class ToolPage(Page):
    """One curated AI tool: what it is, what it's best for, and who in the community uses it."""

    tagline = models.CharField(max_length=255, help_text="One line: what the tool does.")
    description = StreamField(ToolDescriptionBlock(), help_text="What the tool is, in a few short paragraphs.")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text="Square works best (at least 160×160).")
    website = models.URLField(help_text="The tool's official website.")
    pricing = models.CharField(max_length=20, choices=ToolPricing.choices, default=ToolPricing.FREEMIUM)
    categories = ParentalManyToManyField(Taxonomy, limit_choices_to=CATEGORY_CHOICES, related_name="tools_in_category",
                                         help_text="The offer categories this tool helps with.")
    best_for = StreamField(BestForBlock(), blank=True, help_text="Short use cases, one per item.")
    usage_tips = StreamField(UsageTipsBlock(), blank=True, help_text="Practical tips, one per item.")
    status = models.CharField(max_length=20, choices=ToolStatus.choices, default=ToolStatus.ACTIVE,
                              help_text="Retired tools keep their page but leave the directory and pickers.")
    # The Taxonomy row offers and asks point at; maintained by services.tool_taxonomy_sync, never by hand.
    taxonomy = models.OneToOneField(Taxonomy, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
                                    related_name="tool_page")

    content_panels = [
        MultiFieldPanel([TitleFieldPanel("title", heading="Tool name"), FieldPanel("tagline"), FieldPanel("logo")],
                        heading="Tool"),
        MultiFieldPanel([
            FieldPanel("website"),
            FieldRowPanel([FieldPanel("pricing"), FieldPanel("status")]),
            FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        ], heading="Facts"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("best_for"), FieldPanel("usage_tips")], heading="Best uses and tips"),
    ]
    parent_page_types = ["tools_directory.ToolsIndexPage"]
    subpage_types: list[str] = []
    # A copy is a different tool: it must get its own Taxonomy row when published.
    exclude_fields_in_copy = ["taxonomy"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("tagline", boost=2),
        index.SearchField("description"),
        index.FilterField("pricing"),
        index.FilterField("status"),
    ]

    api_fields = [
        APIField("name", serializer=serializers.CharField(source="title", read_only=True)),
        APIField("tagline"),
        APIField("description"),
        APIField("logo", serializer=ImageRenditionField(LOGO_SPEC, read_only=True)),
        APIField("website"),
        APIField("pricing"),
        APIField("categories", serializer=CategorySerializer(many=True, read_only=True)),
        APIField("best_for", serializer=serializers.ListField(child=serializers.CharField(), source="best_for_list",
                                                               read_only=True)),
        APIField("usage_tips", serializer=serializers.ListField(child=serializers.CharField(),
                                                                 source="usage_tips_list", read_only=True)),
        APIField("status"),
    ]

    class Meta:
        verbose_name = "tool"

    def __str__(self) -> str:
        return self.title

    @property
    def best_for_list(self) -> list[str]:
        return [str(block.value) for block in self.best_for]

    @property
    def usage_tips_list(self) -> list[str]:
        return [str(block.value) for block in self.usage_tips]

    @property
    def plain_description(self) -> str:
        """The description's text without markup, for the taxonomy row and meta descriptions."""
        parts = [strip_tags(str(block.value.source)) for block in self.description if block.block_type == "paragraph"]
        return "\n\n".join(part.strip() for part in parts if part.strip())

    @property
    def logo_url(self) -> str:
        """The curator's uploaded logo, else the vendored brand logo, else '' (the letter tile)."""
        if self.logo_id:
            try:
                return self.logo.get_rendition(LOGO_SPEC).url
            except OSError:  # SourceImageIOError: fall back to the brand logo or the monogram.
                pass
        return brand_logo_url(self.slug)

    def card(self, request=None) -> ToolCard:
        """The tool as a card; expects `tools_for_cards` prefetching (logo, categories, offer_count)."""
        return ToolCard(
            name=self.title, tagline=self.tagline, url=self.get_url(request), logo_url=self.logo_url,
            pricing=self.pricing, pricing_label=self.get_pricing_display(),
            categories=[category.name for category in self.categories.all()],
            offers_count=getattr(self, "offer_count", 0),
        )

    @property
    def is_retired(self) -> bool:
        return self.status == ToolStatus.RETIRED

    def clean(self) -> None:
        super().clean()
        errors = {}
        if len(self.title or "") > TOOL_NAME_MAX_LENGTH:
            errors["title"] = f"Keep the tool name to {TOOL_NAME_MAX_LENGTH} characters."
        if len(self.slug or "") > TOOL_SLUG_MAX_LENGTH:
            errors["slug"] = f"Keep the slug to {TOOL_SLUG_MAX_LENGTH} characters."
        elif self.slug:
            # The tool's Taxonomy row takes the same slug, and taxonomy slugs are unique across every type.
            clash = Taxonomy.objects.filter(slug=self.slug).exclude(pk=self.taxonomy_id).first()
            if clash is not None and (clash.taxonomy_type != TaxonomyType.TOOL
                                      or ToolPage.objects.filter(taxonomy=clash).exclude(pk=self.pk).exists()):
                errors["slug"] = f"“{self.slug}” is already used by {clash.get_taxonomy_type_display().lower()} " \
                                 f"“{clash.name}”. Choose another slug."
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # Revisions store `taxonomy` as it was when they were saved; publishing one must keep the current link.
        obj = super().with_content_json(content)
        obj.taxonomy_id = self.taxonomy_id
        return obj

    def get_context(self, request, *args, **kwargs):
        from .selectors import tool_asks, tool_experts, tool_offers

        context = super().get_context(request, *args, **kwargs)
        sections = {
            "offers": (tool_offers(self), "offers_page"),
            "asks": (tool_asks(self), "asks_page"),
            "experts": (tool_experts(self), "experts_page"),
        }
        for name, (queryset, param) in sections.items():
            page_obj = Paginator(queryset, SECTION_PER_PAGE).get_page(request.GET.get(param))
            page_obj.page_param = param
            context[f"{name}_page"] = page_obj
        context["directory_url"] = self.get_parent().get_url(request)
        counts = {name: context[f"{name}_page"].paginator.count for name in sections}
        context["community_stats"] = [
            {"icon": "rocket", "count": counts["offers"], "href": "#offers",
             "label": "offer" if counts["offers"] == 1 else "offers"},
            {"icon": "hand-heart", "count": counts["asks"], "href": "#asks",
             "label": "open ask" if counts["asks"] == 1 else "open asks"},
            {"icon": "users", "count": counts["experts"], "href": "#experts",
             "label": "expert" if counts["experts"] == 1 else "experts"},
        ]
        return context
