"""Read queries of the discovery pages. They compose collective.selectors (ranked natural-language search
and filters) with the tools directory's cards; every function costs a constant number of queries."""
from collective import selectors as collective
from collective.choices import OFFER_SECTIONS, AskStatus
from courses.selectors import catalogue_cards, courses_catalogue
from economy.selectors import priority_placement_q
from matching import selectors as matching

LEARN_TYPES = matching.LEARN_TYPES
OTHER_TYPES = matching.OTHER_TYPES
SECTION_TYPES = {key: [str(t) for t in types] for key, _, types in OFFER_SECTIONS}


def offer_types_for(value: str | None) -> list[str]:
    """A type filter value: one offer type ("app"), or a storefront section ("work_with_me") meaning its types."""
    if not value:
        return []
    return SECTION_TYPES.get(value, [value])


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
        "tools": matching.tool_cards(query=query, category=category, limit=limit + 2, request=request),
        "experts": list(experts[:limit]),
        "courses": courses,
        "course_cards": catalogue_cards(courses, request),
        "offers": list(offers[: limit + 2]),
        "asks": list(asks[:limit]),
    }
