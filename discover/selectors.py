"""Read queries of the discovery pages. They compose collective.selectors (ranked natural-language search
and filters) with the tools directory's cards; every function costs a constant number of queries."""
from collective import selectors as collective
from collective.choices import OFFER_SECTIONS, AskStatus, OfferType
from courses.selectors import catalogue_cards, courses_catalogue
from economy.selectors import priority_placement_q
from matching import selectors as matching
from tools_directory.selectors import listed_tools, tools_for_cards, tools_for_index

SECTION_TYPES = {key: [str(t) for t in types] for key, _, types in OFFER_SECTIONS}
LEARN_TYPES = [OfferType.COURSE]
OTHER_TYPES = [t for t in OfferType.values if t not in LEARN_TYPES]


def offer_types_for(value: str | None) -> list[str]:
    """A type filter value: one offer type ("app"), or a storefront section ("work_with_me") meaning its types."""
    if not value:
        return []
    return SECTION_TYPES.get(value, [value])


def tool_cards(*, query: str = "", category: str = "", limit: int = 6, request=None) -> list:
    """Curated tools for a problem: ranked by a natural-language query and/or narrowed to a category."""
    if collective.search_terms(query):
        ranked_ids = [tool.pk for tool in matching.tools_search(query=query)[:50]]
        pages = listed_tools().filter(taxonomy_id__in=ranked_ids)
        if category:
            pages = pages.filter(categories__slug=category)
        order = {pk: n for n, pk in enumerate(ranked_ids)}
        found = sorted(tools_for_cards(pages), key=lambda page: order.get(page.taxonomy_id, len(order)))[:limit]
    else:
        found = list(tools_for_index(category=category)[:limit])
    return [page.card(request) for page in found]


def discover_sections(*, query: str = "", category: str = "", viewer=None, limit: int = 4, request=None) -> dict:
    """The unified answer of /discover/ (spec 6.1): tools, experts, courses, member offers and open asks."""
    searching = bool(collective.search_terms(query))
    filters = {"category": category or None}
    experts = matching.people_search(query=query, viewer=viewer, has_offers=True, **filters)
    courses = list(courses_catalogue(q=query, category=category, viewer=viewer)[:3])
    offers = matching.offers_search(query=query, offer_type=OTHER_TYPES, viewer=viewer, **filters,
                                    ordering=None if searching else "featured", prefer=priority_placement_q())
    asks = matching.asks_search(query=query, status=AskStatus.OPEN, viewer=viewer, **filters)
    return {
        "tools": tool_cards(query=query, category=category, limit=limit + 2, request=request),
        "experts": list(experts[:limit]),
        "courses": courses,
        "course_cards": catalogue_cards(courses, request),
        "offers": list(offers[: limit + 2]),
        "asks": list(asks[:limit]),
    }
