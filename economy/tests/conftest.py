"""Fixtures for economy tests."""

import pytest

from economy.services import peer_badges_seed


@pytest.fixture
def badge_types(db):
    peer_badges_seed()
