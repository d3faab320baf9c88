"""Lexical search over offers and asks: one stored, weighted `tsvector` per row with a GIN index.

`search_vector` holds the title (weight A), the category, tool and tag names (B), the description (C)
and the owner's username and display name (D), in PostgreSQL's english configuration (stemming, stop
words). It is written by SQL from the row and its relations (`refresh`), after every save and every
change of tools or tags (collective/signals.py), and for whole tables in one statement (`rebuild_index`,
`manage.py rebuild_search_index`).

`lexical_ranking(queryset, query, limit)` is the one way to rank by words: ids best first, restricted to
`queryset` (which already carries the caller's filters and visibility). On PostgreSQL the match is a GIN
index scan on `search_vector @@ to_tsquery(…)`, the join is id = id, and only the top `limit` rows by
`ts_rank` are sorted (a top-N heap, never the whole match set). Queries of three or more words rank the
rows with at least two of the words first and then those with any one (see `_natural_language_ranking`),
shorter ones match every word, and a short query matching no whole word falls back to prefixes of title,
tool and tag words ("midj" → Midjourney). Counting is capped: `capped_count` stops at the cap, so "about
N results" never costs a COUNT of a third of the table.

On SQLite (local runs, tests) the same function ranks in Python over the rows that contain a term
(word prefixes instead of stemming, the same weights); it is meant for small data only.
"""
# ruff: noqa: S608 - the SQL is built from constant table and column names; values are parameters
import hashlib
import re

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend

from .cache import content_changed, content_version

CONFIG = "english"
QUERY_MAX_LENGTH = 200
NATURAL_LANGUAGE_MIN_TERMS = 3
SHORT_QUERY_MAX_TERMS = 2
# Words that say *that* someone wants help rather than *what with*; dropped unless nothing else is left.
FILLER_WORDS = frozenset((
    "a", "an", "and", "any", "anyone", "are", "as", "at", "be", "can", "could", "do", "does", "for", "from", "get",
    "help", "helping", "how", "i", "im", "in", "is", "it", "looking", "me", "my", "need", "needs", "of", "on", "or",
    "please", "some", "someone", "somebody", "that", "the", "to", "want", "wanted", "wants", "way", "what", "who",
    "with", "would", "you",
    "m", "s", "t", "d", "ll", "re", "ve",  # the tails of I'm, it's, can't, I'd, I'll, we're, I've
))
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}  # ts_rank's defaults, used by the SQLite fallback too


def search_terms(query: str | None) -> list[str]:
    """The words of a query worth searching for: letters and digits only, filler dropped if anything is left."""
    words = re.findall(r"\w+", (query or "")[:QUERY_MAX_LENGTH].lower())
    meaningful = [w for w in words if w not in FILLER_WORDS]
    return meaningful or words


def _tsquery(terms: list[str], *, prefix: bool = False) -> str:
    # Terms are \w+ only, so they can't carry tsquery syntax; "_" is a separator to the parser anyway.
    if prefix:
        return " & ".join(f"{t}:*AB" for t in terms)
    return (" | " if len(terms) >= NATURAL_LANGUAGE_MIN_TERMS else " & ").join(terms)


PAIRED_TERMS_MAX = 8  # "two of the words" pairs the first 8 terms (28 pairs); ranking still uses every term


def _two_of(terms: list[str]) -> str:
    """A tsquery matching rows that contain at least two of the terms: (a & b) | (a & c) | (b & c)."""
    head = list(dict.fromkeys(terms))[:PAIRED_TERMS_MAX]
    return " | ".join(f"({a} & {b})" for i, a in enumerate(head) for b in head[i + 1:])


# --- The stored vectors -----------------------------------------------------------------------

def _names(through: str, owner_column: str) -> str:
    return (f"(SELECT string_agg(t.name, ' ') FROM {through} x JOIN collective_taxonomy t ON t.id = x.taxonomy_id "
            f"WHERE x.{owner_column} = r.id)")


VECTOR_SQL = {
    "collective_offer": f"""
        setweight(to_tsvector('{CONFIG}', r.title), 'A')
        || setweight(to_tsvector('{CONFIG}', concat_ws(' ', (SELECT name FROM collective_taxonomy WHERE id = r.category_id),
                     {_names('collective_offer_tools', 'offer_id')}, {_names('collective_offer_tags', 'offer_id')})), 'B')
        || setweight(to_tsvector('{CONFIG}', r.description), 'C')
        || setweight(to_tsvector('simple', (SELECT concat_ws(' ', username, display_name) FROM members_user
                                             WHERE id = r.user_id)), 'D')""",
    "collective_ask": f"""
        setweight(to_tsvector('{CONFIG}', r.title), 'A')
        || setweight(to_tsvector('{CONFIG}', concat_ws(' ', (SELECT name FROM collective_taxonomy WHERE id = r.category_id),
                     {_names('collective_ask_tools', 'ask_id')}, {_names('collective_ask_tags', 'ask_id')})), 'B')
        || setweight(to_tsvector('{CONFIG}', r.description), 'C')
        || setweight(to_tsvector('simple', (SELECT concat_ws(' ', username, display_name) FROM members_user
                                             WHERE id = r.user_id)), 'D')""",
}


def _update(table: str, where: str, params) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} r SET search_vector = {VECTOR_SQL[table]} WHERE {where}", params)
    content_changed()  # cached rankings of the old words are stale  # noqa: S608


def refresh(model, ids) -> None:
    """Recompute the vectors of these rows of Offer or Ask (one UPDATE)."""
    ids = [int(pk) for pk in ids]
    if ids:
        _update(model._meta.db_table, "r.id = ANY(%s)", [ids])


def refresh_for_taxonomy(taxonomy_id: int) -> None:
    """A renamed category, tool or tag: recompute the rows that carry it."""
    for table, owner in (("collective_offer", "offer_id"), ("collective_ask", "ask_id")):
        _update(table, f"""r.category_id = %s OR r.id IN (SELECT {owner} FROM {table}_tools WHERE taxonomy_id = %s)
                           OR r.id IN (SELECT {owner} FROM {table}_tags WHERE taxonomy_id = %s)""",
                [taxonomy_id] * 3)


def refresh_for_member(user_id: int) -> None:
    """A member's new name: recompute their offers and asks."""
    for table in ("collective_offer", "collective_ask"):
        _update(table, "r.user_id = %s", [user_id])


def rebuild_index() -> None:
    """Every vector, one UPDATE per table (seconds at 100,000 rows)."""
    for table in VECTOR_SQL:
        _update(table, "TRUE", [])


# --- Ranking ----------------------------------------------------------------------------------

def _wagtail_ranking(queryset: QuerySet, query: str, limit: int) -> list[int]:
    """Tools, tags and people keep Wagtail's search index (small tables); only offers and asks have vectors."""
    terms = search_terms(query)
    if not terms or limit <= 0:
        return []
    backend = get_search_backend()
    # A fresh queryset narrowed by id: the backend only filters on indexed fields, the candidates on anything.
    rows = queryset.model._default_manager.filter(id__in=queryset.values("id"))
    text = " ".join(terms)
    operator = "or" if len(terms) >= NATURAL_LANGUAGE_MIN_TERMS else "and"
    ids = [row.pk for row in backend.search(text, rows, operator=operator, order_by_relevance=True)[:limit]]
    if not ids and len(terms) <= SHORT_QUERY_MAX_TERMS:
        ids = [row.pk for row in backend.autocomplete(text, rows, operator="and", order_by_relevance=True)[:limit]]
    return ids


def lexical_ranking(queryset: QuerySet, query: str, limit: int) -> list[int]:
    """Ids of `queryset`'s rows matching `query`, best first, at most `limit` of them."""
    if not any(field.name == "search_vector" for field in queryset.model._meta.get_fields()):
        return _wagtail_ranking(queryset, query, limit)
    terms = search_terms(query)
    if not terms or limit <= 0:
        return []
    if connection.vendor != "postgresql":
        return _python_ranking(queryset, terms, limit)
    if len(terms) >= NATURAL_LANGUAGE_MIN_TERMS:
        return _natural_language_ranking(queryset, terms, limit)
    ids = _pg_ranking(queryset, _tsquery(terms), limit)
    if not ids and len(terms) <= SHORT_QUERY_MAX_TERMS:
        ids = _pg_ranking(queryset, _tsquery(terms, prefix=True), limit)
    return ids


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to rows matching `query` (for results in another order than relevance)."""
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(id__in=_python_ranking(queryset, terms, None))
    found = queryset.filter(search_vector=_search_query(_tsquery(terms)))
    if len(terms) <= SHORT_QUERY_MAX_TERMS and not found.exists():
        found = queryset.filter(search_vector=_search_query(_tsquery(terms, prefix=True)))
    return found


def capped_count(queryset: QuerySet, cap: int) -> int:
    """How many rows, counting no further than `cap` (SELECT COUNT(*) FROM (… LIMIT cap))."""
    return queryset.order_by()[:cap].count()


def _search_query(raw: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(raw, search_type="raw", config=CONFIG)


def ranking_queryset(queryset: QuerySet, query: str, limit: int, *, prefix: bool = False,
                     two_of: bool = False) -> QuerySet:
    """The SQL of a PostgreSQL ranking: ids of matches, top `limit` by ts_rank (also for EXPLAIN in tests);
    `two_of` is the first step of a natural-language query (rows with at least two of its words)."""
    terms = search_terms(query)
    return _ranked_ids(queryset, _tsquery(terms, prefix=prefix), limit, match=_two_of(terms) if two_of else None)


def _ranked_ids(queryset: QuerySet, raw: str, limit: int, *, match: str | None = None) -> QuerySet:
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    tsquery = _search_query(raw)
    ranked = (queryset.filter(search_vector=_search_query(match) if match else tsquery)
              .annotate(_rank=SearchRank(F("search_vector"), tsquery))
              .order_by("-_rank", "-id").values_list("id", flat=True))
    return ranked[:limit]


def _natural_language_ranking(queryset: QuerySet, terms: list[str], limit: int) -> list[int]:
    """Rows with at least two of the words first, then rows with one, each by ts_rank over all the words.

    A sentence's words are common ("blog", "posts", "feedback"): any one of them matches a third of 100,000
    offers, too many for the GIN index to help, so ranking them all reads and sorts the table (~90 ms).
    Two of them together are selective and index-backed (~10-20 ms). The one-word matches are only ranked
    when the two-word matches don't fill the list, which is when there are few matches of either kind.
    """
    words = _indexed_words(terms)
    if len(words) < 2:
        return _pg_ranking(queryset, _tsquery(terms), limit)
    best = _pg_ranking(queryset, _tsquery(terms), limit, match=_two_of(words))
    if len(best) >= limit:
        return best
    seen = set(best)
    return best + [pk for pk in _pg_ranking(queryset, _tsquery(terms), limit) if pk not in seen][:limit - len(best)]


RANKING_CACHE_SECONDS = 60


def _indexed_words(terms: list[str]) -> list[str]:
    """The terms PostgreSQL indexes, in order: a stop word ("don", "like") would turn "(cold & don)" into
    plain "cold" and bring back the one-word matches."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) "
                       f"WHERE to_tsvector('{CONFIG}', t) <> ''::tsvector ORDER BY n", [terms])
        return [row[0] for row in cursor.fetchall()]


def _pg_ranking(queryset: QuerySet, raw: str, limit: int, *, match: str | None = None) -> list[int]:
    """The ranking, shared by every request asking the same thing until offers or asks change: a query
    with common words touches thousands of rows, and popular queries repeat."""
    ranked = _ranked_ids(queryset, raw, limit, match=match)
    sql, params = ranked.query.sql_with_params()
    key = f"search:ranking:{content_version()}:{hashlib.sha256(f'{sql}|{params!r}'.encode()).hexdigest()}"
    ids = cache.get(key)
    if ids is None:
        ids = list(ranked)
        cache.set(key, ids, RANKING_CACHE_SECONDS)
    return ids


# --- SQLite fallback --------------------------------------------------------------------------

def _python_ranking(queryset: QuerySet, terms: list[str], limit: int | None) -> list[int]:
    from django.db.models import Q

    fields = {"A": ["title"], "B": ["category__name", "tools__name", "tags__name"], "C": ["description"],
              "D": ["user__username", "user__display_name"]}
    stems = [_stem(t) for t in terms]
    contains = Q()
    for stem in stems:
        for names in fields.values():
            for name in names:
                contains |= Q(**{f"{name}__icontains": stem})
    names = [name for group in fields.values() for name in group]
    texts: dict[int, dict[str, list[str]]] = {}
    # One query: the candidates containing a term, with every searched text (tools × tags rows: small data).
    for pk, *values in queryset.filter(contains).values_list("id", *names):
        by_weight = texts.setdefault(pk, {w: [] for w in fields})
        for name, value in zip(names, values, strict=True):
            if value:
                by_weight[next(w for w, group in fields.items() if name in group)].append(value)
    any_term = len(terms) >= NATURAL_LANGUAGE_MIN_TERMS
    scored = []
    for pk, by_weight in texts.items():
        words = {w: re.findall(r"\w+", " ".join(v).lower()) for w, v in by_weight.items()}
        hits = [sum(WEIGHTS[w] * sum(word.startswith(stem) for word in ws) for w, ws in words.items()) for stem in stems]
        if (any(hits) if any_term else all(hits)):
            scored.append((-sum(min(h, 1.0) + 0.01 * h for h in hits), -pk))
    scored.sort()
    return [-pk for _, pk in scored[:limit]]


def _stem(term: str) -> str:
    """A crude stem for word-prefix matching: "writing" → "writ", "posts" → "post"."""
    for suffix in ("ing", "ed", "es", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


class RankedResults:
    """Ids in rank order behaving like search results: `count()`, `len()`, slices fetch only their rows.

    `capped` says the count stopped at the limit: show "about N" (or "N+") rather than a total.
    """

    def __init__(self, queryset: QuerySet, ids: list[int], *, limit: int):
        self.queryset, self.ids, self.capped = queryset, ids, len(ids) >= limit
        self.model = queryset.model

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key: key + 1 or None][0]
        ids = self.ids[key]
        rows = {row.pk: row for row in self.queryset.filter(id__in=ids)} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]
