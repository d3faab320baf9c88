"""Concurrent spends, gifts and awards on PostgreSQL: 50 threads, each with its own database connection.

SQLite serializes every write on the whole database, so it can't show the row-lock behaviour
these tests are about; they are skipped there.
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from core.errors import ApplicationError
from economy.choices import PointsAction
from economy.models import CreditTransaction, PointsTransaction
from economy.services import credits_add, credits_spend, points_award, points_convert, points_gift
from members.factories import UserFactory

from .helpers import credits_ledger_sum, fresh, give_points, points_ledger_sum

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]

THREADS = 50


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent transactions need PostgreSQL; SQLite serializes all writes.")


def run_in_threads(work, count: int = THREADS) -> list:
    """Run work(i) in `count` threads that start together; returns each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_fifty_parallel_spends_and_gifts_never_overdraw_and_match_the_ledger():
    spender, friend = UserFactory(), UserFactory()
    credits_add(user=spender, amount=30, transaction_type="bonus", idempotency_key="seed")
    give_points(spender, 300)

    def work(i):
        if i % 2:
            return credits_spend(user=spender, feature="clip")  # 5 credits: 6 of 25 can succeed
        return points_gift(sender=spender, recipient=friend, amount=20)  # 15 of 25 can succeed

    results = run_in_threads(work)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, ApplicationError)]
    assert unexpected == []
    spends = [r for i, r in enumerate(results) if i % 2 and not isinstance(r, Exception)]
    gifts = [r for i, r in enumerate(results) if not i % 2 and not isinstance(r, Exception)]
    assert len(spends) == 6 and len(gifts) == 15
    spender, friend = fresh(spender), fresh(friend)
    assert spender.credit_balance == 0 == credits_ledger_sum(spender)
    assert spender.points == 0 == points_ledger_sum(spender)
    assert friend.points == 300 == points_ledger_sum(friend)
    assert spender.points_gifted_total == 300
    # Every balance_after is a real running balance: distinct, never negative.
    afters = list(
        CreditTransaction.objects.filter(user=spender, transaction_type="usage").values_list("balance_after", flat=True)
    )
    assert sorted(afters) == [0, 5, 10, 15, 20, 25]


def test_parallel_awards_to_one_member_lose_no_update():
    member = UserFactory()

    def work(i):
        return points_award(
            user=member, action=PointsAction.COMPLETE_HELP, related_user=None, idempotency_key=f"parallel:{i}"
        )

    results = run_in_threads(work)
    assert all(isinstance(r, PointsTransaction) for r in results)
    member = fresh(member)
    assert member.points == THREADS * 25 == points_ledger_sum(member)
    assert sorted(PointsTransaction.objects.filter(member=member).values_list("balance_after", flat=True)) == [
        25 * n for n in range(1, THREADS + 1)
    ]


def test_the_same_event_delivered_fifty_times_at_once_is_awarded_once():
    member = UserFactory()

    def work(i):
        return points_award(user=member, action=PointsAction.COMPLETE_ONBOARDING, source=member)

    results = run_in_threads(work)
    assert sum(isinstance(r, PointsTransaction) for r in results) == 1
    assert [r for r in results if isinstance(r, Exception)] == []
    assert fresh(member).points == 25


def test_crossed_gifts_between_two_members_do_not_deadlock():
    a, b = UserFactory(), UserFactory()
    give_points(a, 500)
    give_points(b, 500)

    def work(i):
        sender, recipient = (a, b) if i % 2 else (b, a)
        return points_gift(sender=sender, recipient=recipient, amount=7)

    results = run_in_threads(work)
    assert [r for r in results if isinstance(r, Exception)] == []
    a, b = fresh(a), fresh(b)
    assert a.points + b.points == 1000
    assert a.points == points_ledger_sum(a) and b.points == points_ledger_sum(b)


def test_parallel_conversions_and_double_submits_convert_each_form_once():
    member = UserFactory()
    give_points(member, 1000)

    def work(i):
        return points_convert(user=member, points=100, idempotency_key=f"form-{i % 5}")  # 5 forms, 10 clicks each

    results = run_in_threads(work)
    assert [r for r in results if isinstance(r, Exception)] == []
    member = fresh(member)
    assert member.points == 500 and member.credit_balance == 50
    assert CreditTransaction.objects.filter(user=member).aggregate(s=Sum("amount"))["s"] == 50
