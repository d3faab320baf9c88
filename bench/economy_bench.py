"""Economy bench: awarding and leaderboard queries with 1,000,000 points-ledger rows on PostgreSQL.

Not a test: it prints timings and the query plans behind them. Run it against a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/economy_bench .venv/bin/python bench/economy_bench.py

It migrates that database, builds 20,000 members and 1,000,000 ledger rows spread over a year in a
few set-based INSERTs (generate_series), then times the hot paths. A second run reuses the data.
Options: --rows N (default 1,000,000), --members N (default 20,000), --rebuild.
"""

import argparse
import time

from _common import out, timed
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from economy import selectors, services
from economy.choices import GIVING_ACTIONS, POINTS_FOR_ACTION, PointsAction
from economy.models import PointsTransaction
from members.models import User

PREFIX = "bench_"


def build(members: int, rows: int) -> None:
    out(f"Building {members:,} members and {rows:,} ledger rows …")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM economy_pointstransaction WHERE idempotency_key LIKE 'bench:%%'")
        cursor.execute("DELETE FROM members_user WHERE username LIKE %s", [PREFIX + "%"])
    User.objects.bulk_create(
        [
            User(username=f"{PREFIX}{i}", password=make_password(None), display_name=f"Bench member {i}")
            for i in range(members)
        ],
        batch_size=5000,
    )
    ids = list(User.objects.filter(username__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
    actions = list(POINTS_FOR_ACTION.items())
    action_values = ", ".join(f"('{action}', {amount})" for action, amount in actions)
    with connection.cursor() as cursor:
        # One INSERT … SELECT: random member, random earning action, created within the last year.
        cursor.execute(
            f"""
            WITH a(action, amount) AS (VALUES {action_values}),
                 numbered AS (SELECT row_number() OVER () - 1 AS n, action, amount FROM a)
            INSERT INTO economy_pointstransaction
                (member_id, action, amount, balance_after, description, content_type_id, object_id,
                 related_user_id, idempotency_key, reverses_id, metadata, created_at)
            SELECT %(first)s + (random() * %(span)s)::int, numbered.action, numbered.amount, numbered.amount,
                   '', NULL, NULL, NULL, 'bench:' || g, NULL, '{{}}'::jsonb,
                   now() - random() * interval '365 days'
            FROM generate_series(1, %(rows)s) AS g
            JOIN numbered ON numbered.n = (g %% %(kinds)s)
        """,  # noqa: S608 - the VALUES list is built from the economy's own constants
            {"first": ids[0], "span": ids[-1] - ids[0], "rows": rows, "kinds": len(actions)},
        )
        # Cached balances = ledger sums, as the services keep them.
        cursor.execute("""
            UPDATE members_user u SET points = s.total
            FROM (SELECT member_id, SUM(amount) AS total FROM economy_pointstransaction
                  WHERE idempotency_key LIKE 'bench:%%' GROUP BY member_id) s
            WHERE u.id = s.member_id
        """)
        cursor.execute("UPDATE members_user SET helped_count = (id %% 97) WHERE username LIKE %s", [PREFIX + "%"])
    out(f"  built in {time.perf_counter() - started:.1f} s")


def explain(label: str, queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    out(f"\n  EXPLAIN ANALYZE — {label}")
    for line in plan:
        if any(word in line for word in ("Scan", "Aggregate", "Sort", "Limit", "Execution Time", "Join", "Index")):
            out("    " + line.strip()[:150])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        out("This bench needs PostgreSQL: set DATABASE_URL=postgres://…/economy_bench")
        return 2

    call_command("migrate", verbosity=0, interactive=False)
    existing = PointsTransaction.objects.filter(idempotency_key__startswith="bench:").count()
    if args.rebuild or existing < args.rows:
        build(args.members, args.rows)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: fresh statistics and a visibility map, so the
        # leaderboard's covering index is read with an index-only scan.
        cursor.execute("VACUUM ANALYZE economy_pointstransaction")
        cursor.execute("VACUUM ANALYZE members_user")
    total = PointsTransaction.objects.count()
    week = PointsTransaction.objects.filter(
        created_at__gte=timezone.now() - selectors.LEADERBOARD_WINDOW, action__in=GIVING_ACTIONS
    ).count()
    out(
        f"\nLedger: {total:,} points rows; {week:,} giving rows in the last 7 days; {User.objects.count():,} members.\n"
    )

    members = list(User.objects.filter(username__startswith=PREFIX).order_by("?")[:600])
    run = timezone.now().strftime("%H%M%S%f")

    out("Awarding (select_for_update + idempotency check + ledger insert + F() update, one transaction)")
    timed(
        "baseline: a one-row UPDATE committed on its own",
        lambda i: User.objects.filter(pk=members[i].pk).update(helped_count=F("helped_count")),
        300,
    )
    timed(
        "points_award, new event",
        lambda i: services.points_award(
            user=members[i], action=PointsAction.COMPLETE_HELP, idempotency_key=f"bench-run:{run}:{i}"
        ),
        300,
    )
    timed(
        "points_award, replayed event (no award)",
        lambda i: services.points_award(
            user=members[i], action=PointsAction.COMPLETE_HELP, idempotency_key=f"bench-run:{run}:{i}"
        ),
        300,
    )
    timed(
        "points_award, capped action (daily cap check)",
        lambda i: services.points_award(
            user=members[300 + i], action=PointsAction.GET_FOLLOWED, idempotency_key=f"bench-cap:{run}:{i}"
        ),
        200,
    )
    timed(
        "points_gift (two row locks, two ledger rows, gift row)",
        lambda i: services.points_gift(sender=members[i], recipient=members[i + 1], amount=1),
        200,
    )

    out("\nReading")
    timed(
        "leaderboard_page(period='week'), page 1",
        lambda i: list(selectors.leaderboard_page(period="week").object_list),
        30,
    )
    timed(
        "leaderboard_page(period='week'), page 50",
        lambda i: list(selectors.leaderboard_page(period="week", page_number=50).object_list),
        30,
    )
    timed(
        "leaderboard_page(period='all'), page 1",
        lambda i: list(selectors.leaderboard_page(period="all").object_list),
        30,
    )
    timed("featured_helpers_this_week (dashboard card)", lambda i: selectors.featured_helpers_this_week(), 30)
    heavy = members[0]
    timed("points_history page 1 (/my/points/)", lambda i: list(selectors.points_history(member=heavy)[:20]), 30)

    explain(
        "weekly leaderboard aggregate (page 1)",
        selectors.giving_points_since(timezone.now() - selectors.LEADERBOARD_WINDOW)[:20],
    )
    explain("all-time leaderboard (page 1)", selectors.all_time_helpers()[:20])
    explain("history page (/my/points/)", selectors.points_history(member=heavy)[:20])
    explain(
        "daily cap check",
        PointsTransaction.objects.filter(
            member=heavy,
            action=PointsAction.GET_FOLLOWED,
            created_at__gte=timezone.now().replace(hour=0, minute=0, second=0, microsecond=0),
        ).values("amount"),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
