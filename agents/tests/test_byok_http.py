"""The BYOK client against a local endpoint: the key in the header only, no redirects, size and time caps."""
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from agents import byok

from .conftest import loopback


@pytest.fixture
def endpoint():
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        mode = "ok"

        def do_POST(self):  # noqa: N802
            seen["auth"] = self.headers["Authorization"]
            seen["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if Handler.mode == "redirect":
                self.send_response(307)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()
                return
            answer = b"x" * (byok.MAX_RESPONSE_BYTES + 10) if Handler.mode == "huge" else json.dumps(
                {"choices": [{"message": {"content": "Hello from your own model"}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1", Handler, seen
    server.shutdown()


def call(url):
    return byok.chat(base_url=url, api_key="sk-live-SECRET", model="m1", messages=[{"role": "user", "content": "hi"}],
                     allow_address=loopback)


def test_the_owners_model_answers_and_the_key_stays_in_the_header(endpoint, caplog):
    url, handler, seen = endpoint
    caplog.set_level(logging.DEBUG)
    assert call(url) == "Hello from your own model"
    assert seen["auth"] == "Bearer sk-live-SECRET" and seen["body"]["model"] == "m1"
    assert "sk-live-SECRET" not in caplog.text


def test_a_redirect_is_not_followed(endpoint):
    url, handler, seen = endpoint
    handler.mode = "redirect"
    with pytest.raises(byok.AgentUnavailable) as refused:
        call(url)
    assert refused.value.code == "redirect"


def test_a_huge_answer_is_cut_off(endpoint):
    url, handler, seen = endpoint
    handler.mode = "huge"
    with pytest.raises(byok.AgentUnavailable):
        call(url)


def test_without_the_test_policy_loopback_is_refused(endpoint):
    url, handler, seen = endpoint
    with pytest.raises(byok.AgentUnavailable) as refused:
        byok.chat(base_url=url, api_key="k", model="m", messages=[])
    assert refused.value.code == "endpoint_refused"
    assert "auth" not in seen  # nothing was sent
