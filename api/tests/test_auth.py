"""Headless allauth: sign up, log in and out with the app client; the session token works on the API."""
import pytest
from django.test import Client

from members.factories import UserFactory

from .conftest import error_of

APP = "/_allauth/app/v1"


def signup(client, **data):
    return client.post(f"{APP}/auth/signup", data, content_type="application/json")


@pytest.mark.django_db
def test_signup_returns_a_session_token_that_works_on_my_offers():
    client = Client()
    response = signup(client, email="new@example.com", username="newbie", password="a-long-Secret-42")
    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]

    created = client.post("/api/v1/offers/", {"title": "Prompt reviews", "description": "I review prompts.",
                                              "offer_type": "skill"},
                          content_type="application/json", HTTP_X_SESSION_TOKEN=token)
    assert created.status_code == 201, created.content
    mine = client.get("/api/v1/offers/me/", HTTP_X_SESSION_TOKEN=token)
    assert mine.status_code == 200
    assert [o["title"] for o in mine.json()["results"]] == ["Prompt reviews"]
    assert mine.json()["results"][0]["owner"]["username"] == "newbie"


@pytest.mark.django_db
def test_login_token_identifies_the_member_and_logout_revokes_it():
    UserFactory(username="maya", email="maya@example.com", password="correct-horse-battery")
    client = Client()
    response = client.post(f"{APP}/auth/login", {"username": "maya", "password": "correct-horse-battery"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]

    me = client.get("/api/v1/members/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["username"] == "maya"
    assert me.json()["email"] == "maya@example.com"

    assert client.delete(f"{APP}/auth/session", HTTP_X_SESSION_TOKEN=token).status_code == 401
    after = client.get("/api/v1/members/me/", HTTP_X_SESSION_TOKEN=token)
    assert after.status_code == 401


@pytest.mark.django_db
def test_wrong_password_gives_no_token():
    UserFactory(username="maya", password="correct-horse-battery")
    response = Client().post(f"{APP}/auth/login", {"username": "maya", "password": "nope-nope-nope"},
                             content_type="application/json")
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


@pytest.mark.django_db
def test_anonymous_write_is_401_with_the_token_scheme_and_the_error_shape():
    response = Client().post("/api/v1/offers/", {}, content_type="application/json")
    assert response.status_code == 401
    assert "X-Session-Token" in response["WWW-Authenticate"]
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.django_db
def test_an_unknown_token_is_anonymous():
    response = Client().get("/api/v1/members/me/", HTTP_X_SESSION_TOKEN="not-a-real-token")
    assert response.status_code == 401


@pytest.mark.django_db
def test_site_session_cookie_works_and_writes_need_csrf():
    UserFactory(username="maya", password="correct-horse-battery")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="maya", password="correct-horse-battery")
    assert client.get("/api/v1/members/me/").json()["username"] == "maya"

    no_csrf = client.post("/api/v1/offers/", {"title": "x"}, content_type="application/json")
    assert no_csrf.status_code == 403
    assert "CSRF" in error_of(no_csrf)["message"]


@pytest.mark.django_db
def test_signup_is_rate_limited():
    client = Client()
    statuses = [signup(client, email=f"u{n}@example.com", username=f"user{n}", password="a-long-Secret-42").status_code
                for n in range(22)]
    assert statuses[0] == 200
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_readme_walkthrough():
    """The README's curl walk-through: sign up, create an offer, discover it with q, connect."""
    client = Client()
    ada = signup(client, email="ada@example.com", username="ada", password="a-long-Secret-42").json()
    ada_token = ada["meta"]["session_token"]
    offer = client.post("/api/v1/offers/", {
        "title": "Blog post writing coaching", "description": "I help you write posts people finish reading.",
        "offer_type": "service", "status": "active", "pricing_type": "hourly", "price_cents": 6000,
    }, content_type="application/json", HTTP_X_SESSION_TOKEN=ada_token)
    assert offer.status_code == 201, offer.content
    offer_id = offer.json()["id"]

    found = client.get("/api/v1/discover/", {"q": "I need help writing blog posts"})
    assert [o["id"] for o in found.json()["offers"]["results"]] == [offer_id]

    grace = signup(client, email="grace@example.com", username="grace", password="a-long-Secret-42").json()
    grace_token = grace["meta"]["session_token"]
    connection = client.post("/api/v1/connections/", {"offer": offer_id, "initial_message": "Could we start next week?"},
                             content_type="application/json", HTTP_X_SESSION_TOKEN=grace_token)
    assert connection.status_code == 201, connection.content
    connection_id = connection.json()["id"]
    accepted = client.patch(f"/api/v1/connections/{connection_id}/", {"status": "accepted"},
                            content_type="application/json", HTTP_X_SESSION_TOKEN=ada_token)
    assert accepted.json()["status"] == "accepted"
