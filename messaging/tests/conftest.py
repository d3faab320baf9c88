"""Fixtures of the messaging tests: an ask, an offer and the members around them."""
import pytest
from django.core.cache import cache

from collective.choices import OfferType
from collective.factories import AskFactory, OfferFactory
from members.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Points toasts and API throttles live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def asker(db):
    """B: posts an ask and receives help."""
    return UserFactory(username="bea", display_name="Bea Asker")


@pytest.fixture
def helper(db):
    """A: responds to B's ask and gives help."""
    return UserFactory(username="abe", display_name="Abe Helper")


@pytest.fixture
def third(db):
    return UserFactory(username="cyd", display_name="Cyd Outsider")


@pytest.fixture
def ask(asker):
    return AskFactory(user=asker, title="Feedback on my landing page")


@pytest.fixture
def offer(helper):
    return OfferFactory(user=helper, title="Landing page reviews", offer_type=OfferType.SERVICE)
