"""Hybrid search speed at 100,000 offers and 20,000 asks on PostgreSQL (not a test: it prints figures).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/discovery_bench .venv/bin/python bench/discovery_api_bench.py

Builds the data with bench/search_bench.py's generator (once; --rebuild to redo), embeds the offers with
`reindex_embeddings` (timed: rows read, embedded and written), reports the in-process index's memory, then
times `GET /api/v1/offers/?q=` for ten natural-language queries through Django's test client.
"""
import argparse
import time

from _common import out, timed
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from collective.models import Offer
from matching import index
from matching.choices import Kind
from matching.models import Embedding

QUERIES = [
    "someone to look at my website", "automate my invoices", "I need someone to test my app",
    "make my instagram posts faster", "help me write blog posts people finish", "cold emails that don't sound like AI",
    "a nicer logo for my bakery", "notes from my meetings", "teach me to use AI at work", "translate my site",
]


def main() -> int:
    import search_bench

    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--asks", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        out("This bench needs PostgreSQL: set DATABASE_URL=postgres://…/discovery_bench")
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    if args.rebuild or Offer.objects.filter(user__username__startswith=search_bench.PREFIX).count() < args.offers:
        search_bench.build(args.offers, args.asks)
    if args.rebuild or Embedding.objects.filter(kind=Kind.OFFER).count() < args.offers:
        started = time.perf_counter()
        call_command("reindex_embeddings", "--kind", "offer", "--force", verbosity=0)
        out(f"reindex_embeddings --kind offer: {Offer.objects.count():,} offers in "
            f"{time.perf_counter() - started:.1f} s (read, embed, write)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    loaded = index.matrix_for(Kind.OFFER)
    out(f"dense index: {len(loaded.ids):,} offers, {loaded.nbytes / 1e6:.1f} MB in process, "
        f"loaded in {time.perf_counter() - started:.1f} s")
    client = APIClient()
    for query in QUERIES:  # warm: query embeddings, typo vocabulary
        assert client.get("/api/v1/offers/", {"q": query}).status_code == 200
    timed("GET /api/v1/offers/?q= (10 queries, first page)",
          lambda i: client.get("/api/v1/offers/", {"q": QUERIES[i % len(QUERIES)]}), 50)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
