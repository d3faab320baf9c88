"""Small helpers shared by the economy tests."""

from django.db import transaction
from django.db.models import Sum

from economy.choices import CreditTransactionType, PointsAction
from economy.models import CreditTransaction, PointsTransaction
from economy.services import _lock, _post_points, credits_add


def fresh(user):
    user.refresh_from_db()
    return user


def points_ledger_sum(user) -> int:
    return user.points_transactions.aggregate(s=Sum("amount"))["s"] or 0


def credits_ledger_sum(user) -> int:
    return user.credit_transactions.aggregate(s=Sum("amount"))["s"] or 0


def actions(user) -> list[str]:
    return list(user.points_transactions.order_by("id").values_list("action", flat=True))


def give_points(user, amount: int, key: str = "") -> PointsTransaction:
    """Test-only grant through the same internal writer the services use (a "complete_help" row)."""
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        return _post_points(
            member=member,
            delta=amount,
            action=PointsAction.COMPLETE_HELP,
            key=key or f"test-grant:{user.pk}:{amount}:{PointsTransaction.objects.count()}",
            description="Test grant",
        )


def give_credits(user, amount: int) -> None:
    credits_add(
        user=user,
        amount=amount,
        transaction_type=CreditTransactionType.BONUS,
        idempotency_key=f"grant:{user.pk}:{CreditTransaction.objects.count()}",
    )
