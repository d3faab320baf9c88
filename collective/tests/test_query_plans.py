"""Plan regressions (PostgreSQL): the hot reads at 100,000 offers must use their indexes.

A few thousand offers of varied text (bulk-created, vectors rebuilt, ANALYZEd) with sequential scans
discouraged make the planner choose as it does at 100,000 rows: a selective search is a GIN bitmap scan,
a page of a public list an index scan of the matching partial index, in order. A sequential scan on the
offers or asks means no index matches any more (a changed predicate, a cast on the join, a filter on a
concatenation). The
figures themselves are measured by bench/http_bench.py, never by tests.
"""
import json

import pytest
from django.conf import settings
from django.db import connection

from collective import search, selectors
from collective.choices import OfferStatus
from collective.factories import AskFactory, OfferFactory, ToolTaxonomyFactory
from collective.models import Ask, Offer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="query plans are PostgreSQL's"),
]
INDEXED_TABLES = {"collective_offer", "collective_ask"}
# Newest-first over public offers: the partial index, or (when nearly every row is public, as here) the plain one.
NEWEST_FIRST = {"offer_public_created_idx", "offer_created_idx"}


def plan(queryset) -> list[dict]:
    """Every node of the EXPLAIN (FORMAT JSON) plan of `queryset`, with seq scans discouraged."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables still read best sequentially
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    root = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes, stack = [], [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def seq_scans(nodes: list[dict]) -> set[str]:
    return {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"} & INDEXED_TABLES


def indexes(nodes: list[dict]) -> set[str]:
    return {n["Index Name"] for n in nodes if "Index Name" in n}


FILLER_ROWS = 4000


@pytest.fixture
def offers():
    tool = ToolTaxonomyFactory(name="Claude")
    made = [OfferFactory(title=f"Writing blog posts {n}", tools=[tool] if n % 2 else None) for n in range(6)]
    OfferFactory(title="Draft", status=OfferStatus.DRAFT)
    AskFactory(title="Need blog post feedback")
    owner = made[0].user
    Offer.objects.bulk_create([
        Offer(user=owner, slug=f"filler-{n}", title=f"Filler {n:x} item{n % 97}", description=f"Words w{n % 89} x{n}",
              offer_type="app", status=OfferStatus.ACTIVE) for n in range(FILLER_ROWS)
    ], batch_size=2000)
    Ask.objects.bulk_create([
        Ask(user=owner, slug=f"filler-{n}", title=f"Filler ask {n:x}", description=f"w{n % 89}", ask_type="feedback")
        for n in range(FILLER_ROWS // 2)
    ], batch_size=2000)
    search.rebuild_index()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE collective_offer SET created_at = now() - id * interval '1 minute'")
        for table in ("collective_offer", "collective_ask", "members_user"):
            cursor.execute(f"ANALYZE {table}")
        for index in ("offer_search_vector_gin", "ask_search_vector_gin"):  # what autovacuum does in production
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
    return made


@pytest.mark.parametrize("query", ["blog", "I need help writing blog posts", "claude"])
def test_offer_search_matches_and_ranks_through_the_gin_index(offers, query):
    nodes = plan(search.ranking_queryset(selectors.offers_public(), query, 200))
    assert not seq_scans(nodes)
    assert "offer_search_vector_gin" in indexes(nodes)


def test_a_sentence_first_ranks_rows_with_two_of_its_words_through_the_gin_index(offers):
    nodes = plan(search.ranking_queryset(selectors.offers_public(), "I need help writing blog posts", 200, two_of=True))
    assert not seq_scans(nodes)
    assert "offer_search_vector_gin" in indexes(nodes)


def test_prefix_search_uses_the_gin_index(offers):
    nodes = plan(search.ranking_queryset(selectors.offers_public(), "wri", 200, prefix=True))
    assert not seq_scans(nodes)
    assert "offer_search_vector_gin" in indexes(nodes)


def test_ask_search_uses_its_gin_index(offers):
    nodes = plan(search.ranking_queryset(selectors.asks_public(), "blog feedback", 200))
    assert not seq_scans(nodes)
    assert "ask_search_vector_gin" in indexes(nodes)


def test_search_joins_ids_without_casts(offers):
    sql, _ = search.ranking_queryset(selectors.offers_public(), "blog", 200).query.sql_with_params()
    assert "::text" not in sql and "CAST(" not in sql.upper()


def test_newest_first_pages_use_the_public_index(offers):
    first = selectors.offers_public().order_by("-created_at", "-id")[:20]
    nodes = plan(first)
    assert not seq_scans(nodes)
    assert indexes(nodes) & NEWEST_FIRST
    assert not any(n["Node Type"] == "Sort" for n in nodes)  # the index gives the order


def test_featured_first_uses_the_featured_index(offers):
    nodes = plan(selectors.offers_public().order_by("-is_featured", "-created_at", "-id")[:6])
    assert not seq_scans(nodes)
    assert "offer_public_featured_idx" in indexes(nodes)
    assert not any(n["Node Type"] == "Sort" for n in nodes)


def test_a_keyset_page_starts_at_its_cursor_in_the_index(offers):
    from django.db.models import Q

    cursor_row = offers[2]
    after = (selectors.offers_public().order_by("-created_at", "-id")
             .filter(created_at__lte=cursor_row.created_at)
             .filter(Q(created_at__lt=cursor_row.created_at) | Q(id__lt=cursor_row.pk))[:20])
    nodes = plan(after)
    assert not seq_scans(nodes)
    scan = next(n for n in nodes if n.get("Index Name") in NEWEST_FIRST)
    assert "created_at" in scan.get("Index Cond", "")  # a range start, not a filter over the skipped rows
