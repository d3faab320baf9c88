"""/api/v1/economy/: balances, history, conversion, gifts, badges, endorsements, leaderboard."""

import pytest
from rest_framework.test import APIClient

from collective.choices import ConnectionStatus
from collective.factories import ConnectionFactory
from economy.models import Endorsement, PointGift
from economy.services import credits_add, endorsement_create
from members.factories import UserFactory

from .helpers import fresh, give_points

pytestmark = pytest.mark.django_db
BASE = "/api/v1/economy"


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.fixture
def done(member, other_member):
    return ConnectionFactory(
        initiator=member, offer__user=other_member, responder=other_member, status=ConnectionStatus.COMPLETED
    )


def error_fields(response) -> dict:
    return response.json()["error"]["fields"]


def test_my_balance_needs_a_login():
    response = APIClient().get(f"{BASE}/me/")
    assert response.status_code in (401, 403)


def test_balance_lists_unlocks_and_prices(api, member):
    give_points(member, 160)
    data = api.get(f"{BASE}/me/").json()
    assert data["points"] == 160 and data["avatar_frame"] == "bronze"
    unlocked = {u["key"] for u in data["unlocks"] if u["unlocked"]}
    assert unlocked == {"priority_placement", "bronze_frame", "pin_offers"}
    assert data["feature_costs"] == {"ava_session": 1, "clip": 5, "course_builder_assist": 10, "image": 2}


def test_history_is_paginated_and_filtered(api, member, other_member):
    for i in range(25):
        give_points(member, 1, key=f"api-rows:{i}")
    page = api.get(f"{BASE}/me/points/").json()
    assert page["count"] == 25 and len(page["results"]) == 20
    assert page["results"][0]["action"] == "complete_help"
    assert api.get(f"{BASE}/me/points/?kind=gifts").json()["count"] == 0
    credits_add(user=member, amount=3, transaction_type="bonus", idempotency_key="k")
    credits = api.get(f"{BASE}/me/credits/").json()
    assert credits["results"][0]["type_label"] == "Bonus" and credits["results"][0]["balance_after"] == 3


def test_convert_rounds_down_and_reports_balances(api, member):
    give_points(member, 260)
    response = api.post(f"{BASE}/me/convert/", {"points": 260}, format="json")
    assert response.status_code == 201
    assert response.json() == {"points_converted": 200, "credits": 20, "points": 60, "credit_balance": 20}


def test_convert_errors_are_400_with_fields(api, member):
    give_points(member, 60)
    low = api.post(f"{BASE}/me/convert/", {"points": 50}, format="json")
    assert low.status_code == 400 and "points" in error_fields(low)
    short = api.post(f"{BASE}/me/convert/", {"points": 100}, format="json")
    assert short.status_code == 400 and error_fields(short)["points"] == [
        "You need at least 100 points to convert; you have 60."
    ]


def test_gifting_points_and_credits_by_username(api, member, other_member):
    give_points(member, 100)
    credits_add(user=member, amount=10, transaction_type="bonus", idempotency_key="k")
    response = api.post(
        f"{BASE}/gifts/points/",
        {"recipient": "GRACE", "amount": 25, "message": "Thanks!", "idempotency_key": "once"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["recipient"]["username"] == "grace"
    api.post(f"{BASE}/gifts/points/", {"recipient": "grace", "amount": 25, "idempotency_key": "once"}, format="json")
    assert PointGift.objects.count() == 1
    credit = api.post(f"{BASE}/gifts/credits/", {"recipient": "grace", "amount": 4}, format="json")
    assert credit.status_code == 201 and credit.json()["amount"] == -4
    assert (fresh(other_member).points, fresh(other_member).credit_balance) == (25, 4)
    listed = api.get(f"{BASE}/gifts/points/").json()
    assert listed["count"] == 1 and listed["results"][0]["message"] == "Thanks!"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"recipient": "nobody", "amount": 5}, 400, "recipient"),
        ({"recipient": "ada", "amount": 5}, 400, "recipient"),
        ({"recipient": "grace", "amount": 0}, 400, "amount"),
        ({"recipient": "grace", "amount": 5000}, 400, "amount"),
        ({"recipient": "grace", "amount": 101}, 400, "amount"),
        ({"recipient": "grace"}, 400, "amount"),
    ],
)
def test_gift_errors_name_the_field(api, member, other_member, payload, status, field):
    give_points(member, 100)
    response = api.post(f"{BASE}/gifts/points/", payload, format="json")
    assert response.status_code == status
    assert field in error_fields(response)
    assert fresh(member).points == 100


def test_gift_about_someone_elses_connection_is_404(api, member, other_member):
    give_points(member, 100)
    strangers = ConnectionFactory(status=ConnectionStatus.COMPLETED)
    response = api.post(
        f"{BASE}/gifts/points/", {"recipient": "grace", "amount": 5, "connection": strangers.pk}, format="json"
    )
    assert response.status_code == 404


def test_badges_and_endorsements_through_the_api(api, done, member, other_member, badge_types):
    assert APIClient().get(f"{BASE}/badge-types/").json()["count"] == 8
    award = api.post(f"{BASE}/badges/", {"connection": done.pk, "badge": "quick-responder"}, format="json")
    assert award.status_code == 201 and award.json()["recipient"] == "grace"
    duplicate = api.post(f"{BASE}/badges/", {"connection": done.pk, "badge": "quick-responder"}, format="json")
    assert duplicate.status_code == 400 and "badge" in error_fields(duplicate)
    endorsement = api.post(f"{BASE}/endorsements/", {"connection": done.pk, "content": "Fast and kind"}, format="json")
    assert endorsement.status_code == 201
    recognition = APIClient().get(f"{BASE}/members/grace/recognition/").json()
    assert recognition["badges"][0]["slug"] == "quick-responder"
    assert recognition["endorsements"][0]["content"] == "Fast and kind"


def test_outsiders_cannot_award_or_endorse(api, badge_types):
    strangers = ConnectionFactory(status=ConnectionStatus.COMPLETED)
    assert (
        api.post(f"{BASE}/badges/", {"connection": strangers.pk, "badge": "welcoming"}, format="json").status_code
        == 404
    )
    assert (
        api.post(f"{BASE}/endorsements/", {"connection": strangers.pk, "content": "Hi"}, format="json").status_code
        == 404
    )
    assert api.post(f"{BASE}/badges/", {"connection": 999999, "badge": "welcoming"}, format="json").status_code == 404


def test_only_the_endorsee_patches_visibility_and_anyone_can_report(api, done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Great")
    assert api.patch(f"{BASE}/endorsements/{endorsement.pk}/", {"is_hidden": True}, format="json").status_code == 403
    grace = APIClient()
    grace.force_authenticate(other_member)
    response = grace.patch(f"{BASE}/endorsements/{endorsement.pk}/", {"is_featured": True}, format="json")
    assert response.status_code == 200 and response.json()["is_featured"] is True
    bad = grace.patch(f"{BASE}/endorsements/{endorsement.pk}/", {"is_hidden": "maybe"}, format="json")
    assert bad.status_code == 400
    outsider = APIClient()
    outsider.force_authenticate(UserFactory())
    assert (
        outsider.post(f"{BASE}/endorsements/{endorsement.pk}/report/", {"reason": "spam"}, format="json").status_code
        == 202
    )
    assert Endorsement.objects.get().flagged_at is not None


def test_leaderboard_api(member):
    for i in range(3):
        give_points(UserFactory(username=f"giver{i}"), 10 * (i + 1))
    data = APIClient().get(f"{BASE}/leaderboard/").json()
    assert [r["member"]["username"] for r in data["results"]] == ["giver2", "giver1", "giver0"]
    assert data["results"][0]["rank"] == 1 and data["results"][0]["score"] == 30
    assert APIClient().get(f"{BASE}/leaderboard/?period=all").json()["period"] == "all"
    bad = APIClient().get(f"{BASE}/leaderboard/?period=month&page=0")
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"period", "page"}
