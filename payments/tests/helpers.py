"""Test helpers: sign webhook payloads as Stripe does, build Stripe-shaped events, and a fake HTTP client
that sits where the SDK does its HTTP (so the SDK's request building and response parsing still run)."""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_URL = "/webhooks/stripe/"


# ------------------------------------------------------------------------------------- signing
def stripe_signature(payload: str, secret: str, timestamp: int | None = None) -> str:
    """`Stripe-Signature` exactly as Stripe computes it (written here independently of the app's code)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def post_event(client, event: dict, secret: str, *, timestamp: int | None = None, signature: str | None = None):
    payload = json.dumps(event)
    header = signature if signature is not None else stripe_signature(payload, secret, timestamp)
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def event(event_type: str, obj: dict, *, event_id: str | None = None, account: str | None = None,
          livemode: bool = False) -> dict:
    data = {"id": event_id or f"evt_{secrets.token_hex(8)}", "object": "event", "api_version": "2026-10-28.endive",
            "created": int(time.time()), "livemode": livemode, "type": event_type, "data": {"object": obj},
            "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}}
    if account:
        data["account"] = account
    return data


def metadata(checkout) -> dict:
    meta = {"checkout_ref": str(checkout.reference), "kind": checkout.kind, "buyer_id": str(checkout.buyer_id)}
    if checkout.pack:
        meta["pack"] = checkout.pack
    return meta


def session_completed(checkout, payment_intent_id: str, *, amount: int | None = None, currency: str = "usd",
                      payment_status: str = "paid", subscription: str | None = None, invoice: str | None = None) -> dict:
    return {"id": checkout.stripe_session_id, "object": "checkout.session", "mode": checkout.mode,
            "status": "complete", "payment_status": payment_status,
            "amount_total": checkout.amount_cents if amount is None else amount, "currency": currency,
            "client_reference_id": str(checkout.reference), "metadata": metadata(checkout),
            "payment_intent": payment_intent_id, "subscription": subscription, "invoice": invoice}


def payment_intent(checkout, payment_intent_id: str, *, status: str = "succeeded", amount: int | None = None) -> dict:
    return {"id": payment_intent_id, "object": "payment_intent", "status": status,
            "amount": checkout.amount_cents, "amount_received": checkout.amount_cents if amount is None else amount,
            "currency": checkout.currency, "metadata": metadata(checkout), "latest_charge": "ch_" + payment_intent_id}


def charge_refunded(payment_intent_id: str, *, amount: int, amount_refunded: int, refund_id: str | None = None) -> dict:
    charge = {"id": "ch_" + payment_intent_id, "object": "charge", "payment_intent": payment_intent_id,
              "amount": amount, "amount_refunded": amount_refunded, "currency": "usd",
              "refunded": amount_refunded >= amount}
    if refund_id:
        charge["refunds"] = {"object": "list", "data": [{"id": refund_id, "object": "refund", "amount": amount_refunded}]}
    return charge


def dispute(payment_intent_id: str, *, amount: int, dispute_id: str = "dp_test_1") -> dict:
    return {"id": dispute_id, "object": "dispute", "charge": "ch_" + payment_intent_id,
            "payment_intent": payment_intent_id, "amount": amount, "currency": "usd", "reason": "fraudulent",
            "status": "needs_response"}


def invoice_paid(checkout, *, invoice_id: str, subscription_id: str, payment_intent_id: str,
                 billing_reason: str = "subscription_create", amount: int | None = None) -> dict:
    return {"id": invoice_id, "object": "invoice", "status": "paid", "billing_reason": billing_reason,
            "amount_paid": checkout.amount_cents if amount is None else amount, "currency": checkout.currency,
            "parent": {"type": "subscription_details",
                       "subscription_details": {"subscription": subscription_id, "metadata": metadata(checkout)}},
            "payments": {"object": "list", "data": [
                {"object": "invoice_payment", "payment": {"type": "payment_intent", "payment_intent": payment_intent_id}}]}}


# ------------------------------------------------------------------------------- fake Stripe HTTP
class FakeStripeHTTP(stripe.HTTPClient):
    """Answers the SDK's HTTP requests from canned JSON and records them. An unexpected request fails the test."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.routes: dict[tuple[str, str], object] = {}
        self.requests: list[dict] = []

    def on(self, method: str, path: str, body, status: int = 200) -> None:
        """Answer `method path` with `body` (a dict, or a callable taking the parsed params)."""
        self.routes[(method.lower(), path)] = (body, status)

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = urlsplit(url).path
        query = urlsplit(url).query
        params = dict(parse_qsl(post_data.decode() if isinstance(post_data, bytes) else (post_data or query)))
        self.requests.append({"method": method.lower(), "path": path, "params": params, "headers": dict(headers or {})})
        route = self.routes.get((method.lower(), path))
        if route is None:
            raise AssertionError(f"Unexpected Stripe request: {method.upper()} {path}")
        body, status = route
        if callable(body):
            body = body(params)
        return json.dumps(body), status, {"request-id": "req_test"}

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise AssertionError("No streaming requests expected")

    def close(self):
        pass

    def calls(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method.lower() and r["path"] == path]


class NoNetworkHTTP(FakeStripeHTTP):
    """The default for every payments test: any request the SDK makes fails the test."""
