"""Fixtures of the messaging tests; the members and the ask are in the root conftest (asker, helper, third, ask)."""
import pytest

from collective.choices import OfferType
from collective.factories import OfferFactory


@pytest.fixture
def offer(helper):
    return OfferFactory(user=helper, title="Landing page reviews", offer_type=OfferType.SERVICE)
