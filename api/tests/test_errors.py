"""Every error comes out in one JSON shape, with the right status."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404

from api.exceptions import exception_handler
from collective.factories import OfferFactory
from core.errors import ApplicationError, NotFound, PermissionDenied

from .conftest import error_of

pytestmark = pytest.mark.django_db


def test_unknown_api_urls_are_json_404s(anon):
    for url in ("/api/v1/nope/", "/api/v1/offers/abc/", "/api/v2/"):
        response = anon.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert error_of(response)["code"] == "not_found"


def test_form_encoded_bodies_are_415(as_stranger):
    response = as_stranger.post("/api/v1/offers/", "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_writes_are_throttled_more_strictly_than_reads(as_stranger, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    statuses = [as_stranger.post("/api/v1/offers/", {}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    throttled = as_stranger.post("/api/v1/offers/", {})
    assert error_of(throttled)["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    assert as_stranger.get("/api/v1/offers/").status_code == 200


def test_anonymous_clients_are_throttled_per_address(anon, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    assert [anon.get("/api/v1/offers/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_bug_is_a_json_500_not_an_html_page(anon, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("collective.selectors.offer_for_viewer", broken)
    response = anon.get(f"/api/v1/offers/{OfferFactory().pk}/")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"


@pytest.mark.parametrize(("exc", "status", "code", "fields"), [
    (ApplicationError("Nope", fields={"title": "Too long"}), 400, "invalid", {"title": ["Too long"]}),
    (ApplicationError("Taken", code="already_connected", status=409), 409, "already_connected", {}),
    (NotFound(), 404, "not_found", {}),
    (PermissionDenied(), 403, "permission_denied", {}),
    (ValidationError({"price_cents": ["Set a price."], "__all__": ["Bad combo."]}), 400, "invalid",
     {"price_cents": ["Set a price."], "non_field_errors": ["Bad combo."]}),
    (ValidationError("Just wrong."), 400, "invalid", {}),
    (IntegrityError("duplicate key"), 409, "conflict", {}),
    (Http404(), 404, "not_found", {}),
])
def test_domain_and_django_errors_map_to_the_shape(exc, status, code, fields):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["error"]["code"] == code
    assert response.data["error"]["fields"] == fields
    assert response.data["error"]["message"]


def test_nested_field_errors_are_dotted(as_stranger):
    response = as_stranger.post("/api/v1/offers/", {"title": "x", "description": "y", "offer_type": "app",
                                                    "tags": ["nope"]})
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"tags.0": ["Object with slug=nope does not exist."]}
