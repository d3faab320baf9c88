"""The ledgers are append-only; curators undo entries with compensating rows; frames follow points."""

import pytest

from core.errors import ApplicationError, PermissionDenied
from economy.choices import CreditTransactionType, PointsAction, frame_for_points
from economy.models import AppendOnlyError, CreditTransaction, PointsTransaction
from economy.services import (
    credits_add,
    credits_reverse,
    credits_spend,
    points_award,
    points_convert,
    points_reverse,
)
from members.factories import UserFactory

from .helpers import credits_ledger_sum, fresh, give_points, points_ledger_sum

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(db):
    return UserFactory(username="keeper", role="curator")


def test_a_ledger_row_cannot_be_edited_or_deleted(member):
    entry = points_award(user=member, action=PointsAction.COMPLETE_ONBOARDING, source=member)
    entry.amount = 1000
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    credit, _ = credits_add(user=member, amount=5, transaction_type=CreditTransactionType.BONUS, idempotency_key="b1")
    with pytest.raises(AppendOnlyError):
        credit.delete()
    assert PointsTransaction.objects.get(pk=entry.pk).amount == 25


def test_reversal_adds_a_compensating_row_and_keeps_the_original(member, curator):
    entry = give_points(member, 40)
    reversal = points_reverse(entry=entry, curator=curator, reason="Fake connection")
    assert reversal.amount == -40 and reversal.reverses_id == entry.pk
    assert reversal.action == entry.action  # so weekly sums net out
    assert reversal.metadata["reason"] == "Fake connection" and reversal.metadata["curator_id"] == curator.pk
    assert PointsTransaction.objects.get(pk=entry.pk).amount == 40
    member = fresh(member)
    assert member.points == 0 == points_ledger_sum(member)


def test_an_entry_is_reversed_at_most_once_and_reversals_are_final(member, curator):
    entry = give_points(member, 40)
    reversal = points_reverse(entry=entry, curator=curator, reason="Fraud")
    with pytest.raises(ApplicationError, match="already been reversed"):
        points_reverse(entry=entry, curator=curator, reason="Again")
    with pytest.raises(ApplicationError, match="itself a reversal"):
        points_reverse(entry=reversal, curator=curator, reason="Undo the undo")
    assert fresh(member).points == 0


def test_reversal_takes_back_only_what_is_left_when_points_were_spent(member, other_member, curator):
    entry = give_points(member, 150)
    points_convert(user=member, points=100)
    reversal = points_reverse(entry=entry, curator=curator, reason="Farming")
    assert reversal.amount == -50 and reversal.metadata["requested"] == -150
    assert fresh(member).points == 0
    with pytest.raises(ApplicationError, match="already been reversed"):
        points_reverse(entry=entry, curator=curator, reason="Again")


def test_reversing_a_spend_gives_the_points_back(member, curator):
    give_points(member, 200)
    points_convert(user=member, points=200)
    spend = PointsTransaction.objects.get(member=member, action=PointsAction.POINTS_CONVERSION)
    points_reverse(entry=spend, curator=curator, reason="Converted by mistake")
    assert fresh(member).points == 200


def test_only_curators_reverse_and_they_must_say_why(member, other_member, curator):
    entry = give_points(member, 30)
    with pytest.raises(PermissionDenied):
        points_reverse(entry=entry, curator=other_member, reason="I don't like it")
    with pytest.raises(ApplicationError, match="Say why"):
        points_reverse(entry=entry, curator=curator, reason="  ")
    assert fresh(member).points == 30


def test_credit_reversals_compensate_and_never_go_negative(member, curator):
    purchase, _ = credits_add(
        user=member, amount=100, transaction_type=CreditTransactionType.PURCHASE, idempotency_key="pi_1"
    )
    credits_spend(user=member, feature="course_builder_assist")
    reversal = credits_reverse(entry=purchase, curator=curator, reason="Chargeback")
    assert reversal.amount == -90 and reversal.transaction_type == CreditTransactionType.PURCHASE
    member = fresh(member)
    assert member.credit_balance == 0 == credits_ledger_sum(member)
    with pytest.raises(ApplicationError, match="already been reversed"):
        credits_reverse(entry=purchase, curator=curator, reason="Again")


def test_reversing_when_nothing_is_left_says_so(member, curator):
    entry = give_points(member, 100)
    points_convert(user=member, points=100)
    with pytest.raises(ApplicationError, match="no points left"):
        points_reverse(entry=entry, curator=curator, reason="Fraud")


def test_balance_after_is_the_running_balance(member):
    give_points(member, 30)
    give_points(member, 120)
    points_convert(user=member, points=100)
    rows = list(PointsTransaction.objects.filter(member=member).order_by("id").values_list("amount", "balance_after"))
    assert rows == [(30, 30), (120, 150), (-100, 50)]
    credit = CreditTransaction.objects.get(user=member)
    assert credit.balance_after == 10 == fresh(member).credit_balance


@pytest.mark.parametrize(
    ("points", "frame"),
    [(0, "none"), (99, "none"), (100, "bronze"), (250, "silver"), (499, "silver"), (500, "gold"), (1000, "diamond")],
)
def test_frame_thresholds(points, frame):
    assert frame_for_points(points) == frame


def test_avatar_frame_follows_current_points_up_and_down(member):
    give_points(member, 260)
    assert fresh(member).avatar_frame == "silver"
    points_convert(user=member, points=200)
    assert fresh(member).avatar_frame == "none"
    give_points(member, 60)
    assert fresh(member).avatar_frame == "bronze"
