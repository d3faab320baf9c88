"""Stripe's webhook signature scheme: `Stripe-Signature: t=<unix ts>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`.

The simulator signs its events with this, so they pass the same `stripe.Webhook.construct_event`
check as Stripe's own.
"""
import hashlib
import hmac
import time


def signature_header(payload: str | bytes, secret: str, *, timestamp: int | None = None) -> str:
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8")
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
