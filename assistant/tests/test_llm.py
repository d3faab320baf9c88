"""The language-model provider: scripted by default; an OpenAI-compatible API when configured, which
phrases replies and classifies imports (the HTTP boundary is mocked), costing 1 credit per conversation."""
import io
import json
import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant import llm, services
from assistant.choices import Sender
from assistant.url_import import proposal_from_page
from assistant.url_import.extract import extract_page
from collective.choices import OfferType
from economy.choices import CreditTransactionType
from economy.models import CreditTransaction
from economy.services import credits_add
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def completion(content: str) -> FakeResponse:
    return FakeResponse(json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode())


@pytest.fixture
def model_settings(settings):
    settings.AVA_LLM_BASE_URL = "https://llm.example.com/v1"
    settings.AVA_LLM_API_KEY = "sk-test"
    settings.AVA_LLM_MODEL = "tiny-model"
    return settings


@pytest.fixture
def urlopen(monkeypatch):
    """Replaces urllib.request.urlopen; set `.reply` (content or an exception); `.requests` records calls."""

    class Fake:
        reply = "Maya and Jasper are great places to start."
        requests: list = []

        def __call__(self, request, timeout=None):
            self.requests.append({"url": request.full_url, "headers": dict(request.header_items()),
                                  "body": json.loads(request.data), "timeout": timeout})
            if isinstance(self.reply, Exception):
                raise self.reply
            return completion(self.reply)

    fake = Fake()
    fake.requests = []
    monkeypatch.setattr(llm.urllib.request, "urlopen", fake)
    return fake


@pytest.fixture
def member(categories):
    return UserFactory(username="modeluser")


def give_credits(user, amount):
    credits_add(user=user, amount=amount, transaction_type=CreditTransactionType.BONUS, idempotency_key=f"test:{user.pk}")
    user.refresh_from_db()


def test_without_settings_the_scripted_provider_is_used(settings):
    settings.AVA_LLM_BASE_URL = ""
    assert llm.get_provider().uses_model is False


def test_with_all_three_settings_the_model_is_used(model_settings):
    provider = llm.get_provider()
    assert isinstance(provider, llm.ChatCompletionsProvider)
    assert provider.endpoint == "https://llm.example.com/v1/chat/completions"


def test_the_model_phrases_the_reply_and_the_session_costs_one_credit(model_settings, urlopen, member):
    give_credits(member, 3)
    conversation = services.conversation_start(user=member, text="I need help writing blog posts")
    services.conversation_reply(conversation=conversation, user=member, text="and newsletters")
    replies = list(conversation.messages.filter(sender=Sender.AVA))
    assert [r.text for r in replies] == ["Maya and Jasper are great places to start."] * 2
    assert replies[0].payload["phrased_by"] == "model"
    assert "findings" in replies[0].payload  # the links still come from the site's search
    member.refresh_from_db()
    assert member.credit_balance == 2  # one credit for the whole conversation
    assert CreditTransaction.objects.filter(user=member, transaction_type=CreditTransactionType.USAGE).count() == 1
    sent = urlopen.requests[0]
    assert sent["url"] == "https://llm.example.com/v1/chat/completions"
    assert sent["headers"]["Authorization"] == "Bearer sk-test"
    assert sent["body"]["model"] == "tiny-model"
    assert "writing blog posts" in sent["body"]["messages"][-1]["content"]
    # Earlier turns go along as context.
    assert any(m["content"] == "I need help writing blog posts" for m in urlopen.requests[1]["body"]["messages"])


def test_without_credits_ava_answers_from_search_and_says_why(model_settings, urlopen, member):
    conversation = services.conversation_start(user=member, text="I need help writing blog posts")
    reply = conversation.messages.get(sender=Sender.AVA)
    assert "“writing blog posts”" in reply.text and "phrased_by" not in reply.payload  # the scripted answer
    assert "costs 1 credit and you have 0" in reply.payload["notice"]
    assert urlopen.requests == []
    assert not CreditTransaction.objects.filter(user=member).exists()


def test_a_failing_model_falls_back_to_the_scripted_reply_and_costs_nothing(model_settings, urlopen, member):
    give_credits(member, 1)
    urlopen.reply = urllib.error.URLError("connection refused")
    conversation = services.conversation_start(user=member, text="I need help writing blog posts")
    reply = conversation.messages.get(sender=Sender.AVA)
    assert "“writing blog posts”" in reply.text and "phrased_by" not in reply.payload
    member.refresh_from_db()
    assert member.credit_balance == 1 and conversation.model_charged_at is None


def test_the_model_classifies_an_imported_page_within_the_allowed_values(model_settings, urlopen, categories):
    page = extract_page("<title>Snippets</title><p>Helpful things.</p>", url="https://snippets.example.com/")
    urlopen.reply = 'Sure! {"offer_type": "template", "category": "operations", "title": "Snippet pack", ' \
                    '"description": "Reusable prompts for ops teams."}'
    proposal = proposal_from_page(page, provider=llm.get_provider())
    assert (proposal.offer_type, proposal.category_slug, proposal.title) == ("template", "operations", "Snippet pack")

    urlopen.reply = '{"offer_type": "spaceship", "category": "nope", "title": ""}'
    proposal = proposal_from_page(page, provider=llm.get_provider())
    assert proposal.offer_type == OfferType.LINK and proposal.title == "Snippets"  # invalid answers are ignored


def test_the_provider_talks_to_a_real_http_endpoint(settings, member):
    """End to end through urllib against a tiny local OpenAI-compatible server."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append((self.path, self.headers.get("Authorization"),
                             json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            body = json.dumps({"choices": [{"message": {"content": "Hello from the model."}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        provider = llm.ChatCompletionsProvider(base_url=f"http://127.0.0.1:{server.server_address[1]}/v1/",
                                               api_key="local-key", model="m")
        text = provider.phrase_answer(question="hi", findings={}, fallback="fallback", history=[])
    finally:
        server.shutdown()
        server.server_close()
    assert text == "Hello from the model."
    path, auth, body = received[0]
    assert (path, auth, body["model"]) == ("/v1/chat/completions", "Bearer local-key", "m")
