"""The django-allauth pages in the site's look: sign up, log in, log out, password reset, email management."""
import pytest
from django.core import mail

from members.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_member_and_goes_to_onboarding(client):
    page = client.get("/accounts/signup/").content.decode()
    assert "Join the Collective" in page and 'class="site-header"' in page and "Confirm password" in page
    response = client.post("/accounts/signup/", {"display_name": "New Member", "email": "lin@example.com", "username": "lin",
                                                 "password1": "a-long-Passphrase-42", "password2": "a-long-Passphrase-42"})
    assert response.status_code == 302 and response.url == "/onboarding/"
    assert User.objects.filter(username="lin").exists()


def test_sign_up_errors_are_shown_on_the_fields_and_input_is_kept(client, member):
    response = client.post("/accounts/signup/", {"display_name": "New Member", "email": "new@example.com", "username": "ADA",
                                                 "password1": "short", "password2": "other"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field__errors"' in html and 'value="new@example.com"' in html and 'value="ADA"' in html
    assert not User.objects.filter(email="new@example.com").exists()


def test_reserved_usernames_cannot_sign_up(client):
    html = client.post("/accounts/signup/", {"display_name": "New Member", "email": "x@example.com", "username": "discover",
                                             "password1": "a-long-Passphrase-42",
                                             "password2": "a-long-Passphrase-42"}).content.decode()
    assert "is reserved" in html


def test_log_in_with_a_wrong_password_says_so_and_keeps_the_login(client, member):
    html = client.post("/accounts/login/", {"login": "ada", "password": "nope"}).content.decode()
    assert 'role="alert"' in html and 'value="ada"' in html
    response = client.post("/accounts/login/", {"login": "ada", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response.url == "/home/"


def test_log_out_page_asks_first(client, member):
    client.force_login(member)
    assert "Sign out?" in client.get("/accounts/logout/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302


def test_password_reset_sends_a_link_and_explains_what_next(client, member):
    member.email = "ada@example.com"
    member.save()
    assert "Forgot your password?" in client.get("/accounts/password/reset/").content.decode()
    response = client.post("/accounts/password/reset/", {"email": "ada@example.com"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1


def test_email_and_password_pages_sit_in_settings(client, member):
    client.force_login(member)
    for path in ("/accounts/email/", "/accounts/password/change/"):
        html = client.get(path).content.decode()
        assert 'aria-label="Settings sections"' in html, path
