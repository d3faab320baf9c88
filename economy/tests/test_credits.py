"""Credits: one-way conversion from points, spending on AI features, purchases/refunds, gifts of both currencies."""

import pytest

from collective.choices import ConnectionStatus
from collective.factories import ConnectionFactory
from core.errors import ApplicationError, NotFound
from economy.choices import FEATURE_COSTS, CreditTransactionType, PointsAction
from economy.models import CreditTransaction, PointGift, PointsTransaction
from economy.services import (
    conversion_preview,
    credits_add,
    credits_gift,
    credits_revoke,
    credits_spend,
    points_award,
    points_convert,
    points_gift,
)
from members.factories import AgentProfileFactory, UserFactory

from .helpers import credits_ledger_sum, fresh, give_credits, give_points, points_ledger_sum

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------- conversion
@pytest.mark.parametrize(
    ("requested", "spent", "credits"), [(100, 100, 10), (199, 100, 10), (250, 200, 20), (1000, 1000, 100)]
)
def test_conversion_rounds_down_to_whole_hundreds_and_the_rest_stays_as_points(member, requested, spent, credits):
    give_points(member, 1000)
    entry = points_convert(user=member, points=requested)
    assert (entry.points_converted, entry.amount) == (spent, credits)
    assert conversion_preview(requested) == (spent, credits)
    member = fresh(member)
    assert member.points == 1000 - spent == points_ledger_sum(member)
    assert member.credit_balance == credits == credits_ledger_sum(member)


@pytest.mark.parametrize(
    ("balance", "requested", "message"),
    [
        (500, 99, "at least 100"),
        (500, 0, "at least 100"),
        (500, -100, "at least 100"),
        (500, "lots", "whole number"),
        (150, 200, "convert up to 100"),
        (60, 100, "need at least 100 points"),
    ],
)
def test_conversion_failures_explain_themselves_and_change_nothing(member, balance, requested, message):
    give_points(member, balance)
    with pytest.raises(ApplicationError, match=message) as caught:
        points_convert(user=member, points=requested)
    assert "points" in caught.value.fields
    member = fresh(member)
    assert member.points == balance and member.credit_balance == 0


def test_a_double_submitted_conversion_converts_once(member):
    give_points(member, 300)
    first = points_convert(user=member, points=100, idempotency_key="form-1")
    again = points_convert(user=member, points=100, idempotency_key="form-1")
    assert first.pk == again.pk
    assert fresh(member).points == 200


def test_conversion_is_one_way_credits_never_become_points(member):
    give_credits(member, 500)
    with pytest.raises(ApplicationError):
        points_award(user=member, action=PointsAction.POINTS_CONVERSION)
    with pytest.raises(ApplicationError, match="purchase, a refund or a bonus"):
        credits_add(
            user=member, amount=10, transaction_type=CreditTransactionType.POINTS_CONVERSION, idempotency_key="x"
        )
    assert fresh(member).points == 0
    assert not PointsTransaction.objects.filter(member=member).exists()


# ----------------------------------------------------------------------------------------- spending
@pytest.mark.parametrize(("feature", "cost"), sorted(FEATURE_COSTS.items()))
def test_each_feature_costs_its_price(member, feature, cost):
    give_credits(member, 20)
    entry = credits_spend(user=member, feature=feature, metadata={"run": 1})
    assert entry.amount == -cost and entry.transaction_type == CreditTransactionType.USAGE
    assert entry.metadata == {"feature": feature, "run": 1}
    assert fresh(member).credit_balance == 20 - cost


def test_spending_more_than_the_balance_is_refused_with_402(member):
    give_credits(member, 4)
    with pytest.raises(ApplicationError, match="needs 5 credits; you have 4") as caught:
        credits_spend(user=member, feature="clip")
    assert caught.value.status == 402 and caught.value.code == "insufficient_credits"
    assert fresh(member).credit_balance == 4


def test_spending_with_no_credits_is_refused(member):
    with pytest.raises(ApplicationError, match="you have 0"):
        credits_spend(user=member, feature="ava_session")


def test_an_unknown_feature_is_refused(member):
    give_credits(member, 10)
    with pytest.raises(ApplicationError, match="isn't priced"):
        credits_spend(user=member, feature="teleport")


def test_a_retried_spend_with_the_same_key_is_charged_once(member):
    give_credits(member, 10)
    first = credits_spend(user=member, feature="image", idempotency_key="run-42")
    again = credits_spend(user=member, feature="image", idempotency_key="run-42")
    assert first.pk == again.pk
    assert fresh(member).credit_balance == 8


def test_a_failed_feature_run_is_refunded(member):
    give_credits(member, 10)
    credits_spend(user=member, feature="course_builder_assist", idempotency_key="run-7")
    credits_add(user=member, amount=10, transaction_type=CreditTransactionType.REFUND, idempotency_key="run-7")
    member = fresh(member)
    assert member.credit_balance == 10 == credits_ledger_sum(member)


# ------------------------------------------------------------------------------- purchases, revoking
def test_a_purchase_is_credited_once_per_key(member):
    first, created = credits_add(
        user=member,
        amount=100,
        transaction_type=CreditTransactionType.PURCHASE,
        idempotency_key="evt_1",
        stripe_payment_intent_id="pi_1",
    )
    again, created_again = credits_add(
        user=member,
        amount=100,
        transaction_type=CreditTransactionType.PURCHASE,
        idempotency_key="evt_1",
        stripe_payment_intent_id="pi_1",
    )
    assert created and not created_again and first.pk == again.pk
    assert first.stripe_payment_intent_id == "pi_1"
    assert fresh(member).credit_balance == 100


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": 0}, "at least 1"),
        ({"amount": -5}, "at least 1"),
        ({"idempotency_key": ""}, "idempotency key is required"),
        ({"transaction_type": "usage"}, "purchase, a refund or a bonus"),
    ],
)
def test_credits_add_rejects_bad_input(member, kwargs, message):
    params = {"amount": 10, "transaction_type": CreditTransactionType.BONUS, "idempotency_key": "k"} | kwargs
    with pytest.raises(ApplicationError, match=message):
        credits_add(user=member, **params)
    assert fresh(member).credit_balance == 0


def test_revoking_after_a_refund_takes_back_what_is_left_and_records_the_shortfall(member):
    credits_add(user=member, amount=100, transaction_type=CreditTransactionType.PURCHASE, idempotency_key="evt_1")
    for _ in range(8):
        credits_spend(user=member, feature="course_builder_assist")
    result = credits_revoke(user=member, amount=100, idempotency_key="re_1", stripe_payment_intent_id="pi_1")
    assert (result.taken, result.shortfall, result.created) == (20, 80, True)
    assert result.transaction.amount == -20 and result.transaction.metadata["shortfall"] == 80
    again = credits_revoke(user=member, amount=100, idempotency_key="re_1")
    assert not again.created and again.taken == 20
    member = fresh(member)
    assert member.credit_balance == 0 == credits_ledger_sum(member)


# -------------------------------------------------------------------------------------------- gifts
def test_gifting_points_moves_them_and_records_the_gift(member, other_member):
    give_points(member, 120)
    gift = points_gift(sender=member, recipient=other_member, amount=50, message="Thanks for the feedback!")
    member, other_member = fresh(member), fresh(other_member)
    assert (member.points, other_member.points) == (70, 50)
    assert member.points_gifted_total == 50
    assert gift.message == "Thanks for the feedback!"
    assert member.points == points_ledger_sum(member) and other_member.points == points_ledger_sum(other_member)
    assert list(
        PointsTransaction.objects.filter(object_id=gift.pk, action__startswith="gift")
        .order_by("amount")
        .values_list("member", "amount")
    ) == [(member.pk, -50), (other_member.pk, 50)]


def test_gifting_credits_records_a_sent_and_received_pair(member, other_member):
    give_credits(member, 30)
    sent = credits_gift(sender=member, recipient=other_member, amount=12, message="For Ava")
    received = CreditTransaction.objects.get(user=other_member, transaction_type=CreditTransactionType.GIFT_RECEIVED)
    assert (sent.amount, received.amount) == (-12, 12)
    assert sent.related_user_id == other_member.pk and received.related_user_id == member.pk
    assert fresh(member).credits_gifted_total == 12
    assert (fresh(member).credit_balance, fresh(other_member).credit_balance) == (18, 12)


@pytest.mark.parametrize("gift", [points_gift, credits_gift])
@pytest.mark.parametrize(
    ("amount", "field", "message"),
    [
        (0, "amount", "at least 1"),
        (-10, "amount", "at least 1"),
        (10_000, "amount", "at most"),
        ("ten", "amount", "whole number"),
    ],
)
def test_gift_amounts_are_checked(member, other_member, gift, amount, field, message):
    give_points(member, 600)
    give_credits(member, 100)
    with pytest.raises(ApplicationError, match=message) as caught:
        gift(sender=member, recipient=other_member, amount=amount)
    assert field in caught.value.fields
    assert fresh(other_member).points == 0 and fresh(other_member).credit_balance == 0


@pytest.mark.parametrize(("gift", "noun"), [(points_gift, "points"), (credits_gift, "credits")])
def test_gifts_to_yourself_are_refused(member, gift, noun):
    give_points(member, 100)
    give_credits(member, 100)
    with pytest.raises(ApplicationError, match=f"can't gift {noun} to yourself"):
        gift(sender=member, recipient=member, amount=10)


@pytest.mark.parametrize(
    ("gift", "message"), [(points_gift, "don't have any points"), (credits_gift, "don't have any credits")]
)
def test_gifts_need_a_positive_balance(member, other_member, gift, message):
    with pytest.raises(ApplicationError, match=message):
        gift(sender=member, recipient=other_member, amount=1)


@pytest.mark.parametrize(
    ("gift", "message"), [(points_gift, "you can gift up to 30"), (credits_gift, "you can gift up to 30")]
)
def test_gifts_cannot_exceed_the_balance(member, other_member, gift, message):
    give_points(member, 30)
    give_credits(member, 30)
    with pytest.raises(ApplicationError, match=message):
        gift(sender=member, recipient=other_member, amount=31)
    assert fresh(member).points == 30 and fresh(member).credit_balance == 30


def test_gifts_to_agents_and_inactive_members_are_refused(member):
    give_points(member, 100)
    agent = AgentProfileFactory().user
    with pytest.raises(ApplicationError, match="Agents can't receive"):
        points_gift(sender=member, recipient=agent, amount=10)
    gone = UserFactory(is_active=False)
    with pytest.raises(ApplicationError, match="doesn't exist"):
        points_gift(sender=member, recipient=gone, amount=10)


def test_a_gift_about_a_connection_must_be_between_its_participants(member, other_member):
    give_points(member, 100)
    connection = ConnectionFactory(status=ConnectionStatus.COMPLETED)
    with pytest.raises(NotFound):
        points_gift(sender=member, recipient=other_member, amount=10, connection=connection)


def test_a_double_clicked_gift_is_sent_once(member, other_member):
    give_points(member, 100)
    first = points_gift(sender=member, recipient=other_member, amount=10, idempotency_key="form-9")
    again = points_gift(sender=member, recipient=other_member, amount=10, idempotency_key="form-9")
    assert first.pk == again.pk and PointGift.objects.count() == 1
    credits_add(user=member, amount=50, transaction_type="bonus", idempotency_key="b")
    one = credits_gift(sender=member, recipient=other_member, amount=5, idempotency_key="form-10")
    two = credits_gift(sender=member, recipient=other_member, amount=5, idempotency_key="form-10")
    assert one.pk == two.pk
    assert fresh(other_member).points == 10 and fresh(other_member).credit_balance == 5
