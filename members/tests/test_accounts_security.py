"""Accounts: two-factor sign-in (required for staff before the admin), my sessions, and the lockout rule
an attacker can't use against a member."""
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.test import Client

from members.accounts import DEVICE_COOKIE
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


# ------------------------------------------------------------------------------ staff need 2FA
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, path):
    staff = UserFactory(username="newcurator", is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert "staff need it to open the admin" in page.content.decode()


def test_staff_with_an_authenticator_app_reach_the_admin(client):
    staff = UserFactory(username="curator2", is_staff=True, is_superuser=True)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_members_are_not_asked_for_two_factor(client):
    client.force_login(UserFactory(username="plain"))
    assert client.get("/home/").status_code == 200


def test_a_member_with_totp_must_give_a_code_to_sign_in(client):
    member = UserFactory(username="ada")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    response = client.post("/accounts/login/", {"login": "ada", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/home/").status_code == 302  # not signed in yet
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.get("/home/").status_code == 200


def test_the_two_factor_pages_render(client):
    member = UserFactory(username="ada")
    client.force_login(member)
    for path in ("/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path


# -------------------------------------------------------------------------------- my sessions
def test_my_sessions_lists_each_device_and_signs_out_everywhere_else(client):
    member = UserFactory(username="ada")
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone browser")
    for device in (laptop, phone, client):
        assert device.post("/accounts/login/", {"login": "ada", "password": PASSWORD}).status_code == 302
    page = client.get("/accounts/sessions/")
    assert page.status_code == 200
    assert UserSession.objects.filter(user=member).count() == 3
    response = client.post("/accounts/sessions/", {})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200             # this device stays signed in
    assert laptop.get("/home/").status_code == 302             # the others are signed out
    assert phone.get("/home/").status_code == 302
    assert UserSession.objects.filter(user=member).count() == 1


# ------------------------------------------------------------------------------- the lockout rule
def _fail(client, login: str, times: int, ip: str = "203.0.113.9"):
    for _ in range(times):
        client.post("/accounts/login/", {"login": login, "password": "wrong-password"}, REMOTE_ADDR=ip)


def _sign_in(client, login: str, ip: str = "203.0.113.9") -> bool:
    response = client.post("/accounts/login/", {"login": login, "password": PASSWORD}, REMOTE_ADDR=ip)
    return response.status_code == 302


def test_an_attacker_locks_strangers_out_of_guessing_but_not_the_member_on_their_own_device():
    UserFactory(username="ada")
    members_phone = Client()
    assert _sign_in(members_phone, "ada", ip="198.51.100.7")
    members_phone.post("/accounts/logout/")
    assert DEVICE_COOKIE in members_phone.cookies

    attacker = Client()
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):  # from several addresses
        _fail(attacker, "ada", 3, ip=address)
    assert not _sign_in(attacker, "ada", ip="192.0.2.4")  # strangers: the account is locked for guessing
    assert _sign_in(members_phone, "ada", ip="198.51.100.8")  # the member's own browser, even on a new network


def test_an_address_with_a_live_session_of_the_account_still_works():
    UserFactory(username="ada")
    desktop = Client()
    assert _sign_in(desktop, "ada", ip="198.51.100.7")  # still signed in there
    _fail(Client(), "ada", 6, ip="192.0.2.1")
    fresh_browser_same_office = Client()
    assert _sign_in(fresh_browser_same_office, "ada", ip="198.51.100.7")


def test_per_address_limit_still_applies_to_trusted_devices(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip,5/5m/key"}
    UserFactory(username="ada")
    device = Client()
    assert _sign_in(device, "ada")
    device.post("/accounts/logout/")
    _fail(device, "ada", 3)
    assert not _sign_in(device, "ada")


def test_a_stolen_device_cookie_for_another_account_does_not_help():
    UserFactory(username="ada")
    UserFactory(username="grace")
    attacker = Client()
    assert _sign_in(attacker, "grace", ip="192.0.2.50")  # the attacker's own account
    attacker.post("/accounts/logout/")
    _fail(Client(), "ada", 6, ip="192.0.2.1")
    _fail(attacker, "ada", 1, ip="192.0.2.51")
    response = attacker.post("/accounts/login/", {"login": "ada", "password": "wrong"}, REMOTE_ADDR="192.0.2.51")
    assert "Too many failed login attempts" in response.content.decode()


def test_a_locked_out_member_can_sign_in_with_a_code_by_email(client, mailoutbox):
    UserFactory(username="ada", email="ada@example.com")
    _fail(Client(), "ada", 6, ip="192.0.2.1")
    response = client.post("/accounts/login/code/", {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
