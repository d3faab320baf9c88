"""Read queries of the discovery pages. They compose collective.selectors (ranked natural-language search
and filters) with the tools directory's cards; every function costs a constant number of queries."""
import hashlib

from django.core.cache import cache

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


SECTIONS_CACHE_SECONDS = 120


def discover_sections(*, query: str = "", category: str = "", viewer=None, limit: int = 4, request=None) -> dict:
    """The unified answer of /discover/ (spec 6.1): tools, experts, courses, member offers and open asks.

    Per viewer class: visitors all see the same sections, cached per query and category until an offer
    or ask changes (collective's content version) or for SECTIONS_CACHE_SECONDS; a signed-in member's
    are their own (follow state, members they blocked or muted), computed per request.
    """
    if viewer is not None and viewer.is_authenticated:
        return {**_sections(query=query, category=category, limit=limit, request=request, viewer=viewer),
                "experts": _experts(query=query, category=category, viewer=viewer, limit=limit)}
    digest = hashlib.sha256(f"{query}|{category}|{limit}|{request.get_host() if request else ''}".encode()).hexdigest()
    key = f"discover:sections:{collective.content_version()}:{digest}"
    sections = cache.get(key)
    if sections is None:
        sections = {**_sections(query=query, category=category, limit=limit, request=request, viewer=None),
                    "experts": _experts(query=query, category=category, viewer=None, limit=limit)}
        cache.set(key, sections, SECTIONS_CACHE_SECONDS)
    return sections


def _experts(*, query: str, category: str, viewer, limit: int) -> list:
    return list(matching.people_search(query=query, viewer=viewer, has_offers=True, category=category or None)[:limit])


def _sections(*, query: str, category: str, limit: int, request, viewer) -> dict:
    searching = bool(collective.search_terms(query))
    filters = {"category": category or None}
    courses = list(courses_catalogue(q=query, category=category, viewer=viewer)[:3])
    offers = matching.offers_search(query=query, offer_type=OTHER_TYPES, viewer=viewer, **filters,
                                    ordering=None if searching else "featured", prefer=priority_placement_q())
    asks = matching.asks_search(query=query, status=AskStatus.OPEN, viewer=viewer, **filters)
    return {
        "tools": matching.tool_cards(query=query, category=category, limit=limit + 2, request=request),
        "courses": courses,
        "course_cards": catalogue_cards(courses, request),
        "offers": list(offers[: limit + 2]),
        "asks": list(asks[:limit]),
    }
