"""Calling an owner's own OpenAI-compatible endpoint (bring your own key) without opening an SSRF hole.

The base URL passes the same checks as Ava's link import (public addresses only, checked after DNS
resolution and pinned for the connection; http/https; no credentials in the URL), redirects are refused
(so they can't lead into a private network), and the call has a total timeout and a response-size cap.
The key is sent only in the Authorization header and never logged.
"""
from __future__ import annotations

import http.client
import json
import ssl
import time

from assistant.url_import import fetch
from core.errors import ApplicationError

TIMEOUT_SECONDS = 30.0
MAX_RESPONSE_BYTES = 512 * 1024


class AgentUnavailable(ApplicationError):
    def __init__(self, message: str, *, code: str = "agent_unavailable") -> None:
        super().__init__(message, code=code, status=502)


def vet_base_url(url: str, *, allow_address=None) -> None:
    """Refuse a base URL that isn't a public http(s) endpoint (`ApplicationError` on field `byok_base_url`)."""
    try:
        _scheme, host, port, _path = fetch._check_url(url)
        fetch._resolve(host, port, allow_address or fetch.is_public_address)
    except fetch.ImportRefused as refused:
        message = "Use a public https:// endpoint (private, loopback and link-local addresses are refused)."
        if refused.code == "dns":
            message = "That host name doesn't resolve."
        raise ApplicationError(message, fields={"byok_base_url": message}, code=refused.code) from None


def chat(*, base_url: str, api_key: str, model: str, messages: list[dict], allow_address=None,
         timeout: float = TIMEOUT_SECONDS) -> str:
    """One chat completion from the owner's endpoint; `AgentUnavailable` on any failure."""
    allow = allow_address or fetch.is_public_address
    deadline = time.monotonic() + timeout
    try:
        scheme, host, port, path = fetch._check_url(base_url.rstrip("/") + "/chat/completions")
        address = fetch._resolve(host, port, allow)
    except fetch.ImportRefused:
        raise AgentUnavailable("This agent's endpoint isn't allowed (it must be a public address).",
                               code="endpoint_refused") from None
    connection_class = fetch._PinnedHTTPSConnection if scheme == "https" else fetch._PinnedHTTPConnection
    connection = connection_class(host, port, address=address, deadline=deadline)
    body = json.dumps({"model": model, "messages": messages, "max_tokens": 600, "temperature": 0.4})
    try:
        connection.request("POST", path, body=body, headers={
            "Authorization": f"Bearer {api_key}", "Content-Type": "application/json", "Accept": "application/json",
        })
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise AgentUnavailable("This agent's endpoint redirected; redirects aren't followed.", code="redirect")
        if response.status >= 400:
            raise AgentUnavailable(f"This agent's endpoint answered with an error ({response.status}).",
                                   code="endpoint_error")
        raw = fetch._read_body(response, max_bytes=MAX_RESPONSE_BYTES, deadline=deadline)
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except AgentUnavailable:
        raise
    except fetch.ImportRefused as refused:
        raise AgentUnavailable("This agent's endpoint was too slow or sent too much.", code=refused.code) from None
    except (OSError, ssl.SSLError, http.client.HTTPException, ValueError, KeyError, IndexError, TypeError):
        raise AgentUnavailable("This agent's endpoint couldn't be reached.", code="unreachable") from None
    finally:
        connection.close()
    if not isinstance(content, str) or not content.strip():
        raise AgentUnavailable("This agent's endpoint sent an empty answer.", code="empty")
    return content.strip()[:4000]
