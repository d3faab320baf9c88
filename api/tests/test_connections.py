"""/api/v1/connections/: only participants see or change a connection; the workflow decides who moves it."""
import pytest

from collective.choices import AskStatus, ConnectionStatus, OfferStatus
from collective.factories import AskFactory, AskResponseFactory, ConnectionFactory, OfferFactory
from collective.models import Connection
from members.factories import UserFactory

from .conftest import client_for, error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(owner):
    return OfferFactory(user=owner, title="Prompt clinic", status=OfferStatus.ACTIVE)


@pytest.fixture
def inquiry(offer, stranger):
    """stranger asked owner about owner's offer: stranger is the initiator and the one who gets help."""
    return ConnectionFactory(offer=offer, initiator=stranger)


# --- create -------------------------------------------------------------------------------------


def test_inquire_about_an_offer(anon, as_stranger, stranger, owner, offer):
    payload = {"offer": offer.pk, "initial_message": "Could you look at my prompts?"}
    assert anon.post("/api/v1/connections/", payload).status_code == 401
    response = as_stranger.post("/api/v1/connections/", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["connection_type"] == "offer_inquiry"
    assert body["status"] == "initiated"
    assert body["initiator"]["username"] == "stranger"
    assert body["responder"]["username"] == "owner"
    assert body["offer"]["title"] == "Prompt clinic"
    assert body["my_role"] == "initiator"
    assert body["allowed_transitions"] == ["cancelled"]
    offer.refresh_from_db()
    assert offer.connection_count == 1


def test_respond_to_an_ask(as_stranger, owner):
    ask = AskFactory(user=owner)
    response = as_stranger.post("/api/v1/connections/", {"ask": ask.pk, "initial_message": "I can help!"})
    assert response.status_code == 201, response.content
    assert response.json()["connection_type"] == "ask_response"
    ask.refresh_from_db()
    assert ask.response_count == 1


def test_reach_out_directly(as_stranger):
    UserFactory(username="maya")
    response = as_stranger.post("/api/v1/connections/", {"recipient": "maya", "initial_message": "Hi Maya"})
    assert response.status_code == 201
    assert response.json()["connection_type"] == "direct"
    assert response.json()["responder"]["username"] == "maya"


def test_a_second_open_connection_about_the_same_offer_is_409(as_stranger, offer):
    payload = {"offer": offer.pk, "initial_message": "Hello"}
    assert as_stranger.post("/api/v1/connections/", payload).status_code == 201
    again = as_stranger.post("/api/v1/connections/", payload)
    assert again.status_code == 409
    assert error_of(again)["code"] == "already_connected"


@pytest.mark.parametrize(("make_payload", "field"), [
    (lambda owner: {"offer": OfferFactory(user=owner).pk, "initial_message": "Me again"}, "offer"),  # own offer
    (lambda owner: {"offer": OfferFactory(status=OfferStatus.PAUSED).pk, "initial_message": "Hi"}, "offer"),
    (lambda owner: {"offer": OfferFactory(status=OfferStatus.DRAFT).pk, "initial_message": "Hi"}, "offer"),
    (lambda owner: {"ask": AskFactory(status=AskStatus.CLOSED).pk, "initial_message": "Hi"}, "ask"),
    (lambda owner: {"ask": AskFactory(is_archived=True).pk, "initial_message": "Hi"}, "ask"),
    (lambda owner: {"recipient": "owner", "initial_message": "Talking to myself"}, "recipient"),
    (lambda owner: {"recipient": "nobody-here", "initial_message": "Hi"}, "recipient"),
    (lambda owner: {"recipient": "nul\u0000byte", "initial_message": "Hi"}, "recipient"),
    (lambda owner: {"offer": OfferFactory().pk, "initial_message": "   "}, "initial_message"),
    (lambda owner: {"offer": OfferFactory().pk, "initial_message": "x" * 2001}, "initial_message"),
])
def test_bad_connections_are_400(owner, make_payload, field):
    response = client_for(owner).post("/api/v1/connections/", make_payload(owner))
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"]


def test_exactly_one_target(as_stranger, offer, owner):
    both = as_stranger.post("/api/v1/connections/", {"offer": offer.pk, "recipient": "owner",
                                                     "initial_message": "Hi"})
    assert both.status_code == 400
    assert error_of(both)["message"] == "Give exactly one of ask, offer or recipient."
    assert as_stranger.post("/api/v1/connections/", {"initial_message": "Hi"}).status_code == 400


# --- read ---------------------------------------------------------------------------------------


def test_only_participants_see_a_connection(anon, as_stranger, as_owner, as_staff, inquiry):
    url = f"/api/v1/connections/{inquiry.pk}/"
    assert anon.get(url).status_code == 401
    assert as_stranger.get(url).json()["my_role"] == "initiator"
    assert as_owner.get(url).json()["my_role"] == "responder"
    assert as_owner.get(url).json()["allowed_transitions"] == ["discussing", "accepted", "declined"]
    outsider = client_for(UserFactory())
    assert outsider.get(url).status_code == 404
    assert as_staff.get(url).status_code == 404


def test_my_connections_lists_sent_and_received(anon, as_owner, as_stranger, as_staff, inquiry, owner):
    received = ConnectionFactory(offer=OfferFactory(user=UserFactory()), initiator=owner)
    ConnectionFactory()  # someone else's
    assert anon.get("/api/v1/connections/").status_code == 401
    ids = [c["id"] for c in as_owner.get("/api/v1/connections/").json()["results"]]
    assert sorted(ids) == sorted([inquiry.pk, received.pk])
    assert [c["id"] for c in as_owner.get("/api/v1/connections/?role=sent").json()["results"]] == [received.pk]
    assert [c["id"] for c in as_owner.get("/api/v1/connections/?role=received").json()["results"]] == [inquiry.pk]
    assert as_owner.get("/api/v1/connections/?status=completed").json()["count"] == 0
    assert [c["id"] for c in as_stranger.get("/api/v1/connections/").json()["results"]] == [inquiry.pk]
    assert as_staff.get("/api/v1/connections/").json()["count"] == 0  # staff see only their own


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_a_constant_number_of_queries(owner, django_assert_num_queries, rows):
    for _ in range(rows):
        ConnectionFactory(offer=OfferFactory(user=owner))
    with django_assert_num_queries(2):
        assert client_for(owner).get("/api/v1/connections/?page_size=100").json()["count"] == rows


# --- status -------------------------------------------------------------------------------------


def patch_status(client, connection, status):
    return client.patch(f"/api/v1/connections/{connection.pk}/", {"status": status})


def test_offer_inquiry_walkthrough(as_owner, as_stranger, inquiry, stranger, owner):
    assert patch_status(as_owner, inquiry, "discussing").json()["status"] == "discussing"
    assert patch_status(as_owner, inquiry, "accepted").json()["status"] == "accepted"
    assert patch_status(as_owner, inquiry, "in_progress").json()["allowed_transitions"] == ["cancelled"]
    # The member who got help (here the one who inquired) confirms completion, not the helper.
    helper_tries = patch_status(as_owner, inquiry, "completed")
    assert helper_tries.status_code == 403
    assert "received help" in error_of(helper_tries)["message"]
    done = patch_status(as_stranger, inquiry, "completed")
    assert done.status_code == 200
    assert done.json()["completed_at"]
    owner.refresh_from_db()
    stranger.refresh_from_db()
    assert (owner.helped_count, stranger.helped_count) == (1, 0)


def test_ask_response_is_completed_by_the_asker(owner, stranger):
    connection = AskResponseFactory(ask=AskFactory(user=owner), initiator=stranger, status=ConnectionStatus.ACCEPTED)
    assert patch_status(client_for(stranger), connection, "completed").status_code == 403
    assert patch_status(client_for(owner), connection, "completed").status_code == 200
    stranger.refresh_from_db()
    assert stranger.helped_count == 1


def test_wrong_side_and_impossible_moves(as_owner, as_stranger, as_staff, anon, inquiry):
    assert patch_status(anon, inquiry, "accepted").status_code == 401
    assert patch_status(as_staff, inquiry, "accepted").status_code == 404
    assert patch_status(as_stranger, inquiry, "accepted").status_code == 403  # the responder accepts
    assert patch_status(as_owner, inquiry, "cancelled").status_code == 403  # the initiator withdraws
    impossible = patch_status(as_owner, inquiry, "completed")
    assert impossible.status_code == 400
    assert error_of(impossible)["code"] == "invalid_transition"
    assert patch_status(as_owner, inquiry, "declined").status_code == 200
    final = patch_status(as_owner, inquiry, "accepted")
    assert final.status_code == 400
    assert "final" in error_of(final)["fields"]["status"][0]
    assert Connection.objects.get(pk=inquiry.pk).status == "declined"


def test_unknown_status_is_400(as_owner, inquiry):
    response = patch_status(as_owner, inquiry, "married")
    assert response.status_code == 400
    assert "status" in error_of(response)["fields"]


# --- rating -------------------------------------------------------------------------------------


def rate(client, connection, rating, feedback=""):
    return client.post(f"/api/v1/connections/{connection.pk}/rate/", {"rating": rating, "feedback": feedback})


def test_rating_only_after_completion_once_per_side(as_owner, as_stranger, as_staff, anon, inquiry):
    early = rate(as_stranger, inquiry, 5)
    assert early.status_code == 400
    assert error_of(early)["code"] == "not_completed"
    Connection.objects.filter(pk=inquiry.pk).update(status=ConnectionStatus.COMPLETED)

    assert rate(anon, inquiry, 5).status_code == 401
    assert rate(as_staff, inquiry, 5).status_code == 404
    assert rate(as_stranger, inquiry, 6).status_code == 400
    assert rate(as_stranger, inquiry, 0).status_code == 400
    first = rate(as_stranger, inquiry, 5, "Super helpful")
    assert first.status_code == 200
    assert first.json()["initiator_rating"] == 5
    assert first.json()["initiator_feedback"] == "Super helpful"
    again = rate(as_stranger, inquiry, 1)
    assert again.status_code == 409
    assert error_of(again)["code"] == "already_rated"
    other_side = rate(as_owner, inquiry, 4)
    assert other_side.status_code == 200
    assert (other_side.json()["initiator_rating"], other_side.json()["responder_rating"]) == (5, 4)
