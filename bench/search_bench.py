"""Search bench: natural-language discovery over 20,000 offers and 8,000 asks on PostgreSQL full-text.

Not a test: it prints timings. Run it against a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench .venv/bin/python bench/search_bench.py

It migrates that database, seeds the offer categories and a few tools, bulk-creates members, offers and
asks from a small vocabulary (so queries match thousands of rows, the hard case for ranking), builds
Wagtail's search index with `update_index`, then times what /discover and /api/v1/discover/ run:
a ranked first page and its count per section, the unified answer, and short (prefix) queries.
A second run reuses the data. Options: --offers N (default 20,000), --asks N (default 8,000), --rebuild.
"""

import argparse
import random
import time

from _common import out, timed
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection

from collective import selectors
from collective.choices import AskStatus, AskType, OfferStatus, OfferType, TaxonomyType
from collective.models import Ask, Offer, Taxonomy
from collective.services import offer_categories_seed
from members.models import User

PREFIX = "sbench_"
TOOLS = ["Claude", "ChatGPT", "Midjourney", "Cursor", "Zapier", "Notion AI", "Perplexity", "ElevenLabs"]
SUBJECTS = ["blog posts", "cold emails", "landing pages", "support replies", "lesson plans", "podcast notes",
            "sales decks", "product photos", "onboarding emails", "data reports", "job posts", "newsletters"]
VERBS = ["Writing", "Automating", "Reviewing", "Designing", "Editing", "Planning", "Testing", "Translating"]
EXTRAS = ["for small teams", "with a weekly checklist", "in your brand voice", "without sounding like a robot",
          "for founders", "on a tight budget", "step by step", "with examples"]
QUERIES = [
    "I need help writing blog posts",
    "automate my support replies",
    "someone to review my landing page",
    "cold emails that don't sound like AI",
    "claude",
    "newsl",  # a short query: prefix matching
]


def phrase(rng: random.Random) -> tuple[str, str]:
    title = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(EXTRAS)}"
    description = " ".join(f"{rng.choice(VERBS).lower()} {rng.choice(SUBJECTS)} {rng.choice(EXTRAS)}."
                           for _ in range(4))
    return title, description


def build(offers: int, asks: int) -> None:
    out(f"Building {offers:,} offers and {asks:,} asks …")
    started = time.perf_counter()
    rng = random.Random(7)
    Offer.objects.filter(user__username__startswith=PREFIX).delete()
    Ask.objects.filter(user__username__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    offer_categories_seed()
    categories = list(Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY))
    tools = [Taxonomy.objects.get_or_create(taxonomy_type=TaxonomyType.TOOL, name=name,
                                            defaults={"slug": name.lower().replace(" ", "-")})[0] for name in TOOLS]
    members = User.objects.bulk_create(
        [User(username=f"{PREFIX}{i}", password=make_password(None), display_name=f"Search bench {i}",
              bio=" ".join(phrase(rng))) for i in range(max(offers // 5, 1))],
        batch_size=2000,
    )
    offer_rows = []
    for i in range(offers):
        title, description = phrase(rng)
        offer_rows.append(Offer(user=rng.choice(members), slug=f"offer-{i}", title=title, description=description,
                                offer_type=rng.choice(OfferType.values), status=OfferStatus.ACTIVE,
                                category=rng.choice(categories)))
    made = Offer.objects.bulk_create(offer_rows, batch_size=2000)
    Offer.tools.through.objects.bulk_create(
        [Offer.tools.through(offer_id=o.pk, taxonomy_id=rng.choice(tools).pk) for o in made], batch_size=5000)
    ask_rows = []
    for i in range(asks):
        title, description = phrase(rng)
        ask_rows.append(Ask(user=rng.choice(members), slug=f"ask-{i}", title=title, description=description,
                            ask_type=rng.choice(AskType.values), status=AskStatus.OPEN,
                            category=rng.choice(categories)))
    Ask.objects.bulk_create(ask_rows, batch_size=2000)
    out(f"  rows in {time.perf_counter() - started:.1f} s; building the search index …")
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    out(f"  index in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--asks", type=int, default=8_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        out("This bench needs PostgreSQL: set DATABASE_URL=postgres://…/search_bench")
        return 2

    call_command("migrate", verbosity=0, interactive=False)
    if args.rebuild or Offer.objects.filter(user__username__startswith=PREFIX).count() < args.offers:
        build(args.offers, args.asks)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    out(f"\n{Offer.objects.count():,} offers, {Ask.objects.count():,} asks, {User.objects.count():,} members.\n")

    for query in QUERIES:
        out(f"“{query}”")
        timed("offers: first page of 12 + count",
              lambda i, q=query: (list(selectors.offers_search(query=q)[:12]), selectors.offers_search(query=q).count()),
              20)
        timed("asks: first page of 12 + count",
              lambda i, q=query: (list(selectors.asks_search(query=q, status=AskStatus.OPEN)[:12]),
                                  selectors.asks_search(query=q, status=AskStatus.OPEN).count()),
              20)
        timed("people: first page of 12",
              lambda i, q=query: list(selectors.people_search(query=q)[:12]), 20)
        timed("discover_unified (all four sections)",
              lambda i, q=query: selectors.discover_unified(query=q), 10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
