"""Fixtures for economy tests."""

import pytest
from django.core.cache import cache

from economy.services import peer_badges_seed


@pytest.fixture(autouse=True)
def _empty_toast_inboxes():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def badge_types(db):
    peer_badges_seed()
