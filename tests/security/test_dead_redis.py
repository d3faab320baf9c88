"""A dead Redis degrades the site instead of taking it down (issue 18: every signed-in page, the API
and login answered 500 while Redis was unreachable)."""
import logging

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from collective.factories import OfferFactory
from economy import toasts
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def member_with_offer():
    member = UserFactory(username="ada", display_name="Ada Lovelace")
    member.set_password(PASSWORD)
    member.save()
    OfferFactory(user=member, title="Prompt clinic")
    return member


def test_signed_in_pages_render_and_a_warning_is_logged(member_with_offer, dead_redis, client, caplog):
    # The member and offer exist before Redis dies (writing an offer touches the cache), so the outage
    # begins inside the requests below.
    client.force_login(member_with_offer)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for path in ("/home/", "/my/offers/", "/discover/", "/settings/"):
            assert client.get(path).status_code == 200, path
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1  # one line per outage, not one per request
    assert "cache unavailable" in warnings[0].getMessage()


def test_login_works_page_and_headless(dead_redis, client, member_with_offer):
    response = client.post("/accounts/login/", {"login": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    headless = APIClient().post("/_allauth/app/v1/auth/login", {"username": "ada", "password": PASSWORD},
                                format="json")
    assert headless.status_code == 200
    assert headless.json()["meta"]["session_token"]


def test_api_answers_and_throttles_on_the_local_fallback(dead_redis, settings, member_with_offer):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "anon": "3/minute"}}
    api = APIClient()
    statuses = [api.get("/api/v1/offers/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_health_reports_the_cache_down(dead_redis, client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"cache": "down", "database": "ok"}}


def test_health_is_ok_with_a_working_cache(client):
    response = client.get("/health/")
    assert response.json() == {"status": "ok", "checks": {"cache": "ok", "database": "ok"}}


def test_toasts_wait_instead_of_failing(dead_redis, member_with_offer):
    toasts.announce(member_with_offer, toasts.Toast(message="Thanks for helping", points=10))
    assert cache.get("anything") is None  # answered by the fallback, not raised
    assert [t.message for t in toasts.pop_inbox(member_with_offer)] == ["Thanks for helping"]
