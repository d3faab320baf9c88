"""Build a database at production scale for the benches: 100,000 offers, 20,000 asks, 10,000 members,
1,000,000 points-ledger rows, with tools, tags and categories like the demo's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/generate.py

It creates the database if missing, migrates it, seeds the categories, pages, the curated tools
(fixtures/tools.yaml) and badge types, then writes every bulk row with COPY (rows are built as model
instances and written through each field's own database conversion, so new fields with defaults need
no change here), builds the search index in bulk and embeds offers, asks and members. A second run drops
the bench rows first.
Options: --offers, --asks, --members, --ledger (row counts), --seed.

Member `benchstore` owns 1,000 offers (the big storefront); every offer text comes from a vocabulary
shaped like the demo's, so common words match thousands of rows (the hard case for ranking).
"""
import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")

import psycopg  # noqa: E402


def ensure_database(url: str) -> None:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    ensure_database(os.environ["DATABASE_URL"])

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import out  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from collective.choices import AskStatus, AskType, OfferStatus, OfferType, PricingType, TaxonomyType  # noqa: E402
from collective.models import Ask, Offer, Taxonomy  # noqa: E402
from collective.text_format import markdown_to_html  # noqa: E402
from economy.choices import POINTS_FOR_ACTION  # noqa: E402
from members.models import User  # noqa: E402

PREFIX = "bench"
STOREFRONT = "benchstore"
STOREFRONT_OFFERS = 1000

VERBS = ["Writing", "Automating", "Reviewing", "Designing", "Editing", "Planning", "Testing", "Translating",
         "Building", "Coaching", "Auditing", "Launching", "Prototyping", "Teaching", "Debugging", "Scaling"]
SUBJECTS = ["blog posts", "cold emails", "landing pages", "support replies", "lesson plans", "podcast notes",
            "sales decks", "product photos", "onboarding emails", "data reports", "job posts", "newsletters",
            "chatbots", "prompt libraries", "spreadsheets", "meeting notes", "video scripts", "pitch decks",
            "customer interviews", "pricing pages", "SEO briefs", "product demos", "support macros",
            "Notion workspaces", "Zapier workflows", "RAG pipelines", "voice agents", "brand guidelines",
            "grant proposals", "course outlines", "case studies", "release notes", "résumés", "logo concepts",
            "dashboards", "API docs", "Discord bots", "Shopify stores", "invoices", "research summaries"]
EXTRAS = ["for small teams", "with a weekly checklist", "in your brand voice", "without sounding like a robot",
          "for founders", "on a tight budget", "step by step", "with examples", "for nonprofits",
          "for teachers", "in one afternoon", "that people finish reading", "for solo consultants",
          "with open-source models", "for Etsy sellers", "in plain English"]
SENTENCES = [
    "I have done this for {n} clients and share the exact templates I use.",
    "You get a recorded walkthrough and a checklist you can reuse.",
    "We start with a short call about your goals, then I send a first draft within two days.",
    "Built with {tool} and a lot of trial and error.",
    "Works best if you already have a rough draft or a list of ideas.",
    "I explain every prompt so you can adapt it without me.",
    "Includes {n} ready-made examples and a troubleshooting guide.",
    "Great for people who are new to AI and want something practical.",
    "I focus on results you can measure: replies, sign-ups, time saved.",
    "Happy to review what you have and suggest the smallest useful change.",
    "Everything is documented in a shared doc you keep.",
    "Expect honest feedback and concrete next steps.",
]
ASK_OPENERS = ["Looking for help with", "Need feedback on", "Want someone to review", "Seeking a collaborator for",
               "Can anyone teach me", "Beta testers wanted for", "Advice needed on", "Hiring for"]
TAGS = ["Python", "JavaScript", "Copywriting", "Marketing", "Design", "Research", "Automation", "Data analysis",
        "Prompt engineering", "No-code", "Teaching", "Product management", "Sales", "Customer support",
        "Video", "Audio", "Writing", "SEO", "Accessibility", "Nonprofits", "Education", "Startups", "Ethics",
        "Machine learning", "Agents", "Fine-tuning", "Embeddings", "Web scraping", "Spreadsheets", "Email",
        "Podcasting", "Illustration", "Photography", "Branding", "UX research", "Community", "Finance",
        "Legal", "Healthcare", "Recruiting"]
QUERIES = [  # also used by http_bench.py
    "I need help writing blog posts",
    "automate my support replies",
    "someone to review my landing page",
    "cold emails that don't sound like AI",
    "claude",
    "prompt libraries for teachers",
    "notion workspace for small teams",
    "midj",
    "I want to build a voice agent on a tight budget",
    "pitch deck feedback",
]


def sentence(rng: random.Random, tools: list[str]) -> str:
    return rng.choice(SENTENCES).format(n=rng.randint(3, 40), tool=rng.choice(tools))


def copy_rows(model: type[models.Model], instances: list[models.Model]) -> None:
    """COPY model instances into their table, every concrete column converted by its own field."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:  # noqa: S608 - model metadata
            for obj in instances:
                copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])


def next_ids(model: type[models.Model], n: int) -> range:
    """Reserve n primary keys from the table's sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                       f"(SELECT COALESCE(MAX(id), 0) FROM {table}) + %s)", [n])
        last = cursor.fetchone()[0]
    return range(last - n + 1, last + 1)


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM economy_pointstransaction WHERE idempotency_key LIKE 'bench:%%'")
        ids = "SELECT id FROM members_user WHERE username LIKE 'bench%%'"
        for table, column in [("collective_offer_tools", "offer_id"), ("collective_offer_tags", "offer_id")]:
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN "  # noqa: S608
                           f"(SELECT id FROM collective_offer WHERE user_id IN ({ids}))")
        cursor.execute(f"DELETE FROM collective_ask_tools WHERE ask_id IN (SELECT id FROM collective_ask WHERE user_id IN ({ids}))")  # noqa: S608,E501
        cursor.execute(f"DELETE FROM collective_viewrecord WHERE offer_id IN (SELECT id FROM collective_offer WHERE user_id IN ({ids}))")  # noqa: S608,E501
        cursor.execute(f"DELETE FROM collective_offer WHERE user_id IN ({ids})")  # noqa: S608
        cursor.execute(f"DELETE FROM collective_ask WHERE user_id IN ({ids})")  # noqa: S608
    User.objects.filter(username__startswith=PREFIX).delete()
    Taxonomy.objects.filter(slug__startswith="bench-").delete()


def seed_reference_data() -> None:
    for command, args in [("seed_offer_categories", []), ("seed_pages", []),
                          ("load_tools", ["fixtures/tools.yaml"]), ("seed_peer_badges", [])]:
        call_command(command, *args, verbosity=0)


def build(args) -> None:
    rng = random.Random(args.seed)
    now = timezone.now()
    categories = list(Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True))
    tools = list(Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL, is_active=True))
    tool_names = [t.name for t in tools]
    tags = Taxonomy.objects.bulk_create([
        Taxonomy(name=name, slug=f"bench-{i}", taxonomy_type=rng.choice([TaxonomyType.SKILL, TaxonomyType.TOPIC]))
        for i, name in enumerate(TAGS)])

    started = time.perf_counter()
    password = make_password("bench-password-2026")
    member_ids = next_ids(User, args.members)
    members = []
    for n, pk in enumerate(member_ids):
        username = STOREFRONT if n == 0 else f"{PREFIX}{n}"
        members.append(User(
            pk=pk, username=username, password=password, email=f"{username}@example.com",
            display_name=f"{rng.choice(['Ada', 'Sam', 'Noor', 'Li', 'Maya', 'Theo', 'Iris', 'Kofi'])} Bench {n}",
            tagline=f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
            bio=" ".join(sentence(rng, tool_names) for _ in range(2)),
            date_joined=now - timedelta(days=rng.randint(0, 700)), is_active=True,
            helped_count=rng.randint(0, 60), followers_count=rng.randint(0, 300)))
    copy_rows(User, members)
    out(f"  {len(members):,} members in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    offer_ids = next_ids(Offer, args.offers)
    offers, offer_tools, offer_tags = [], [], []
    statuses = [OfferStatus.ACTIVE] * 90 + [OfferStatus.PAUSED] * 4 + [OfferStatus.DRAFT] * 3 + [OfferStatus.ARCHIVED] * 3
    for n, pk in enumerate(offer_ids):
        # benchstore gets exactly STOREFRONT_OFFERS; a few prolific members (Pareto), then everyone else.
        prolific = min(int(rng.paretovariate(1.2)), len(member_ids) - 1)
        owner = member_ids[0] if n < STOREFRONT_OFFERS else member_ids[
            prolific if rng.random() < 0.3 else rng.randrange(1, len(member_ids))]
        title = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(EXTRAS)}"
        status = rng.choice(statuses)
        created = now - timedelta(seconds=rng.randint(0, 365 * 86400))
        pricing = rng.choice([PricingType.FREE] * 3 + [PricingType.ONE_TIME, PricingType.HOURLY, PricingType.MONTHLY])
        price = 0 if pricing == PricingType.FREE else rng.choice([900, 1900, 4900, 9900, 15000])
        offer_type = rng.choice(OfferType.values)
        body = ("## Notes\n\n" + " ".join(sentence(rng, tool_names) for _ in range(6))) if offer_type == "post" else ""
        offers.append(Offer(
            pk=pk, user_id=owner, slug=f"offer-{pk}", title=title,
            description=" ".join(sentence(rng, tool_names) for _ in range(rng.randint(2, 5))),
            offer_type=offer_type, body=body, body_html=markdown_to_html(body) if body else "",
            category=rng.choice(categories), pricing_type=pricing, price_cents=price, is_paid=price > 0,
            status=status, is_archived=status == OfferStatus.ARCHIVED, is_featured=rng.random() < 0.02,
            view_count=rng.randint(0, 2000), connection_count=rng.randint(0, 40),
            created_at=created, updated_at=created,
            published_at=created if status in (OfferStatus.ACTIVE, OfferStatus.PAUSED) else None))
        for tool in rng.sample(tools, rng.randint(1, 3)):
            offer_tools.append(Offer.tools.through(offer_id=pk, taxonomy_id=tool.pk))
        for tag in rng.sample(tags, rng.randint(0, 3)):
            offer_tags.append(Offer.tags.through(offer_id=pk, taxonomy_id=tag.pk))
    copy_rows(Offer, offers)
    for through, rows in [(Offer.tools.through, offer_tools), (Offer.tags.through, offer_tags)]:
        for row, pk in zip(rows, next_ids(through, len(rows)), strict=True):
            row.pk = pk
        copy_rows(through, rows)
    out(f"  {len(offers):,} offers ({len(offer_tools):,} tool links, {len(offer_tags):,} tags) "
        f"in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    ask_ids = next_ids(Ask, args.asks)
    asks, ask_tools = [], []
    ask_statuses = [AskStatus.OPEN] * 70 + [AskStatus.IN_PROGRESS] * 10 + [AskStatus.FULFILLED] * 15 + [AskStatus.CLOSED] * 5
    for pk in ask_ids:
        created = now - timedelta(seconds=rng.randint(0, 365 * 86400))
        paid = rng.random() < 0.2
        asks.append(Ask(
            pk=pk, user_id=rng.randrange(member_ids[1], member_ids[-1] + 1), slug=f"ask-{pk}",
            title=f"{rng.choice(ASK_OPENERS)} {rng.choice(SUBJECTS)} {rng.choice(EXTRAS)}",
            description=" ".join(sentence(rng, tool_names) for _ in range(rng.randint(2, 4))),
            ask_type=rng.choice(AskType.values), category=rng.choice(categories), status=rng.choice(ask_statuses),
            is_archived=rng.random() < 0.03, is_paid_opportunity=paid,
            budget_min_cents=5000 if paid else None, budget_max_cents=20000 if paid else None,
            view_count=rng.randint(0, 500), created_at=created, updated_at=created))
        for tool in rng.sample(tools, rng.randint(0, 2)):
            ask_tools.append(Ask.tools.through(ask_id=pk, taxonomy_id=tool.pk))
    copy_rows(Ask, asks)
    for row, pk in zip(ask_tools, next_ids(Ask.tools.through, len(ask_tools)), strict=True):
        row.pk = pk
    copy_rows(Ask.tools.through, ask_tools)
    out(f"  {len(asks):,} asks in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    actions = list(POINTS_FOR_ACTION.items())
    action_values = ", ".join(f"('{action}', {amount})" for action, amount in actions)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH a(action, amount) AS (VALUES {action_values}),
                 numbered AS (SELECT row_number() OVER () - 1 AS n, action, amount FROM a)
            INSERT INTO economy_pointstransaction
                (member_id, action, amount, balance_after, description, content_type_id, object_id,
                 related_user_id, idempotency_key, reverses_id, metadata, created_at)
            SELECT %(first)s + (random() * %(span)s)::int, numbered.action, numbered.amount, numbered.amount,
                   '', NULL, NULL, NULL, 'bench:' || g, NULL, '{{}}'::jsonb, now() - random() * interval '365 days'
            FROM generate_series(1, %(rows)s) AS g JOIN numbered ON numbered.n = (g %% %(kinds)s)
            """,  # noqa: S608 - the VALUES list is built from the economy's own constants
            {"first": member_ids[0], "span": member_ids[-1] - member_ids[0], "rows": args.ledger, "kinds": len(actions)})
        cursor.execute("""
            UPDATE members_user u SET points = s.total
            FROM (SELECT member_id, SUM(amount) AS total FROM economy_pointstransaction
                  WHERE idempotency_key LIKE 'bench:%%' GROUP BY member_id) s
            WHERE u.id = s.member_id""")
    out(f"  {args.ledger:,} ledger rows in {time.perf_counter() - started:.1f} s")


def build_search_index() -> None:
    """Offers' and asks' search vectors in one UPDATE each, then Wagtail's index (people, tools, pages)."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.index import get_indexed_models

    from collective import search

    started = time.perf_counter()
    search.rebuild_index()
    out(f"  search vectors of offers and asks in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    backend = get_search_backend()
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        queryset = model.get_indexed_objects().order_by("pk")
        last = 0
        while chunk := list(queryset.filter(pk__gt=last)[:2000]):
            index.add_items(model, chunk)
            last = chunk[-1].pk
    out(f"  Wagtail search index in {time.perf_counter() - started:.1f} s")


def build_embeddings() -> None:
    """The dense half of hybrid search: every offer, ask and member embedded (wordllama, the default)."""
    with connection.cursor() as cursor:  # vectors of the rows clear() removed
        cursor.execute("DELETE FROM matching_embedding WHERE kind IN ('offer', 'ask', 'member')")
    started = time.perf_counter()
    call_command("reindex_embeddings", kind=["offer", "ask", "member"], verbosity=0)
    out(f"  embeddings of offers, asks and members in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--asks", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--ledger", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        out("This needs PostgreSQL: set DATABASE_URL=postgres://…/bench")
        return 2
    total = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    seed_reference_data()
    out("Clearing earlier bench rows …")
    clear()
    out("Writing rows …")
    with transaction.atomic():
        build(args)
    build_search_index()
    build_embeddings()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    out(f"Done in {time.perf_counter() - total:.1f} s: {Offer.objects.count():,} offers, {Ask.objects.count():,} asks, "
        f"{User.objects.count():,} members.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
