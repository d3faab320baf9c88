"""Read queries for the collective. Each returns a queryset (or ranked search results) with its relations
prefetched, so a page or API list costs a constant number of queries however many rows it shows.

Discovery and search (`offers_search`, `asks_search`, `people_search`, `tools_search`, `discover_unified`)
are shared by the member pages and the API. Full-text search goes through Wagtail's search backend
(PostgreSQL full-text search in production, SQLite FTS locally, Elasticsearch/OpenSearch by setting):

- `query` is natural language ("I need help writing blog posts"): conversational filler is dropped,
  the backend stems words and ignores stop words (PostgreSQL), fields are weighted (title above tags,
  tools and category, above the description) and results are ranked by relevance;
- queries of three or more words match any of their words (ranked), shorter ones must match all;
- a short query that matches no whole word falls back to prefix matching on titles and tool/tag names,
  so "midj" finds offers built with Midjourney;
- filters narrow the candidates first and search ranks what's left; drafts and archived rows never
  reach the candidates of anyone but their owner.
"""
from collections.abc import Callable, Iterable

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from wagtail.search.backends import get_search_backend

from core.errors import NotFound
from members.models import Follow
from members.safety import not_hidden_q
from members.selectors import member_visible_q

from . import search
from .cache import content_changed, content_version  # noqa: F401 - shared with the pages' caches
from .choices import PUBLIC_OFFER_STATUSES, AskStatus, ConnectionStatus, TaxonomyType
from .models import Ask, Connection, Offer, SearchableMember, Taxonomy
from .search import NATURAL_LANGUAGE_MIN_TERMS, QUERY_MAX_LENGTH, SHORT_QUERY_MAX_TERMS, search_terms  # noqa: F401

# Retired or unpublished tools lose their badge (their page is gone).
TOOLS_PREFETCH = Prefetch("tools", queryset=Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL, is_active=True).order_by("name"))
TAGS_PREFETCH = Prefetch("tags", queryset=Taxonomy.objects.order_by("name"))

# Search results ranked by relevance are the best SEARCH_RESULTS_LIMIT matches (a bounded top-k, never a
# sort of every match); their count is "about N", capped there.
SEARCH_RESULTS_LIMIT = 200

# Public ordering names → ORM ordering (with a unique tie-breaker so pages never overlap).
OFFER_ORDERINGS = {
    "featured": ("-is_featured", "-created_at", "-id"),
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
    "-view_count": ("-view_count", "-id"),
    "-connection_count": ("-connection_count", "-id"),
    "price_cents": ("price_cents", "id"),
    "-price_cents": ("-price_cents", "-id"),
    "title": ("title", "id"),
    # Best rated first (average of the ratings its inquirers gave after completed connections), unrated last.
    "-rating": (F("rating_avg").desc(nulls_last=True), "-rating_count", "-id"),
}
ASK_ORDERINGS = {
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
    "-view_count": ("-view_count", "-id"),
    "-response_count": ("-response_count", "-id"),
    "-budget_max_cents": ("-budget_max_cents", "-id"),
    "title": ("title", "id"),
}
PEOPLE_ORDERINGS = {
    "-helped_count": ("-helped_count", "-followers_count", "username"),
    "-followers_count": ("-followers_count", "username"),
    "-points": ("-points", "username"),
    "-date_joined": ("-date_joined", "-id"),
    "username": ("username",),
    "-rating": (F("rating_avg").desc(nulls_last=True), "-rating_count", "username"),
}
TOOL_ORDERINGS = {"name": ("name", "id"), "-created_at": ("-created_at", "-id")}
RELEVANCE = "relevance"


# --- Search ---------------------------------------------------------------------------------


def _ranked(candidates: QuerySet, query: str | None, *, ordering: Iterable[str] | None,
            prepare: Callable[[QuerySet], QuerySet]):
    """Search `candidates` (already filtered) and return results in relevance order, or in `ordering`.

    Returns a queryset when there is nothing to search for, else Wagtail search results; both slice,
    count and paginate alike.
    """
    terms = search_terms(query)
    model = candidates.model
    if not terms:
        return prepare(candidates).order_by(*(ordering or ()))
    if model in (Offer, Ask):  # the stored, GIN-indexed vectors of collective.search
        if ordering is not None:
            return prepare(search.matching(candidates, query)).order_by(*ordering)
        ids = search.lexical_ranking(candidates, query, SEARCH_RESULTS_LIMIT)
        return search.RankedResults(prepare(model._default_manager.all()), ids, limit=SEARCH_RESULTS_LIMIT)
    # Search a fresh queryset narrowed by id: the search backend only accepts filters on indexed
    # FilterFields, while the candidates may use any lookup (joins, subqueries, annotations).
    results_qs = prepare(model._default_manager.filter(id__in=candidates.values("id")))
    by_relevance = ordering is None
    if not by_relevance:
        results_qs = results_qs.order_by(*ordering)
    backend = get_search_backend()
    text = " ".join(terms)
    operator = "or" if len(terms) >= NATURAL_LANGUAGE_MIN_TERMS else "and"
    results = backend.search(text, results_qs, operator=operator, order_by_relevance=by_relevance)
    if len(terms) <= SHORT_QUERY_MAX_TERMS and results.count() == 0:
        results = backend.autocomplete(text, results_qs, operator="and", order_by_relevance=by_relevance)
    return results


def _ordering(orderings: dict, name: str | None, *, query: str | None, default: str) -> tuple | None:
    """The ORM ordering for a public ordering name; None means "by relevance" (when there is a query)."""
    if name in (None, RELEVANCE):
        if search_terms(query):
            return None
        name = default
    return orderings.get(name, orderings[default])


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str | int):
        return [value]
    return [v for v in value if v not in (None, "")]


# --- Offers ---------------------------------------------------------------------------------


def _subquery(queryset: QuerySet, value, output):
    return Subquery(queryset.annotate(v=value).values("v")[:1], output_field=output)


def offers_with_ratings(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    """Annotate `rating_avg` (None when unrated) and `rating_count`: what inquirers rated the offer's owner
    after completed connections about it (the same ratings as messaging.selectors.ratings_for_offer)."""
    if "rating_avg" in queryset.query.annotations:
        return queryset
    rated = (Connection.objects.filter(offer=OuterRef("pk"), status=ConnectionStatus.COMPLETED,
                                       initiator_rating__isnull=False).order_by().values("offer"))
    return queryset.annotate(
        rating_avg=_subquery(rated, Avg(Cast("initiator_rating", FloatField())), FloatField()),
        rating_count=Coalesce(_subquery(rated, Count("id"), IntegerField()), 0))


def people_with_ratings(queryset: QuerySet) -> QuerySet:
    """Annotate `rating_avg`/`rating_count`: the ratings a member received from the other side of their
    completed connections (as messaging.selectors.ratings_received)."""
    if "rating_avg" in queryset.query.annotations:
        return queryset
    done = Connection.objects.filter(status=ConnectionStatus.COMPLETED).order_by()
    as_initiator = done.filter(initiator=OuterRef("pk"), responder_rating__isnull=False).values("initiator")
    as_responder = done.filter(responder=OuterRef("pk"), initiator_rating__isnull=False).values("responder")
    total = (Coalesce(_subquery(as_initiator, Sum("responder_rating"), IntegerField()), 0)
             + Coalesce(_subquery(as_responder, Sum("initiator_rating"), IntegerField()), 0))
    count = (Coalesce(_subquery(as_initiator, Count("id"), IntegerField()), 0)
             + Coalesce(_subquery(as_responder, Count("id"), IntegerField()), 0))
    queryset = queryset.annotate(rating_total=total, rating_count=count)
    return queryset.annotate(rating_avg=Case(
        When(rating_count=0, then=Value(None, output_field=FloatField())),
        default=Cast(F("rating_total"), FloatField()) / Cast(F("rating_count"), FloatField()),
        output_field=FloatField()))


# What a card never shows: page content, post bodies, import metadata (kilobytes per row).
OFFER_CARD_DEFERRED = ("content", "body", "body_html", "source_metadata", "search_vector")


def _offers_with_relations(queryset: QuerySet[Offer] | None) -> QuerySet[Offer]:
    queryset = Offer.objects.all() if queryset is None else queryset
    return offers_with_ratings(queryset.select_related("user", "category").prefetch_related(TOOLS_PREFETCH))


def offers_for_cards(queryset: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """Offers with everything an offer card shows (and nothing heavier), in a constant number of queries."""
    return _offers_with_relations(queryset).defer(*OFFER_CARD_DEFERRED)


def offers_for_lists(queryset: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """Card data plus tags, without the heavy columns (lists, API list representations)."""
    return offers_for_cards(queryset).prefetch_related(TAGS_PREFETCH)


def offers_with_details(queryset: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """Card data plus tags and content (API representations and detail pages)."""
    return _offers_with_relations(queryset).prefetch_related(TAGS_PREFETCH)


# One visibility rule per content type. Each is a Q of conditions on the row and its owner (never
# `id IN (…all public rows…)`), so a list stays one indexed query; each takes the viewer, and builds on
# members.selectors.member_visible_q, the one place that says whose things are hidden (deactivated,
# suspended, pending deletion, blocked or muted: members.safety), plus what moderation held back
# (not_hidden_q). Pages, the API, discovery, checkout, connecting, messaging and enrolling read these.


def offer_public_q(viewer=None, *, via: str = "") -> Q:
    """Offers anyone may come across: active or paused, not archived, by a member `viewer` may see.

    `via` is the lookup path from the queried model to the offer ("tool_offers__" from a tool).
    """
    return (Q(**{f"{via}status__in": PUBLIC_OFFER_STATUSES, f"{via}is_archived": False})
            & member_visible_q(viewer, via=f"{via}user__") & not_hidden_q(Offer, field=f"{via}pk"))


def offer_visible_q(viewer=None) -> Q:
    """Offers `viewer` may open: public ones, their own (drafts and archived included); staff see all."""
    if viewer is None or not viewer.is_authenticated:
        return offer_public_q(viewer)
    if viewer.is_staff:
        return Q()
    return offer_public_q(viewer) | Q(user=viewer)


def offers_public(viewer=None) -> QuerySet[Offer]:
    """What lists show (discovery, profiles, the API): never drafts, archived offers or hidden members'."""
    return Offer.objects.filter(offer_public_q(viewer))


def offers_visible_to(viewer) -> QuerySet[Offer]:
    return Offer.objects.filter(offer_visible_q(viewer))


def offer_is_public(offer: Offer, viewer=None) -> bool:
    """Whether `offer` is public for `viewer` now (one query). Buying, connecting, messaging and enrolling
    check this of what they were handed: drafts, archived offers and hidden members' offers are 404."""
    return offers_public(viewer).filter(pk=offer.pk).exists()


def offer_for_viewer(*, pk: int, user) -> Offer:
    offer = offers_with_details(offers_visible_to(user)).filter(pk=pk).first()
    if offer is None:
        raise NotFound("No such offer.")
    return offer


def offers_owned_by(user, *, archived: bool | None = False) -> QuerySet[Offer]:
    """The member's own offers: not archived (default), archived only, or all of them (archived=None)."""
    queryset = Offer.objects.filter(user=user)
    return queryset if archived is None else queryset.filter(is_archived=archived)


def offers_filter(queryset: QuerySet[Offer], *, offer_type=None, status=None, category=None, tool=None, tag=None,
                  pricing_type=None, is_paid: bool | None = None, price_min: int | None = None,
                  price_max: int | None = None, owner: str | None = None, created_after=None, created_before=None,
                  featured: bool | None = None, min_rating: float | None = None) -> QuerySet[Offer]:
    """Narrow offers. List-valued filters (type, status, category, tool, tag, pricing type) match any value."""
    if min_rating is not None:
        queryset = offers_with_ratings(queryset).filter(rating_avg__gte=min_rating)
    if types := _as_list(offer_type):
        queryset = queryset.filter(offer_type__in=types)
    if statuses := _as_list(status):
        queryset = queryset.filter(status__in=statuses)
    if categories := _as_list(category):
        queryset = queryset.filter(category__slug__in=categories)
    if tools := _as_list(tool):
        queryset = queryset.filter(id__in=Offer.tools.through.objects.filter(taxonomy__slug__in=tools)
                                   .values("offer_id"))
    if tags := _as_list(tag):
        queryset = queryset.filter(id__in=Offer.tags.through.objects.filter(taxonomy__slug__in=tags)
                                   .values("offer_id"))
    if pricing := _as_list(pricing_type):
        queryset = queryset.filter(pricing_type__in=pricing)
    if is_paid is not None:
        queryset = queryset.filter(is_paid=is_paid)
    if price_min is not None:
        queryset = queryset.filter(price_cents__gte=price_min)
    if price_max is not None:
        queryset = queryset.filter(price_cents__lte=price_max)
    if owner:
        queryset = queryset.filter(user__username__iexact=owner)
    if created_after is not None:
        queryset = queryset.filter(created_at__gte=created_after)
    if created_before is not None:
        queryset = queryset.filter(created_at__lte=created_before)
    if featured is not None:
        queryset = queryset.filter(is_featured=featured)
    return queryset


def offers_search(*, query: str | None = "", queryset: QuerySet[Offer] | None = None, ordering: str | None = None,
                  default_ordering: str = "-created_at", viewer=None, prefer: Q | None = None, **filters):
    """Filter, then search and rank public offers (or the given candidates). See the module docstring.

    `prefer` breaks ties: among offers equal on the ordering's own keys, those matching it come first
    (Discover and the API pass economy's priority placement, owners at 50+ points). It applies to the
    ORM orderings, i.e. whenever there is no search text; relevance ranking of `?q=` is the search's own.
    """
    candidates = offers_filter(offers_public(viewer) if queryset is None else queryset, **filters)
    order = _ordering(OFFER_ORDERINGS, ordering, query=query, default=default_ordering)
    prepare = offers_for_lists
    if prefer is not None and order is not None and not search_terms(query):
        order = with_tie_break(order, "-preferred")
        def prepare(queryset):
            return offers_for_lists(queryset).annotate(preferred=ExpressionWrapper(prefer, output_field=BooleanField()))
    return _ranked(candidates, query, ordering=order, prepare=prepare)


def with_tie_break(order: tuple, key: str) -> tuple:
    """Put `key` just before the unique tie-breaker (the last key), or right after `-is_featured` for the
    curated ordering, where featured offers stay first and the rest count as equally relevant."""
    position = 1 if order and order[0] == "-is_featured" else len(order) - 1
    return (*order[:position], key, *order[position:])


# --- Asks -----------------------------------------------------------------------------------


def asks_for_cards(queryset: QuerySet[Ask] | None = None) -> QuerySet[Ask]:
    queryset = Ask.objects.all() if queryset is None else queryset
    return queryset.select_related("user", "category").prefetch_related(TOOLS_PREFETCH)


def asks_with_details(queryset: QuerySet[Ask] | None = None) -> QuerySet[Ask]:
    return asks_for_cards(queryset).prefetch_related(TAGS_PREFETCH)


def ask_public_q(viewer=None, *, via: str = "") -> Q:
    """Asks anyone may come across: not archived, by a member `viewer` may see (any status: history stays)."""
    return (Q(**{f"{via}is_archived": False}) & member_visible_q(viewer, via=f"{via}user__")
            & not_hidden_q(Ask, field=f"{via}pk"))


def ask_visible_q(viewer=None) -> Q:
    """Asks `viewer` may open: public ones and their own (archived included); staff see all."""
    if viewer is None or not viewer.is_authenticated:
        return ask_public_q(viewer)
    if viewer.is_staff:
        return Q()
    return ask_public_q(viewer) | Q(user=viewer)


def asks_public(viewer=None) -> QuerySet[Ask]:
    return Ask.objects.filter(ask_public_q(viewer))


def asks_open(viewer=None) -> QuerySet[Ask]:
    return asks_public(viewer).filter(status=AskStatus.OPEN)


def asks_visible_to(viewer) -> QuerySet[Ask]:
    return Ask.objects.filter(ask_visible_q(viewer))


def ask_is_public(ask: Ask, viewer=None) -> bool:
    """Whether `ask` is public for `viewer` now (one query); responding to it checks this."""
    return asks_public(viewer).filter(pk=ask.pk).exists()


def ask_for_viewer(*, pk: int, user) -> Ask:
    ask = asks_with_details(asks_visible_to(user)).filter(pk=pk).first()
    if ask is None:
        raise NotFound("No such ask.")
    return ask


def asks_owned_by(user, *, archived: bool | None = False) -> QuerySet[Ask]:
    """The member's own asks: not archived (default), archived only, or all of them (archived=None)."""
    queryset = Ask.objects.filter(user=user)
    return queryset if archived is None else queryset.filter(is_archived=archived)


def asks_filter(queryset: QuerySet[Ask], *, ask_type=None, status=None, category=None, tool=None, tag=None,
                is_paid_opportunity: bool | None = None, budget_min: int | None = None, budget_max: int | None = None,
                owner: str | None = None, created_after=None, created_before=None) -> QuerySet[Ask]:
    """Narrow asks. A budget range keeps asks whose budget overlaps it."""
    if types := _as_list(ask_type):
        queryset = queryset.filter(ask_type__in=types)
    if statuses := _as_list(status):
        queryset = queryset.filter(status__in=statuses)
    if categories := _as_list(category):
        queryset = queryset.filter(category__slug__in=categories)
    if tools := _as_list(tool):
        queryset = queryset.filter(id__in=Ask.tools.through.objects.filter(taxonomy__slug__in=tools)
                                   .values("ask_id"))
    if tags := _as_list(tag):
        queryset = queryset.filter(id__in=Ask.tags.through.objects.filter(taxonomy__slug__in=tags)
                                   .values("ask_id"))
    if is_paid_opportunity is not None:
        queryset = queryset.filter(is_paid_opportunity=is_paid_opportunity)
    if budget_min is not None:
        queryset = queryset.filter(Q(budget_max_cents__gte=budget_min)
                                   | Q(budget_max_cents__isnull=True, budget_min_cents__gte=budget_min))
    if budget_max is not None:
        queryset = queryset.filter(Q(budget_min_cents__lte=budget_max)
                                   | Q(budget_min_cents__isnull=True, budget_max_cents__lte=budget_max))
    if owner:
        queryset = queryset.filter(user__username__iexact=owner)
    if created_after is not None:
        queryset = queryset.filter(created_at__gte=created_after)
    if created_before is not None:
        queryset = queryset.filter(created_at__lte=created_before)
    return queryset


def asks_search(*, query: str | None = "", queryset: QuerySet[Ask] | None = None, ordering: str | None = None,
                default_ordering: str = "-created_at", viewer=None, **filters):
    """Filter, then search and rank public asks (or the given candidates). See the module docstring."""
    candidates = asks_filter(asks_public(viewer) if queryset is None else queryset, **filters)
    order = _ordering(ASK_ORDERINGS, ordering, query=query, default=default_ordering)
    return _ranked(candidates, query, ordering=order, prepare=asks_with_details)


# --- People ---------------------------------------------------------------------------------


def people_with_viewer_state(queryset: QuerySet, viewer=None) -> QuerySet:
    """Annotate `is_followed` (whether `viewer` follows each member) and the ratings, in the same query."""
    queryset = people_with_ratings(queryset)
    if viewer is not None and viewer.is_authenticated:
        return queryset.annotate(is_followed=Exists(Follow.objects.filter(follower=viewer, following=OuterRef("pk"))))
    return queryset


def people_public(viewer=None) -> QuerySet[SearchableMember]:
    """Members `viewer` may find and open (members.selectors.member_visible_q)."""
    return SearchableMember.objects.filter(member_visible_q(viewer))


def person_by_username(username: str, *, viewer=None) -> SearchableMember:
    """An active member by username (any case), with `is_followed` for a signed-in viewer."""
    member = people_with_viewer_state(people_public(viewer), viewer).filter(username__iexact=username).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def people_filter(queryset: QuerySet, *, role=None, has_offers: bool | None = None, tool=None,
                  category=None, min_rating: float | None = None) -> QuerySet:
    """Narrow members: by role, by having public offers, or by the tools/categories of their public offers."""
    if min_rating is not None:
        queryset = people_with_ratings(queryset).filter(rating_avg__gte=min_rating)
    if roles := _as_list(role):
        queryset = queryset.filter(role__in=roles)
    offers = offers_public()
    if tools := _as_list(tool):
        offers = offers_filter(offers, tool=tools)
    if categories := _as_list(category):
        offers = offers_filter(offers, category=categories)
    if tools or categories or has_offers:
        queryset = queryset.filter(id__in=offers.values("user_id"))
    elif has_offers is False:
        queryset = queryset.exclude(id__in=offers.values("user_id"))
    return queryset


def people_search(*, query: str | None = "", viewer=None, queryset: QuerySet | None = None,
                  ordering: str | None = None, default_ordering: str = "-helped_count", **filters):
    """Find members by username, display name, tagline and bio; browse creators by default by who helped most."""
    candidates = people_filter(people_public(viewer) if queryset is None else queryset, **filters)
    order = _ordering(PEOPLE_ORDERINGS, ordering, query=query, default=default_ordering)
    return _ranked(candidates, query, ordering=order, prepare=lambda qs: people_with_viewer_state(qs, viewer))


def people_followers(member) -> QuerySet[SearchableMember]:
    """Who follows `member`, most recent first."""
    return people_public().filter(following_set__following=member).order_by("-following_set__created_at", "-id")


def people_following(member) -> QuerySet[SearchableMember]:
    """Whom `member` follows, most recent first."""
    return people_public().filter(follower_set__follower=member).order_by("-follower_set__created_at", "-id")


# --- Taxonomy and tools ---------------------------------------------------------------------


def offer_categories() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True).order_by("pk")


def tags_search(*, query: str | None = "", taxonomy_type=None):
    """Active skill and topic tags, alphabetically or ranked by a query (prefixes match: "pyth")."""
    candidates = Taxonomy.objects.filter(taxonomy_type__in=_as_list(taxonomy_type)
                                         or [TaxonomyType.SKILL, TaxonomyType.TOPIC], is_active=True)
    return _ranked(candidates, query, ordering=None if search_terms(query) else ("name", "id"),
                   prepare=lambda qs: qs)


def tools_public() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL, is_active=True)


def tool_by_slug(slug: str) -> Taxonomy:
    tool = tools_public().filter(slug=slug).first()
    if tool is None:
        raise NotFound("No such tool.")
    return tool


def tools_search(*, query: str | None = "", ordering: str | None = None):
    order = _ordering(TOOL_ORDERINGS, ordering, query=query, default="name")
    return _ranked(tools_public(), query, ordering=order, prepare=lambda qs: qs)


def tool_with_activity(slug: str, *, limit: int = 10) -> Taxonomy:
    """A tool with `recent_offers`/`recent_asks` (public offers built with it, open asks about it) and their counts."""
    tool = tool_by_slug(slug)
    offers, asks = tool_offers(tool), tool_asks(tool)
    tool.offer_count, tool.ask_count = offers.count(), asks.count()
    tool.recent_offers, tool.recent_asks = list(offers[:limit]), list(asks[:limit])
    return tool


def tool_offers(tool: Taxonomy) -> QuerySet[Offer]:
    return offers_with_details(offers_filter(offers_public(), tool=tool.slug)).order_by("-is_featured", "-created_at")


def tool_asks(tool: Taxonomy) -> QuerySet[Ask]:
    return asks_with_details(asks_filter(asks_public(), tool=tool.slug, status=AskStatus.OPEN)).order_by("-created_at")


# --- Discovery ------------------------------------------------------------------------------


def discover_unified(*, query: str | None = "", viewer=None, limit: int = 6) -> dict:
    """One answer to "what do you need help with?": top offers, open asks, people and tools, with totals."""
    sections = {
        "offers": offers_search(query=query, viewer=viewer, ordering=None if search_terms(query) else "featured"),
        "asks": asks_search(query=query, viewer=viewer, status=AskStatus.OPEN),
        "people": people_search(query=query, viewer=viewer, has_offers=None if search_terms(query) else True),
        "tools": tools_search(query=query),
    }
    return {name: {"count": results.count(), "results": list(results[:limit])} for name, results in sections.items()}


def _featurable(queryset: QuerySet, *, starter_posts: Iterable[tuple[str, str]] = ()) -> QuerySet:
    """What the landing page may feature: the work of members who are past onboarding and have completed at
    least one connection (so a newcomer's first posts don't take over the front page), never an unedited
    starter post (title and description exactly as onboarding suggested them)."""
    completed = Connection.objects.filter(status=ConnectionStatus.COMPLETED)
    established = Q(user__onboarding_completed_at__isnull=False) & (
        Exists(completed.filter(initiator=OuterRef("user"))) | Exists(completed.filter(responder=OuterRef("user"))))
    unedited = Q(pk__in=[])
    for title, description in starter_posts:
        unedited |= Q(title=title, description=description)
    return queryset.filter(established).exclude(unedited)


def landing_highlights(*, starter_posts: Iterable[tuple[str, str]] = ()) -> dict:
    """What the landing page shows visitors: curator-picked offers first, then fresh work of established
    members, and their open asks."""
    offers = offers_public()  # moderation holds and inactive members' work stay off the front page
    featurable = _featurable(offers, starter_posts=starter_posts)
    offers = offers.filter(Q(is_featured=True) | Q(pk__in=featurable.values("pk")))
    return {
        "featured_offers": list(offers_for_cards(offers).order_by("-is_featured", "-created_at")[:6]),
        "open_asks": list(asks_for_cards(_featurable(asks_open(), starter_posts=starter_posts))[:4]),
        "categories": list(offer_categories()),
    }


# --- Connections ----------------------------------------------------------------------------


def connections_for_display(queryset: QuerySet[Connection]) -> QuerySet[Connection]:
    return queryset.select_related("initiator", "responder", "ask", "ask__user", "offer", "offer__user")


def connections_of(user, *, role: str | None = None, status=None, connection_type=None) -> QuerySet[Connection]:
    """The connections `user` takes part in (role "sent" = initiated, "received" = responded), newest activity first."""
    if role == "sent":
        queryset = Connection.objects.filter(initiator=user)
    elif role == "received":
        queryset = Connection.objects.filter(responder=user)
    else:
        queryset = Connection.objects.filter(Q(initiator=user) | Q(responder=user))
    if statuses := _as_list(status):
        queryset = queryset.filter(status__in=statuses)
    if types := _as_list(connection_type):
        queryset = queryset.filter(connection_type__in=types)
    return connections_for_display(queryset).order_by("-updated_at", "-id")


def connection_for_participant(*, pk: int, user) -> Connection:
    """A connection `user` takes part in; anyone else gets NotFound (a private object doesn't exist for them)."""
    if not user.is_authenticated:
        raise NotFound("No such connection.")
    connection = connections_for_display(
        Connection.objects.filter(Q(initiator=user) | Q(responder=user))
    ).filter(pk=pk).first()
    if connection is None:
        raise NotFound("No such connection.")
    return connection


# --- Member dashboard (/home/) ----------------------------------------------------------------

DASHBOARD_VIEWS_DAYS = 14


def status_counts(queryset: QuerySet) -> dict[str, int]:
    """{status: count} for a member's offers or asks, in one query."""
    from django.db.models import Count

    return dict(queryset.order_by().values_list("status").annotate(n=Count("id")))


def dashboard_activity(user, *, limit: int = 8) -> list[dict]:
    """What happened around a member lately, newest first: views on their offers (per offer and day),
    connection requests and responses they received, and new followers. Three queries, whatever the history.
    """
    from datetime import timedelta

    from django.db.models import Count, Max
    from django.utils import timezone

    from .models import ViewRecord

    items: list[dict] = []
    since = timezone.localdate() - timedelta(days=DASHBOARD_VIEWS_DAYS)
    views = (
        ViewRecord.objects.filter(offer__user=user, offer__is_archived=False, day__gte=since)
        .values("offer_id", "offer__title", "offer__slug", "day")
        .annotate(n=Count("id"), last=Max("created_at"))
        .order_by("-last")[:limit]
    )
    for row in views:
        items.append({"kind": "views", "icon": "eye", "count": row["n"], "title": row["offer__title"],
                      "url": f"/@{user.username}/{row['offer__slug']}/", "when": row["last"]})
    received = connections_for_display(Connection.objects.filter(responder=user)).order_by("-created_at")[:limit]
    for connection in received:
        items.append({"kind": connection.connection_type, "icon": "message-circle", "person": connection.initiator,
                      "title": connection.context_title, "status": connection.status, "when": connection.created_at,
                      "url": _connection_context_url(connection)})
    followers = Follow.objects.filter(following=user).select_related("follower").order_by("-created_at")[:limit]
    for follow in followers:
        items.append({"kind": "follow", "icon": "user-plus", "person": follow.follower, "when": follow.created_at})
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]


def _connection_context_url(connection: Connection) -> str:
    if connection.ask_id and connection.ask is not None:
        return connection.ask.get_absolute_url()
    if connection.offer_id and connection.offer is not None:
        return connection.offer.get_absolute_url()
    return ""


def asks_member_could_help_with(user) -> QuerySet[Ask]:
    """Open asks by others in the categories of the member's offers or about the tools they use,
    leaving out asks they have already answered. Newest first."""
    mine = Offer.objects.filter(user=user, is_archived=False)
    tool_ids = Offer.tools.through.objects.filter(offer__in=mine).values("taxonomy_id")
    matching = Q(category__in=mine.exclude(category=None).values("category_id")) | Q(
        id__in=Ask.tools.through.objects.filter(taxonomy_id__in=tool_ids).values("ask_id")
    )
    answered = Connection.objects.filter(initiator=user, ask=OuterRef("pk"))
    return asks_for_cards(
        asks_public(user).filter(matching, status=AskStatus.OPEN).exclude(user=user).exclude(Exists(answered))
    ).order_by("-created_at", "-id")
