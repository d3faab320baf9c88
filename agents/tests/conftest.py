import pytest

from agents import services
from economy.choices import CreditTransactionType
from economy.services import credits_add
from members.choices import AgentCapability
from members.factories import UserFactory


def give_credits(user, amount: int, key: str = "seed") -> None:
    credits_add(user=user, amount=amount, transaction_type=CreditTransactionType.BONUS,
                idempotency_key=f"{key}:{user.pk}")
    user.refresh_from_db()


def loopback(address) -> bool:
    """Test-only address policy: admits the local test server (127.0.0.1), as Ava's link-import tests do."""
    return str(address) == "127.0.0.1"


@pytest.fixture
def owner(db):
    return UserFactory(username="allie", display_name="Allie Rays")


@pytest.fixture
def agent(owner):
    agent = services.agent_create(owner=owner, username="scout", display_name="Scout", tagline="Finds help")
    return services.agent_update(agent=agent, actor=owner, data={
        "is_listed": True, "capabilities": [AgentCapability.SEARCH, AgentCapability.DRAFT],
        "knowledge": "Landing pages convert better with one clear call to action.",
    })


@pytest.fixture
def member(db):
    user = UserFactory(username="maya", display_name="Maya Okafor")
    give_credits(user, 3)
    return user
