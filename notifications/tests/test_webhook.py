"""Twilio's inbound SMS webhook: STOP / START / HELP, only with a valid X-Twilio-Signature."""
import pytest
from twilio.request_validator import RequestValidator

from .conftest import TEST_AUTH_TOKEN, verified

pytestmark = pytest.mark.django_db
URL = "/webhooks/twilio/sms/"


def signed_post(client, params: dict, *, token: str = TEST_AUTH_TOKEN):
    signature = RequestValidator(token).compute_signature(f"http://testserver{URL}", params)
    return client.post(URL, params, HTTP_X_TWILIO_SIGNATURE=signature)


def twilio_params(body: str, sender: str = "+14155550123") -> dict:
    return {"MessageSid": "SM" + "a" * 32, "AccountSid": "AC" + "b" * 32, "From": sender, "To": "+15005550006",
            "Body": body, "NumMedia": "0"}


def test_stop_turns_texts_off_and_start_turns_them_back_on(client, asker, twilio):
    verified(asker)
    response = signed_post(client, twilio_params("STOP"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    asker.refresh_from_db()
    assert asker.sms_notifications_enabled is False

    assert signed_post(client, twilio_params("start ")).status_code == 200
    asker.refresh_from_db()
    assert asker.sms_notifications_enabled is True


def test_help_answers_with_instructions(client, asker, twilio):
    verified(asker)
    response = signed_post(client, twilio_params("HELP"))
    assert response.status_code == 200
    assert "Reply STOP to opt out" in response.content.decode()


def test_a_forged_signature_is_refused(client, asker, twilio):
    verified(asker)
    forged = signed_post(client, twilio_params("STOP"), token="not-the-real-token")
    assert forged.status_code == 403
    assert client.post(URL, twilio_params("STOP")).status_code == 403  # no signature at all
    # A valid signature over different parameters doesn't carry over.
    params = twilio_params("HELP")
    signature = RequestValidator(TEST_AUTH_TOKEN).compute_signature(f"http://testserver{URL}", params)
    assert client.post(URL, twilio_params("STOP"), HTTP_X_TWILIO_SIGNATURE=signature).status_code == 403
    asker.refresh_from_db()
    assert asker.sms_notifications_enabled is True


def test_without_a_twilio_token_every_request_is_refused(client, asker, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    verified(asker)
    assert signed_post(client, twilio_params("STOP"), token="").status_code == 403


def test_unknown_numbers_and_other_words_change_nothing(client, asker, twilio):
    verified(asker)
    assert signed_post(client, twilio_params("STOP", sender="+14155550000")).status_code == 200
    assert signed_post(client, twilio_params("thanks!")).status_code == 200
    asker.refresh_from_db()
    assert asker.sms_notifications_enabled is True


def test_the_webhook_only_takes_posts(client, twilio):
    assert client.get(URL).status_code == 405
