"""Styled error pages: 400, 403, 404 and 500 keep the site's nav and say what to do next."""
import copy
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import RequestFactory
from django.views import defaults

from home.errors import server_error

pytestmark = pytest.mark.django_db


def assert_styled(html: str, heading: str) -> None:
    assert heading in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # the nav stays
    assert 'href="/discover/offers/"' in html and "css/app" in html


def test_an_unknown_page_is_a_styled_404_with_search_and_the_nav(client, settings, member):
    settings.DEBUG = False
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_styled(html, "We couldn't find that page")
    assert 'action="/discover/"' in html and 'name="robots" content="noindex"' in html
    client.force_login(member)
    html = client.get("/no-such-page-here/").content.decode()
    assert f"@{member.username}" in html  # a member keeps their own menu


def test_403_and_400_pages_are_styled():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    forbidden = defaults.permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403
    assert_styled(forbidden.content.decode(), "This isn't open to you")
    bad = defaults.bad_request(request, Exception())
    assert bad.status_code == 400
    assert_styled(bad.content.decode(), "We couldn't understand that request")


def test_the_500_page_renders_with_the_database_down():
    request = RequestFactory().get("/home/")
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
                    side_effect=OperationalError("database is down")):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert_styled(html, "Something went wrong on our side")
    assert "Join the Collective" in html  # the visitor's nav: nothing asked who is signed in


def test_a_crashing_view_gets_the_500_page_even_if_a_context_processor_fails(client, settings, member):
    settings.DEBUG = False
    templates = copy.deepcopy(settings.TEMPLATES)  # a fresh copy: the fixture restores only the top level
    templates[0]["OPTIONS"]["context_processors"].append("home.tests.test_errors.broken_processor")
    settings.TEMPLATES = templates
    client.raise_request_exception = False
    client.force_login(member)
    with mock.patch("home.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/home/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_500_page_falls_back_to_plain_html_if_its_template_breaks():
    with mock.patch("home.errors.loader.get_template", side_effect=RuntimeError("broken template")):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Something went wrong on our side" in response.content


def broken_processor(request):
    raise RuntimeError("context processor down")
