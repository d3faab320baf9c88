"""The agents API: list, start, talk, history; the owner's settings with a write-only key."""
from rest_framework.test import APIClient

from agents.models import AgentConversation
from members.factories import UserFactory


def test_list_start_talk_and_read_back(agent, member):
    api = APIClient()
    listed = api.get("/api/v1/agents/").json()
    assert [a["username"] for a in listed["results"]] == ["scout"]
    assert listed["results"][0]["credits_per_conversation"] == 1
    api.force_authenticate(member)
    started = api.post("/api/v1/agents/scout/conversations/")
    assert started.status_code == 201
    pk = started.json()["id"]
    sent = api.post(f"/api/v1/agents/conversations/{pk}/messages/", {"text": "landing page?", "request_key": "a"},
                    format="json")
    assert sent.status_code == 201 and sent.json()["reply"]["text"].startswith("(Demo reply")
    history = api.get(f"/api/v1/agents/conversations/{pk}/").json()
    assert [m["sender"] for m in history["messages"]] == ["member", "agent"]
    api.force_authenticate(UserFactory(username="stranger"))
    assert api.get(f"/api/v1/agents/conversations/{pk}/").status_code == 404


def test_blank_message_is_a_400_with_a_field(agent, member):
    api = APIClient()
    api.force_authenticate(member)
    pk = api.post("/api/v1/agents/scout/conversations/").json()["id"]
    answer = api.post(f"/api/v1/agents/conversations/{pk}/messages/", {"text": ""}, format="json")
    assert answer.status_code == 400 and "text" in str(answer.json())


def test_short_of_credits_is_402(agent):
    api = APIClient()
    api.force_authenticate(UserFactory(username="broke"))
    assert api.post("/api/v1/agents/scout/conversations/").status_code == 402
    assert not AgentConversation.objects.exists()


def test_the_owner_sets_a_key_that_never_comes_back(agent, monkeypatch):
    monkeypatch.setattr("agents.byok.vet_base_url", lambda url, allow_address=None: None)
    api = APIClient()
    api.force_authenticate(agent.owner)
    answer = api.patch(f"/api/v1/agents/mine/{agent.pk}/", {
        "hosting": "byok", "byok_base_url": "https://llm.example.com/v1", "byok_model": "m", "api_key": "sk-top-secret",
    }, format="json")
    assert answer.status_code == 200
    assert "sk-top-secret" not in answer.content.decode() and answer.json()["has_key"] is True
    assert "sk-top-secret" not in api.get("/api/v1/agents/mine/").content.decode()
    api.force_authenticate(UserFactory(username="other"))
    assert api.get(f"/api/v1/agents/mine/{agent.pk}/").status_code == 404
