"""Shared pytest fixtures."""
import pytest
from django.core.cache import cache

from collective.factories import AskFactory
from members.factories import UserFactory

# One Playwright session for the whole run (browser, page, login… fixtures), visible to every app's tests.
pytest_plugins = ["tests.browser.fixtures"]


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
