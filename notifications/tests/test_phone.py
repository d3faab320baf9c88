"""Phone verification by a one-time code: hashed, expiring, with an attempt limit and a resend throttle."""
from datetime import timedelta

import pytest

from core.errors import ApplicationError
from notifications.choices import Channel, DeliveryStatus, Event
from notifications.models import Delivery, PhoneVerification
from notifications.services import (
    CODE_MAX_ATTEMPTS,
    phone_verification_confirm,
    phone_verification_start,
)

from .conftest import verified

pytestmark = pytest.mark.django_db


def test_a_code_is_texted_and_confirming_it_verifies_the_number(asker, twilio, clock,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification, code = phone_verification_start(user=asker, phone_number="+1 (415) 555-0123")
    assert verification.phone_number == "+14155550123"
    assert code not in verification.code_hash and len(code) == 6
    assert twilio.sent_bodies == [f"Your All Thrive verification code is {code}. It expires in 10 minutes."]
    assert twilio.calls[0]["data"]["To"] == "+14155550123"
    row = Delivery.objects.get(event=Event.PHONE_VERIFICATION)
    assert row.status == DeliveryStatus.SENT and code not in row.body  # the code isn't kept once sent
    asker.refresh_from_db()
    assert not asker.has_verified_phone  # not until the code comes back

    assert phone_verification_confirm(user=asker, code=f" {code[:3]} {code[3:]} ") == "+14155550123"
    asker.refresh_from_db()
    assert asker.has_verified_phone and asker.sms_notifications_enabled


def test_codes_go_out_even_at_night_and_dont_count_toward_the_daily_limit(asker, twilio, clock,
                                                                         django_capture_on_commit_callbacks):
    clock.set(clock.now.replace(hour=2))  # outside 9:00–20:00
    with django_capture_on_commit_callbacks(execute=True):
        phone_verification_start(user=asker, phone_number="+14155550123")
    assert len(twilio.calls) == 1


def test_wrong_codes_are_counted_and_limited(asker, clock, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    _, code = phone_verification_start(user=asker, phone_number="+14155550123")
    wrong = "000000" if code != "000000" else "111111"
    for tries_left in range(CODE_MAX_ATTEMPTS - 1, 0, -1):
        with pytest.raises(ApplicationError, match=f"{tries_left} tr"):
            phone_verification_confirm(user=asker, code=wrong)
    with pytest.raises(ApplicationError, match="last try"):
        phone_verification_confirm(user=asker, code=wrong)
    with pytest.raises(ApplicationError, match="Too many wrong tries"):
        phone_verification_confirm(user=asker, code=code)  # even the right code is dead now
    assert PhoneVerification.objects.get().attempts == CODE_MAX_ATTEMPTS
    asker.refresh_from_db()
    assert not asker.has_verified_phone


def test_codes_expire(asker, clock, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    _, code = phone_verification_start(user=asker, phone_number="+14155550123")
    clock.advance(minutes=11)
    with pytest.raises(ApplicationError, match="expired"):
        phone_verification_confirm(user=asker, code=code)


def test_new_codes_are_throttled(asker, clock, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    phone_verification_start(user=asker, phone_number="+14155550123")
    with pytest.raises(ApplicationError, match="seconds") as error:
        phone_verification_start(user=asker, phone_number="+14155550123")
    assert error.value.status == 429
    for _ in range(4):
        clock.advance(seconds=61)
        phone_verification_start(user=asker, phone_number="+14155550123")
    clock.advance(seconds=61)
    with pytest.raises(ApplicationError, match="Try again in an hour"):
        phone_verification_start(user=asker, phone_number="+14155550123")
    assert Delivery.objects.filter(channel=Channel.SMS).count() == 5


@pytest.mark.parametrize("number", ["", "4155550123", "+1 555", "not a number", "+999 123"])
def test_bad_numbers_are_refused(asker, number):
    with pytest.raises(ApplicationError) as error:
        phone_verification_start(user=asker, phone_number=number)
    assert "phone_number" in error.value.fields


def test_a_number_verified_by_someone_else_is_refused(asker, helper):
    verified(helper, phone="+14155550123")
    with pytest.raises(ApplicationError, match="another account"):
        phone_verification_start(user=asker, phone_number="+14155550123")


def test_a_changed_number_keeps_the_old_one_until_the_new_one_is_confirmed(asker, clock, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    verified(asker, phone="+14155550123")
    _, code = phone_verification_start(user=asker, phone_number="+442071838750")
    asker.refresh_from_db()
    assert asker.phone_number == "+14155550123" and asker.has_verified_phone
    clock.advance(seconds=5)
    phone_verification_confirm(user=asker, code=code)
    asker.refresh_from_db()
    assert asker.phone_number == "+442071838750"
    assert asker.phone_verified_at == clock.now
    assert timedelta(0) <= clock.now - asker.phone_verified_at
