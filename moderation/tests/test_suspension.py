"""A suspended member can't act, and their content is invisible."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from collective.factories import OfferFactory
from members import safety
from members import services as member_services
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(db):
    member = UserFactory(username="sid", password="correct-horse-battery")
    OfferFactory(user=member, title="Sid's offer")
    member_services.member_suspend(member=member, until=timezone.now() + datetime.timedelta(days=3))
    return member


def test_suspended_member_is_signed_out_with_a_notice(client, suspended):
    client.force_login(suspended)
    response = client.get("/home/")
    assert response.status_code == 403
    assert "Your account is suspended" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_suspended_member_cannot_sign_in_to_act(client, suspended):
    client.post("/accounts/login/", {"login": "sid", "password": "correct-horse-battery"})
    assert client.get("/my/offers/new/").status_code in (302, 403)
    assert "_auth_user_id" not in client.session


def test_suspended_member_is_refused_by_the_api(suspended):
    api = APIClient()
    api.force_login(suspended)
    response = api.post("/api/v1/offers/", {"title": "x", "description": "y", "offer_type": "app"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "suspended"


def test_suspended_members_content_is_invisible(client, suspended):
    assert "Sid&#x27;s offer" not in client.get("/discover/offers/").content.decode()
    assert client.get("/@sid/").status_code == 404
    assert APIClient().get("/api/v1/members/sid/").status_code == 404
    member_services.member_unsuspend(member=suspended)
    assert client.get("/@sid/").status_code == 200


def test_permanent_suspension_reads_as_such(client, suspended):
    member_services.member_suspend(member=suspended, until=safety.SUSPENDED_FOR_GOOD)
    client.force_login(suspended)
    assert "breaking the community guidelines" in client.get("/").content.decode()
