"""Malformed and oversized requests get a 4xx in the API's error shape, never a 500 (issue 18: a 10 MB
body, deeply nested JSON and an out-of-range time-zone offset each answered 500)."""
import json

import pytest
from rest_framework.test import APIClient

from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient(raise_request_exception=False)
    member = UserFactory(username="ada")
    client.force_login(member)
    return client


def _post(api, path: str, body: bytes, content_type: str = "application/json"):
    return api.generic("POST", path, body, content_type=content_type)


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize("path", ["/api/v1/offers/", "/api/v1/asks/", "/api/v1/economy/gifts/points/"])
def test_a_ten_megabyte_body_is_413(api, path):
    body = json.dumps({"title": "x" * (10 * 1024 * 1024)}).encode()
    response = _post(api, path, body)
    assert response.status_code == 413
    assert _error(response)["code"] == "payload_too_large"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_400(api, depth):
    response = _post(api, "/api/v1/offers/", b"[" * depth + b"]" * depth)
    assert response.status_code == 400
    assert _error(response)["code"] == "parse_error"


def test_nesting_inside_strings_is_only_text(api):
    response = _post(api, "/api/v1/offers/", json.dumps({"title": "[" * 500}).encode())
    assert response.status_code == 400
    assert _error(response)["code"] == "invalid"  # ordinary field validation, not a parse error


@pytest.mark.parametrize("body", [b"{", b"\xff\xfe", b'{"title": "\\ud800"}', b"NaN", b"[1e999999]", b"\x00"])
def test_garbage_bodies_are_400(api, body):
    response = _post(api, "/api/v1/offers/", body)
    assert response.status_code == 400, response.content
    _error(response)


@pytest.mark.parametrize("value", ["2020-01-01T00:00:00+16:00", "2020-01-01T00:00:00-23:59", "0001-01-01T00:00:00+01:00",
                                   "9999-12-31T23:59:59-01:00", "not-a-date", "2020-13-45"])
@pytest.mark.parametrize("parameter", ["created_after", "created_before"])
@pytest.mark.parametrize("path", ["/api/v1/offers/", "/api/v1/asks/"])
def test_out_of_range_dates_and_offsets_are_400(value, parameter, path):
    response = APIClient(raise_request_exception=False).get(path, {parameter: value})
    assert response.status_code == 400, response.content
    assert parameter in _error(response)["fields"]


def test_a_wide_but_valid_offset_still_filters():
    response = APIClient().get("/api/v1/offers/", {"created_after": "2020-01-01T00:00:00+14:00"})
    assert response.status_code == 200
