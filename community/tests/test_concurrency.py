"""50 members RSVP at once on PostgreSQL: going never exceeds capacity, the rest are waitlisted in order."""
import threading

import pytest
from django.db import connection, connections

from community import services
from community.choices import RSVPStatus
from community.factories import EventFactory
from community.models import RSVP, Event
from members.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 50


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serializes all writes.")


def _together(work, count=THREADS) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_concurrent_rsvps_never_exceed_capacity():
    event = EventFactory(capacity=7)
    members = UserFactory.create_batch(THREADS)
    results = _together(lambda i: services.rsvp_create(member=members[i], event=Event.objects.get(pk=event.pk)))
    assert [r for r in results if isinstance(r, Exception)] == []
    event.refresh_from_db()
    assert event.going_count == 7
    assert RSVP.objects.filter(event=event, status=RSVPStatus.GOING).count() == 7
    assert RSVP.objects.filter(event=event, status=RSVPStatus.WAITLISTED).count() == THREADS - 7


def test_concurrent_cancellations_promote_without_overbooking():
    event = EventFactory(capacity=10)
    members = UserFactory.create_batch(30)
    for m in members:
        services.rsvp_create(member=m, event=event)
    going = members[:10]
    results = _together(lambda i: services.rsvp_cancel(member=going[i], event=Event.objects.get(pk=event.pk)),
                        count=10)
    assert [r for r in results if isinstance(r, Exception)] == []
    event.refresh_from_db()
    assert event.going_count == 10
    assert set(RSVP.objects.filter(event=event, status=RSVPStatus.GOING).values_list("member_id", flat=True)) == {
        m.pk for m in members[10:20]}
