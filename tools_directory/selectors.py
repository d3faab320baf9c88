"""Read queries for the tools directory. Each returns a queryset with its relations prefetched."""
from django.core.cache import cache
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from wagtail.images import get_image_model

from collective.choices import OfferStatus, TaxonomyType
from collective.models import Ask, Offer, Taxonomy
from collective.selectors import (
    asks_for_cards,
    asks_open,
    content_version,
    offers_for_cards,
    offers_public,
)
from members.models import User
from members.selectors import members_visible_to

from .choices import ToolSort, ToolStatus
from .models import LOGO_SPEC, ToolPage, ToolsIndexPage

LISTED = Q(live=True, status=ToolStatus.ACTIVE)


def _public_offers_using(taxonomy_id: int | None) -> QuerySet[Offer]:
    return offers_public().filter(tools=taxonomy_id) if taxonomy_id else Offer.objects.none()


def listed_tools(index_page: ToolsIndexPage | None = None) -> QuerySet[ToolPage]:
    """Tools anyone may find in the directory: published, not view-restricted, not retired."""
    tools = ToolPage.objects.live().public().filter(status=ToolStatus.ACTIVE)
    return tools.child_of(index_page) if index_page is not None else tools


TOOL_COUNTS_SECONDS = 300


def public_offer_counts() -> dict[int, int]:
    """How many public offers use each tool (taxonomy id → count): one GROUP BY over the tool links, cached
    for every viewer until an offer or its tools change (collective's content version) or for 5 minutes."""
    key = f"tools:public-offer-counts:{content_version()}"
    counts = cache.get(key)
    if counts is None:
        links = Offer.tools.through.objects.filter(offer__status__in=[OfferStatus.ACTIVE, OfferStatus.PAUSED],
                                                   offer__is_archived=False)
        counts = dict(links.order_by().values_list("taxonomy_id").annotate(n=Count("offer_id")))
        cache.set(key, counts, TOOL_COUNTS_SECONDS)
    return counts


def tools_for_cards(queryset: QuerySet[ToolPage]) -> QuerySet[ToolPage]:
    """Tools with what a tool card shows (logo rendition, categories, offer count) in constant queries."""
    counts = public_offer_counts()
    # A CASE over integers from the cached counts (RawSQL: 75 When() objects cost ~30 ms to build per query).
    column = f'"{ToolPage._meta.db_table}"."taxonomy_id"'
    whens = " ".join(f"WHEN {int(pk)} THEN {int(n)}" for pk, n in counts.items())
    offer_count = RawSQL(f"CASE {column} {whens} ELSE 0 END" if whens else "0", [],  # noqa: S611 - integers only
                         output_field=IntegerField())
    return queryset.annotate(offer_count=offer_count).select_related("taxonomy").prefetch_related(
        Prefetch("logo", queryset=get_image_model().objects.prefetch_renditions(LOGO_SPEC)),
        Prefetch("categories", queryset=Taxonomy.objects.order_by("pk")),
    )


def tools_for_index(*, index_page: ToolsIndexPage | None = None, q: str = "", category: str = "", pricing: str = "",
                    sort: str = ToolSort.POPULAR) -> QuerySet[ToolPage]:
    """The directory's results: search by name or tagline, filter by category and pricing, then sort."""
    tools = listed_tools(index_page)
    if q:
        tools = tools.filter(Q(title__icontains=q) | Q(tagline__icontains=q))
    if category:
        tools = tools.filter(categories__slug=category)
    if pricing:
        tools = tools.filter(pricing=pricing)
    tools = tools_for_cards(tools)
    if sort == ToolSort.NAME:
        return tools.order_by("title", "pk")
    return tools.order_by("-offer_count", "title", "pk")


def categories_with_tool_counts() -> QuerySet[Taxonomy]:
    """Offer categories, each with how many listed tools it holds (for the filter chips)."""
    listed = Q(tools_in_category__live=True, tools_in_category__status=ToolStatus.ACTIVE)
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True).annotate(
        tool_count=Count("tools_in_category", filter=listed, distinct=True),
    ).order_by("pk")


def tool_offers(tool: ToolPage) -> QuerySet[Offer]:
    """Community offers built with or teaching the tool, featured first."""
    return offers_for_cards(_public_offers_using(tool.taxonomy_id)).order_by("-is_featured", "-created_at", "-pk")


def tool_asks(tool: ToolPage) -> QuerySet[Ask]:
    """Open asks that mention the tool, newest first."""
    if not tool.taxonomy_id:
        return Ask.objects.none()
    return asks_for_cards(asks_open().filter(tools=tool.taxonomy_id)).order_by("-created_at", "-pk")


def tool_experts(tool: ToolPage) -> QuerySet[User]:
    """Members with public offers that use the tool, the most generous helpers first."""
    offers = _public_offers_using(tool.taxonomy_id)
    return members_visible_to().filter(pk__in=offers.values("user_id")).annotate(
        tool_offer_count=Count("offers", filter=Q(offers__in=offers), distinct=True),
    ).order_by("-helped_count", "-tool_offer_count", "username")
