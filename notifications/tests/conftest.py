"""Fixtures of the notification tests: members, a controllable clock and Twilio's HTTP boundary."""
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from collective.factories import OfferFactory

TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef"


@pytest.fixture
def offer(asker):
    return OfferFactory(user=asker, title="Landing page reviews")


def verified(user, *, phone="+14155550123", start=time(9, 0), end=time(20, 0), zone="UTC"):
    """Give a member a verified phone with SMS on and a sending window."""
    type(user).objects.filter(pk=user.pk).update(phone_number=phone, phone_verified_at=timezone.now(),
                                                 sms_notifications_enabled=True, sms_window_start=start,
                                                 sms_window_end=end, time_zone=zone)
    user.refresh_from_db()
    return user


@dataclass
class Clock:
    """timezone.now() under the test's control. It starts tomorrow at noon UTC, so rows stamped with the
    real clock (model defaults) are always in its past."""

    now: datetime = field(default_factory=lambda: datetime.combine(
        datetime.now(UTC).date() + timedelta(days=1), time(12, 0), tzinfo=UTC))

    def set(self, value: datetime) -> None:
        self.now = value

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    the_clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: the_clock.now)
    return the_clock


@dataclass
class FakeTwilio:
    """Stands in for Twilio's HTTP API below the official SDK: the SDK builds and parses real requests."""

    calls: list = field(default_factory=list)
    queued: list = field(default_factory=list)

    def fail_next(self, status: int = 500, code: int = 20500, message: str = "Internal Server Error") -> None:
        self.queued.append(Response(status, json.dumps({"code": code, "message": message, "status": status})))

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self.calls.append({"method": method, "url": url, "data": dict(data or {}), "auth": auth})
        if self.queued:
            return self.queued.pop(0)
        return Response(201, json.dumps({"sid": f"SM{len(self.calls):032x}", "status": "queued",
                                         "to": (data or {}).get("To"), "body": (data or {}).get("Body")}))

    @property
    def sent_bodies(self) -> list[str]:
        return [call["data"]["Body"] for call in self.calls]


@pytest.fixture
def twilio(settings, monkeypatch):
    settings.TWILIO_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
    settings.TWILIO_AUTH_TOKEN = TEST_AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = "+15005550006"
    fake = FakeTwilio()
    monkeypatch.setattr(TwilioHttpClient, "request",
                        lambda self, *args, **kwargs: fake.request(*args, **kwargs))
    return fake
