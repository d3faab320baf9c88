"""Security headers: a Content-Security-Policy without inline scripts on member pages (report-only in the
admin), and HSTS preload only with a year's max-age (issue 18: no CSP; `preload` sent with 30 days)."""
import importlib
import re

import pytest

from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/discover/offers/", "/accounts/login/", "/accounts/signup/", "/discover/", "/home/", "/settings/",
                                  "/ava/", "/accounts/2fa/", "/accounts/sessions/", "/api/v1/offers/"])
def test_member_pages_forbid_inline_scripts(client, path):
    client.force_login(UserFactory(username="ada"))
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert any(source.startswith("'nonce-") for source in policy["script-src"])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_each_response_gets_a_fresh_nonce(client):
    first = directives(client.get("/accounts/login/")["Content-Security-Policy"])["script-src"]
    second = directives(client.get("/accounts/login/")["Content-Security-Policy"])["script-src"]
    assert first != second


def test_templates_have_no_inline_scripts_or_handlers(client):
    client.force_login(UserFactory(username="ada"))
    for path in ("/", "/home/", "/ava/", "/onboarding/", "/discover/", "/settings/", "/accounts/2fa/"):
        html = client.get(path, follow=True).content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", html)
        assert not inline, (path, inline)
        assert not re.search(r"\son[a-z]+=\"", html), path
        assert "hx-on" not in html and "javascript:" not in html, path


def test_the_admin_is_watched_with_a_report_only_policy(client):
    client.force_login(UserFactory(username="curator", is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_production_sends_hsts_preload_only_with_a_years_max_age(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    import config.settings.base as base

    importlib.reload(base)  # production reads the environment through base
    production = importlib.reload(importlib.import_module("config.settings.production"))
    assert production.SECURE_HSTS_SECONDS >= 365 * 24 * 3600 and production.SECURE_HSTS_PRELOAD
    monkeypatch.setenv("DJANGO_SECURE_HSTS_SECONDS", str(30 * 24 * 3600))
    importlib.reload(base)
    production = importlib.reload(production)
    assert production.SECURE_HSTS_SECONDS == 30 * 24 * 3600 and not production.SECURE_HSTS_PRELOAD
