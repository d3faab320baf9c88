"""/api/v1/members/: profiles, follow/unfollow, followers and following."""
import pytest

from members.factories import FollowFactory, UserFactory
from members.models import Follow
from tests.leaks import carriers, json_leaves

from .conftest import client_for, error_of

pytestmark = pytest.mark.django_db


def test_profile_is_public_and_never_leaks_private_fields(anon, as_stranger, as_owner, as_staff, owner):
    owner.phone_number = "+14155550123"
    owner.credit_balance = 50
    owner.save()
    for client in (anon, as_stranger, as_owner, as_staff):
        body = client.get("/api/v1/members/OWNER/").json()
        assert body["username"] == "owner"
        assert not {"email", "phone_number", "credit_balance", "password"} & set(body)
        # By structure: no key or value anywhere in the payload, nested ones included, carries them.
        leaves = json_leaves(body)
        assert not carriers(leaves, "owner@example.com", "4155550123", "credit_balance", "password", "phone")
        assert not [path for path, value in leaves if value == 50 and "balance" in path]
    # Control: the same walk finds the e-mail where it is meant to be, on the member's own /me/.
    assert carriers(json_leaves(as_owner.get("/api/v1/members/me/").json()), "owner@example.com")
    assert anon.get("/api/v1/members/owner/").json()["is_followed"] is None
    assert as_stranger.get("/api/v1/members/owner/").json()["is_followed"] is False


def test_unknown_or_deactivated_members_are_404(anon):
    UserFactory(username="gone", is_active=False)
    assert error_of(anon.get("/api/v1/members/gone/"))["code"] == "not_found"
    assert anon.get("/api/v1/members/nobody/").status_code == 404


def test_me(anon, as_owner):
    assert anon.get("/api/v1/members/me/").status_code == 401
    body = as_owner.get("/api/v1/members/me/").json()
    assert (body["username"], body["email"]) == ("owner", "owner@example.com")


def test_follow_and_unfollow(anon, as_stranger, stranger, owner):
    url = "/api/v1/members/owner/follow/"
    assert anon.post(url).status_code == 401
    first = as_stranger.post(url)
    assert first.status_code == 201
    assert first.json() == {"following": True, "followers_count": 1}
    assert as_stranger.post(url).status_code == 200  # already following: no-op
    assert as_stranger.get("/api/v1/members/owner/").json()["is_followed"] is True
    assert Follow.objects.filter(follower=stranger, following=owner).count() == 1
    gone = as_stranger.delete(url)
    assert gone.status_code == 200
    assert gone.json() == {"following": False, "followers_count": 0}
    assert anon.delete(url).status_code == 401


def test_cannot_follow_yourself(as_owner):
    response = as_owner.post("/api/v1/members/owner/follow/")
    assert response.status_code == 400
    assert error_of(response)["message"] == "You can't follow yourself."


def test_followers_and_following_lists(anon, as_stranger, owner, stranger):
    fan = UserFactory(username="fan")
    FollowFactory(follower=fan, following=owner)
    FollowFactory(follower=stranger, following=owner)
    FollowFactory(follower=owner, following=fan)
    followers = anon.get("/api/v1/members/owner/followers/").json()
    assert [m["username"] for m in followers["results"]] == ["stranger", "fan"]  # most recent first
    assert [m["username"] for m in anon.get("/api/v1/members/owner/following/").json()["results"]] == ["fan"]
    mine = as_stranger.get("/api/v1/members/owner/followers/").json()["results"]
    assert {m["username"]: m["is_followed"] for m in mine} == {"stranger": False, "fan": False}
    assert anon.get("/api/v1/members/nobody/followers/").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_follow_lists_cost_a_constant_number_of_queries(owner, stranger, django_assert_num_queries, rows):
    for _ in range(rows):
        FollowFactory(following=owner)
        FollowFactory(follower=owner)
    client = client_for(stranger)
    # member lookup, count, page (with is_followed annotated)
    for direction in ("followers", "following"):
        with django_assert_num_queries(3):
            assert client.get(f"/api/v1/members/owner/{direction}/?page_size=100").json()["count"] == rows
