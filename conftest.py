"""Shared pytest fixtures."""
import os
import random
import zlib

import factory.random
import pytest
from django.core.cache import cache

from collective.factories import AskFactory
from members.factories import UserFactory

# One Playwright session for the whole run (browser, page, login… fixtures), visible to every app's tests;
# tests.network keeps every test off the network (fake resolver, loopback-only sockets).
pytest_plugins = ["tests.browser.fixtures", "tests.network"]


# Random test data (Faker through factory_boy, `random`) is seeded per test: TEST_SEED (default 0) mixed with the
# test's id, so a test sees the same data whatever ran before it, in whichever xdist worker. A failure prints the
# seed; `TEST_SEED=n pytest ...` replays another draw, and tests/seed_sweep.py runs a test under many seeds.
BASE_SEED = int(os.environ.get("TEST_SEED", "0"))


def pytest_report_header(config):
    return f"random data: TEST_SEED={BASE_SEED} (seeded per test)"


@pytest.fixture
def random_seed(request) -> int:
    return zlib.crc32(f"{BASE_SEED}:{request.node.nodeid}".encode())


@pytest.fixture(autouse=True)
def _seeded_random(request, random_seed):
    random.seed(random_seed)
    factory.random.reseed_random(random_seed)  # factory_boy's fuzzy values and every Faker instance it uses


def pytest_runtest_makereport(item, call):
    seed = getattr(item, "funcargs", {}).get("random_seed")
    if call.when == "call" and call.excinfo is not None and seed is not None:
        item.add_report_section("call", "random data", f"random_seed={seed} (TEST_SEED={BASE_SEED})")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttles, toasts and inboxes live in the cache: every test starts without another's leftovers.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def other_member(db):
    return UserFactory(username="grace", display_name="Grace Hopper")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="curator", is_staff=True, is_superuser=True, role="curator")


# The connection story of the messaging and notification tests: Abe helps Bea with her ask; Cyd is an outsider.
@pytest.fixture
def asker(db):
    return UserFactory(username="bea", display_name="Bea Asker")


@pytest.fixture
def helper(db):
    return UserFactory(username="abe", display_name="Abe Helper")


@pytest.fixture
def third(db):
    return UserFactory(username="cyd", display_name="Cyd Outsider")


@pytest.fixture
def ask(asker):
    return AskFactory(user=asker, title="Feedback on my landing page")
