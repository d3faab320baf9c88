"""Sign-in rules of the site (django-allauth adapter): the lockout an attacker can't use against a member,
and staff who must have two-factor authentication before they reach the admin.

The lockout rule (README "Accounts and two-factor sign-in"):
- failed passwords are limited per client address (ACCOUNT_RATE_LIMITS["login_failed"], the `/ip` parts);
- and per account (the `/key` parts: 5 in 5 minutes), but only for attempts from a device or address
  this account has not signed in from before. A browser that signed in to the account carries a signed
  cookie naming it (a year); an address with a live session of the account counts too. From those the
  right password still works while strangers are locked out;
- anyone locked out can also sign in with a one-time code sent by email (allauth's login by code).
"""
from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import redirect

DEVICE_COOKIE = "trusted_signin"
DEVICE_COOKIE_SALT = "members.accounts.trusted-device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600
DEVICE_MAX_ACCOUNTS = 5
MFA_SETUP_URL = "/accounts/2fa/"
# Where staff without two-factor authentication may not go.
STAFF_MFA_PATHS = ("/admin/", "/django-admin/")


def _split_rates(rates: str) -> tuple[str, str]:
    """("per-address parts", "per-account parts") of an allauth rate string like "10/m/ip,5/5m/key"."""
    parts = [part.strip() for part in (rates or "").split(",") if part.strip()]
    return (",".join(p for p in parts if not p.endswith("/key")), ",".join(p for p in parts if p.endswith("/key")))


def trusted_accounts(request: HttpRequest) -> list[int]:
    """Account ids this browser has signed in to (from the signed device cookie)."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        ids = signing.loads(raw, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember_device(request: HttpRequest, response, user) -> None:
    """After a sign-in: this browser is trusted for this account from now on."""
    if response is None or not hasattr(response, "set_cookie"):
        return
    ids = [user.pk, *[i for i in trusted_accounts(request) if i != user.pk]][:DEVICE_MAX_ACCOUNTS]
    response.set_cookie(DEVICE_COOKIE, signing.dumps(ids, salt=DEVICE_COOKIE_SALT), max_age=DEVICE_COOKIE_MAX_AGE,
                        httponly=True, secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


def _account_for(credentials: dict):
    from .models import User

    login = (credentials.get("email") or credentials.get("username") or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).only("pk").first()


def signed_in_here_before(request: HttpRequest, credentials: dict) -> bool:
    """True if this device or address has signed in to the account the credentials name."""
    user = _account_for(credentials)
    if user is None:
        return False
    if user.pk in trusted_accounts(request):
        return True
    from allauth.usersessions.models import UserSession

    return UserSession.objects.filter(user_id=user.pk, ip=allauth_ratelimit.get_ip(request)).exists()


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        per_address, per_account = _split_rates(settings.ACCOUNT_RATE_LIMITS.get("login_failed", ""))
        rates = per_address if signed_in_here_before(request, credentials) else ",".join(
            filter(None, [per_address, per_account]))
        self._login_failed_rl_usage = allauth_ratelimit.consume(
            request, app="allauth.account", action="login_failed", config={"login_failed": rates},
            key=self._get_login_attempts_cache_key(request, **credentials),
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")


def staff_without_mfa(request: HttpRequest) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff and not is_mfa_enabled(user))


class StaffMFAMiddleware:
    """Staff must set up two-factor authentication before the Wagtail (or Django) admin opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_MFA_PATHS) and staff_without_mfa(request):
            messages.warning(request, "Set up two-factor authentication first: staff need it to open the admin.")
            return redirect(MFA_SETUP_URL)
        return self.get_response(request)
