"""The ledger's last lines of defence, reached directly: every public service checks the balance before it
posts, so only these tests notice if `_post_points` stops refusing a negative balance, or if a concurrent
duplicate of an award (the idempotency key's unique index) stops being absorbed."""
import threading
import time

import pytest
from django.db import connection, connections, transaction

from core.errors import ApplicationError
from economy.choices import PointsAction
from economy.models import PointsTransaction
from economy.services import _lock, _post_points, points_award
from members.factories import UserFactory

from .helpers import fresh, give_points, points_ledger_sum


def post(member, delta: int, key: str) -> PointsTransaction:
    with transaction.atomic():
        locked = _lock(member.pk)[member.pk]
        return _post_points(member=locked, delta=delta, action=PointsAction.GIFT_SENT, key=key, description="Test")


@pytest.mark.django_db
def test_posting_below_zero_is_refused_and_writes_nothing(member):
    give_points(member, 30)
    with pytest.raises(ApplicationError) as refused:
        post(member, -31, key="overdraw")
    assert refused.value.code == "insufficient_points" and refused.value.fields == {"amount": ["You have 30 points."]}
    assert fresh(member).points == 30 and not PointsTransaction.objects.filter(idempotency_key="overdraw").exists()
    # Control: exactly the balance may be taken, down to zero.
    assert post(member, -30, key="all-of-it").balance_after == 0
    assert fresh(member).points == 0 == points_ledger_sum(member)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_a_duplicate_award_committed_concurrently_is_absorbed_and_the_transaction_goes_on():
    """Another connection commits a row with the same key after this award's checks but before its insert: the
    insert waits on the unique index, fails, and the award returns None inside a savepoint.

    The other row belongs to another member: a row of the same member would take a key-share lock on the member
    (at commit: Django's foreign keys are deferred), so the award's row lock would wait for it and its re-check
    would answer first. The unique index is what holds when the lock can't, e.g. for a key shared by two members."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs two concurrent PostgreSQL connections.")
    member, somebody = UserFactory(), UserFactory()
    key = "complete_onboarding:shared-event"
    inserted, waiting = threading.Event(), threading.Event()

    def concurrent_request():
        try:
            with transaction.atomic():
                PointsTransaction.objects.create(member=somebody, action=PointsAction.COMPLETE_ONBOARDING, amount=25,
                                                 balance_after=25, idempotency_key=key, description="The other one")
                inserted.set()
                deadline = time.monotonic() + 20
                with connection.cursor() as cursor:  # commit only once the award is blocked on our key
                    while time.monotonic() < deadline:
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"
                                       " AND transactionid::text = pg_current_xact_id()::text")
                        if cursor.fetchone()[0]:
                            waiting.set()
                            break
                        time.sleep(0.02)
        finally:
            connections.close_all()

    other = threading.Thread(target=concurrent_request)
    other.start()
    assert inserted.wait(10)
    with transaction.atomic():  # the caller's own transaction (e.g. onboarding's last step)
        result = points_award(user=member, action=PointsAction.COMPLETE_ONBOARDING, idempotency_key=key)
        give_points(member, 5, key="after-the-duplicate")  # the outer transaction is still usable
    other.join(20)
    assert waiting.is_set(), "the award never waited on the other connection's row"
    assert result is None
    rows = list(PointsTransaction.objects.order_by("pk").values_list("member", "idempotency_key", "amount"))
    assert rows[-2:] == [(somebody.pk, key, 25), (member.pk, "after-the-duplicate", 5)]
    assert fresh(member).points == 5 == points_ledger_sum(member)  # the lost award moved no balance
