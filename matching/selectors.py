"""Discovery reads with hybrid ranking: the same filters and visibility rules as collective.selectors, with
every `q` ranked by meaning and words together (search.py). Pages, the API and Ava all call these."""
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from collective import selectors as collective
from collective.choices import AskStatus, OfferType
from tools_directory.selectors import listed_tools, tools_for_cards, tools_for_index

from .choices import Kind
from .search import ranked

NEWEST_FIRST = ("-created_at", "-id")
LEARN_TYPES = [OfferType.COURSE]
OTHER_TYPES = [t for t in OfferType.values if t not in LEARN_TYPES]


def offers_search(*, query: str | None = "", queryset: QuerySet | None = None, ordering: str | None = None,
                  default_ordering: str = "-created_at", viewer=None, prefer: Q | None = None, **filters):
    """`prefer` breaks ties of the ORM orderings (no search text): priority placement, owners at 50+ points."""
    candidates = collective.offers_filter(collective.offers_public(viewer) if queryset is None else queryset,
                                          **filters)
    order = collective._ordering(collective.OFFER_ORDERINGS, ordering, query=query, default=default_ordering)
    if not collective.search_terms(query):
        rows = collective.offers_with_details(candidates)
        # Newest-first has no ties worth breaking (and keeps the API's keyset cursor order exact).
        if prefer is not None and order and tuple(order) != NEWEST_FIRST:
            order = collective.with_tie_break(order, "-preferred")
            rows = rows.annotate(preferred=ExpressionWrapper(prefer, output_field=BooleanField()))
        return rows.order_by(*order)
    return ranked(Kind.OFFER, candidates, query, ordering=order, prepare=collective.offers_with_details)


def asks_search(*, query: str | None = "", queryset: QuerySet | None = None, ordering: str | None = None,
                default_ordering: str = "-created_at", viewer=None, **filters):
    candidates = collective.asks_filter(collective.asks_public(viewer) if queryset is None else queryset, **filters)
    order = collective._ordering(collective.ASK_ORDERINGS, ordering, query=query, default=default_ordering)
    if not collective.search_terms(query):
        return collective.asks_with_details(candidates).order_by(*order)
    return ranked(Kind.ASK, candidates, query, ordering=order, prepare=collective.asks_with_details)


def people_search(*, query: str | None = "", viewer=None, queryset: QuerySet | None = None,
                  ordering: str | None = None, default_ordering: str = "-helped_count", **filters):
    candidates = collective.people_filter(collective.people_public(viewer) if queryset is None else queryset,
                                          **filters)
    order = collective._ordering(collective.PEOPLE_ORDERINGS, ordering, query=query, default=default_ordering)
    prepare = lambda qs: collective.people_with_viewer_state(qs, viewer)  # noqa: E731
    if not collective.search_terms(query):
        return prepare(candidates).order_by(*order)
    return ranked(Kind.MEMBER, candidates, query, ordering=order, prepare=prepare)


def tools_search(*, query: str | None = "", ordering: str | None = None):
    order = collective._ordering(collective.TOOL_ORDERINGS, ordering, query=query, default="name")
    if not collective.search_terms(query):
        return collective.tools_public().order_by(*order)
    return ranked(Kind.TOOL, collective.tools_public(), query, ordering=order, prepare=lambda qs: qs)


def discover_unified(*, query: str | None = "", viewer=None, limit: int = 6) -> dict:
    """One answer to "what do you need help with?": top offers, open asks, people and tools, with totals."""
    searching = bool(collective.search_terms(query))
    sections = {
        "offers": offers_search(query=query, ordering=None if searching else "featured", viewer=viewer),
        "asks": asks_search(query=query, status=AskStatus.OPEN, viewer=viewer),
        "people": people_search(query=query, viewer=viewer, has_offers=None if searching else True),
        "tools": tools_search(query=query),
    }
    return {name: {"count": results.count(), "results": list(results[:limit])} for name, results in sections.items()}


def tool_cards(*, query: str = "", category: str = "", limit: int = 6, request=None) -> list:
    """Curated tools for a problem: ranked by a natural-language query and/or narrowed to a category."""
    if collective.search_terms(query):
        ranked_ids = [tool.pk for tool in tools_search(query=query)[:50]]
        pages = listed_tools().filter(taxonomy_id__in=ranked_ids)
        if category:
            pages = pages.filter(categories__slug=category)
        order = {pk: n for n, pk in enumerate(ranked_ids)}
        found = sorted(tools_for_cards(pages), key=lambda page: order.get(page.taxonomy_id, len(order)))[:limit]
    else:
        found = list(tools_for_index(category=category)[:limit])
    return [page.card(request) for page in found]
