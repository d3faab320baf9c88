"""Fixtures of the API tests: clients signed in as each cell of the auth column, and fresh throttles."""
import pytest
from rest_framework.test import APIClient

from members.factories import UserFactory


@pytest.fixture
def anon():
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# Fixed bios: the discovery tests search people by bio, and a Faker sentence could match their queries.
@pytest.fixture
def owner(db):
    return UserFactory(username="owner", display_name="Olive Owner", bio="Builds things.")


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger", display_name="Sam Stranger", bio="Just looking.")


@pytest.fixture
def staff(db):
    return UserFactory(username="curator", is_staff=True, role="curator", bio="Keeps the lights on.")


@pytest.fixture
def as_owner(owner):
    return client_for(owner)


@pytest.fixture
def as_stranger(stranger):
    return client_for(stranger)


@pytest.fixture
def as_staff(staff):
    return client_for(staff)


def error_of(response) -> dict:
    """The API's one error shape; fails the test if the body has any other shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
