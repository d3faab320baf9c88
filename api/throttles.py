"""Rate limits: per client address for visitors, per member when signed in, stricter for writes.

Rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (config/settings/base.py) and are read on every
request, so tests and deployments can change them; a scope with no rate is not throttled. Sign-up,
log-in and password endpoints are rate limited by allauth itself (ACCOUNT_RATE_LIMITS).
"""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)

    def client_key(self, request) -> str:
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"ip-{self.get_ident(request)}"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.client_key(request)}


class AnonThrottle(_RateFromSettings):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class MemberThrottle(_RateFromSettings):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class WriteThrottle(_RateFromSettings):
    """Creating, changing, archiving, connecting, rating and following."""

    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in SAFE_METHODS:
            return None
        return super().get_cache_key(request, view)


class ViewRecordThrottle(_RateFromSettings):
    """Recording views (anonymous clients too) has its own budget so browsing never blocks real writes."""

    scope = "views"


DEFAULT_THROTTLES = [AnonThrottle, MemberThrottle, WriteThrottle]
VIEW_RECORD_THROTTLES = [AnonThrottle, MemberThrottle, ViewRecordThrottle]
