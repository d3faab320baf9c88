"""A newcomer's first minutes: sign up with a display name, "Welcome" (not "back"), and a log-in page that says why."""
import datetime

import pytest
from django.utils import timezone

from home.templatetags.sign_in import sign_in_reason_for
from members.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Secret-42"


def test_sign_up_asks_for_a_display_name_and_the_first_dashboard_says_welcome(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in page and "Your name" in page
    refused = client.post("/accounts/signup/", {"display_name": "", "email": "ada@example.com", "username": "ada",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert refused.status_code == 200 and not User.objects.filter(username="ada").exists()
    response = client.post("/accounts/signup/", {"display_name": "  Ada Lovelace ", "email": "ada@example.com",
                                                 "username": "ada", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(username="ada").display_name == "Ada Lovelace"
    html = client.get("/home/").content.decode()
    assert "Welcome, Ada Lovelace" in html and "Welcome back" not in html


def test_a_member_who_signs_in_again_later_is_welcomed_back(client, member):
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - datetime.timedelta(days=3))
    client.post("/accounts/login/", {"login": member.username, "password": "correct-horse-battery"})
    assert f"Welcome back, {member.display_name}" in client.get("/home/").content.decode()


@pytest.mark.parametrize(("next_url", "heading"), [
    ("/ava/", "Log in to chat with Ava"),
    ("/home/", "Log in to connect with members"),
    ("/connections/new/?offer=3", "Log in to connect with this member"),
    ("/payments/offers/3/buy/", "Log in to buy this offer"),
])
def test_the_log_in_page_says_what_the_visitor_was_trying_to_do(client, next_url, heading):
    response = client.get(next_url.split("?")[0])
    assert response.status_code == 302 and "/accounts/login/" in response.url
    html = client.get(response.url).content.decode()
    assert heading in html and "Join the Collective" in html


def test_a_plain_log_in_and_foreign_next_urls_get_no_reason(client):
    assert "Welcome back" in client.get("/accounts/login/").content.decode()
    assert sign_in_reason_for("https://evil.example.com/ava/") == ""
    assert sign_in_reason_for("//evil.example.com/ava/") == ""
    assert sign_in_reason_for("/@someone/") == "continue"
