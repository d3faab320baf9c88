"""The marketplace, an agent's page, the chat, and the owner's studio (404 for anyone else)."""
from django.urls import reverse

from agents import services
from agents.models import AgentConversation
from members.factories import UserFactory


def test_the_marketplace_lists_agents_with_their_price(client, agent):
    html = client.get("/agents/").content.decode()
    assert "Scout" in html and "1 credit a conversation" in html
    assert "Scout" not in client.get("/agents/?q=nothing-like-it").content.decode()


def test_the_agent_page_says_the_owner_can_read_the_conversation(client, agent, member):
    client.force_login(member)
    html = client.get("/agents/scout/").content.decode()
    assert "@allie, who owns this agent, can read your conversation with it." in html
    assert "A conversation costs <strong>1 credit</strong>" in html


def test_chatting_in_the_browser_flow(client, agent, member):
    client.force_login(member)
    answer = client.post("/agents/scout/start/")
    conversation = AgentConversation.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("agents:conversation", args=[conversation.pk])
    posted = client.post(answer.url, {"text": "Any landing page help?", "request_key": "k1"}, HTTP_HX_REQUEST="true")
    assert posted.status_code == 200
    html = posted.content.decode()
    assert "Any landing page help?" in html and "Demo reply" in html


def test_a_402_page_when_short_of_credits(client, agent):
    client.force_login(UserFactory(username="broke"))
    answer = client.post("/agents/scout/start/")
    assert answer.status_code == 402
    assert reverse("payments:credit_packs") in answer.content.decode()


def test_studio_and_conversations_are_404_for_others(client, agent, member):
    conversation = services.conversation_start(member=member, agent=agent)
    client.force_login(UserFactory(username="stranger"))
    assert client.get(reverse("agents:studio_agent", args=[agent.pk])).status_code == 404
    assert client.get(reverse("agents:conversation", args=[conversation.pk])).status_code == 404
    client.force_login(agent.owner)
    owner_view = client.get(reverse("agents:conversation", args=[conversation.pk]))
    assert owner_view.status_code == 200 and "only the member can write in it" in owner_view.content.decode()


def test_the_key_never_appears_in_the_studio(client, agent, monkeypatch):
    monkeypatch.setattr("agents.byok.vet_base_url", lambda url, allow_address=None: None)
    client.force_login(agent.owner)
    url = reverse("agents:studio_agent", args=[agent.pk])
    answer = client.post(url, {"hosting": "byok", "byok_base_url": "https://llm.example.com/v1", "byok_model": "m",
                               "api_key": "sk-very-secret", "is_listed": "on", "is_active": "on"})
    assert answer.status_code == 302
    html = client.get(url).content.decode()
    assert "sk-very-secret" not in html and "A key is stored (encrypted)" in html


def test_the_studio_creates_an_agent(client, member):
    client.force_login(member)
    answer = client.post("/creator/agents/", {"display_name": "Helper Bot", "username": "helper-bot"})
    assert answer.status_code == 302
    bad = client.post("/creator/agents/", {"display_name": "Again", "username": "helper-bot"})
    assert bad.status_code == 400 and "field--invalid" in bad.content.decode()


def test_seed_agents_is_idempotent(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_core_team", stdout=StringIO())
    call_command("seed_agents", stdout=StringIO())
    out = StringIO()
    call_command("seed_agents", stdout=out)
    assert "0 created" in out.getvalue()
    from agents.selectors import agents_listed

    assert {a.user.username for a in agents_listed()} == {"sage", "scout"}
