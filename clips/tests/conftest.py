import pytest

from collective.choices import OfferStatus, OfferType
from collective.factories import OfferFactory
from economy.choices import CreditTransactionType
from economy.services import credits_add
from members.factories import UserFactory


def give_credits(user, amount: int, key: str = "seed") -> None:
    credits_add(user=user, amount=amount, transaction_type=CreditTransactionType.BONUS, idempotency_key=f"{key}:{user.pk}")
    user.refresh_from_db()


@pytest.fixture
def creator(db):
    user = UserFactory(username="maya", display_name="Maya Okafor", tagline="I make landing pages convert")
    give_credits(user, 12)
    return user


@pytest.fixture
def offer(creator):
    return OfferFactory(user=creator, title="Landing page teardown", offer_type=OfferType.SERVICE,
                        description="A 30-minute video review of your sign-up page.", status=OfferStatus.ACTIVE)
