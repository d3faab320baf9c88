"""Shared pytest fixtures."""
import pytest

from members.factories import UserFactory

# One Playwright session for the whole run (browser, page, login… fixtures), visible to every app's tests.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture
def member(db):
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def other_member(db):
    return UserFactory(username="grace", display_name="Grace Hopper")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="curator", is_staff=True, is_superuser=True, role="curator")
