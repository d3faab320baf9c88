"""Small helpers shared by the economy tests."""

from django.db.models import Sum


def fresh(user):
    user.refresh_from_db()
    return user


def points_ledger_sum(user) -> int:
    return user.points_transactions.aggregate(s=Sum("amount"))["s"] or 0


def credits_ledger_sum(user) -> int:
    return user.credit_transactions.aggregate(s=Sum("amount"))["s"] or 0


def actions(user) -> list[str]:
    return list(user.points_transactions.order_by("id").values_list("action", flat=True))
