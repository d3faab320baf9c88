"""Agents for hire: credits per conversation, message allowances, drafts, suspension, keys at rest."""
import pytest
from django.test import override_settings

from agents import brain, selectors, services
from agents.models import AgentConversation, AgentDraft, AgentMessage
from collective.factories import AskFactory
from collective.models import Connection
from core import secrets_box
from core.errors import ApplicationError, NotFound
from members.choices import AgentHosting
from members.factories import UserFactory


def test_a_platform_hosted_conversation_costs_one_credit_once(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    member.refresh_from_db()
    assert member.credit_balance == 2
    services.message_send(member=member, conversation=conversation, text="hi", request_key="a")
    services.message_send(member=member, conversation=conversation, text="and more", request_key="b")
    member.refresh_from_db()
    assert member.credit_balance == 2  # messages inside the conversation are covered


def test_short_of_credits_is_402_and_no_conversation(agent, db):
    broke = UserFactory(username="broke")
    with pytest.raises(ApplicationError) as refused:
        services.conversation_start(member=broke, agent=agent)
    assert refused.value.status == 402
    assert not AgentConversation.objects.exists()


def test_a_byok_agent_costs_no_credits(member, agent, monkeypatch):
    monkeypatch.setattr("agents.byok.vet_base_url", lambda url, allow_address=None: None)
    services.agent_update(agent=agent, actor=agent.owner, data={
        "hosting": AgentHosting.BYOK, "byok_base_url": "https://llm.example.com/v1", "byok_model": "m"},
        api_key="sk-secret-123")
    services.conversation_start(member=member, agent=agent)
    member.refresh_from_db()
    assert member.credit_balance == 3


def test_the_offline_agent_says_it_is_a_demo_and_answers_from_knowledge(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    question, reply = services.message_send(member=member, conversation=conversation,
                                            text="How do I make my landing page convert?", request_key="q")
    assert reply.text.startswith("(Demo reply")
    assert "one clear call to action" in reply.text
    assert reply.agent_owner_id == agent.owner_id  # who answers for it, recorded


def test_the_same_message_is_sent_once(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    first, _ = services.message_send(member=member, conversation=conversation, text="hello", request_key="same")
    again, _ = services.message_send(member=member, conversation=conversation, text="hello", request_key="same")
    assert first.pk == again.pk
    assert AgentMessage.objects.filter(sender="member").count() == 1


def test_running_out_of_messages_stops_cleanly(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    AgentConversation.objects.filter(pk=conversation.pk).update(messages_allowed=1)
    conversation.refresh_from_db()
    services.message_send(member=member, conversation=conversation, text="one", request_key="1")
    with pytest.raises(ApplicationError) as stopped:
        services.message_send(member=member, conversation=conversation, text="two", request_key="2")
    assert stopped.value.status == 402 and stopped.value.code == "messages_used_up"
    assert AgentMessage.objects.filter(sender="member").count() == 1


@pytest.mark.parametrize("cut", ["owner_inactive", "owner_suspended", "suspended", "switched_off"])
def test_an_agent_whose_owner_is_suspended_stops_answering(member, agent, cut):
    conversation = services.conversation_start(member=member, agent=agent)
    if cut == "owner_inactive":
        agent.owner.is_active = False
        agent.owner.save(update_fields=["is_active"])
    elif cut == "owner_suspended":
        from members.safety import SUSPENDED_FOR_GOOD

        type(agent.owner).objects.filter(pk=agent.owner_id).update(suspended_until=SUSPENDED_FOR_GOOD)
    elif cut == "suspended":
        services.agent_suspend(agent=agent, curator=UserFactory(username="cur", is_staff=True))
    else:
        agent.is_active = False
        agent.save(update_fields=["is_active"])
    with pytest.raises(ApplicationError) as refused:
        services.message_send(member=member, conversation=conversation, text="hello?", request_key="x")
    assert refused.value.status == 409
    assert not selectors.agents_listed().exists()
    with pytest.raises(NotFound):
        selectors.agent_by_username("scout")


def test_a_draft_is_never_sent_without_approval(agent):
    ask = AskFactory(status="open")
    draft = services.draft_create(agent=agent, ask=ask, text="I can point you to two landing-page reviewers.")
    assert not Connection.objects.filter(ask=ask).exists()
    with pytest.raises(NotFound):  # nobody but the owner decides
        services.draft_decide(draft=draft, actor=UserFactory(username="nosy"), approve=True)
    assert not Connection.objects.filter(ask=ask).exists()
    sent = services.draft_decide(draft=draft, actor=agent.owner, approve=True)
    assert sent.status == AgentDraft.Status.SENT
    connection = Connection.objects.get(ask=ask)
    assert connection.initiator_id == agent.user_id


def test_a_discarded_draft_sends_nothing(agent):
    ask = AskFactory(status="open")
    draft = services.draft_create(agent=agent, ask=ask, text="maybe")
    services.draft_decide(draft=draft, actor=agent.owner, approve=False)
    assert not Connection.objects.filter(ask=ask).exists()


def test_conversations_are_for_the_member_and_the_owner_only(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    assert selectors.conversation_for(member, conversation.pk) == conversation
    assert selectors.conversation_for(agent.owner, conversation.pk) == conversation
    with pytest.raises(NotFound):
        selectors.conversation_for(UserFactory(username="stranger"), conversation.pk)
    with pytest.raises(NotFound):
        services.message_send(member=agent.owner, conversation=conversation, text="hi")


def test_the_key_is_encrypted_at_rest_and_keys_rotate(agent, monkeypatch, settings):
    from cryptography.fernet import Fernet

    monkeypatch.setattr("agents.byok.vet_base_url", lambda url, allow_address=None: None)
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.AGENT_KEYS_ENCRYPTION_KEY = old
    services.agent_update(agent=agent, actor=agent.owner, data={
        "hosting": AgentHosting.BYOK, "byok_base_url": "https://llm.example.com/v1", "byok_model": "m"},
        api_key="sk-secret-123")
    agent.refresh_from_db()
    assert "sk-secret-123" not in agent.byok_key_encrypted
    settings.AGENT_KEYS_ENCRYPTION_KEY = f"{new},{old}"  # a new key first: old tokens still read
    assert secrets_box.decrypt(agent.byok_key_encrypted) == "sk-secret-123"
    assert services.agent_key_rotate_all() == 1
    agent.refresh_from_db()
    settings.AGENT_KEYS_ENCRYPTION_KEY = new  # the old key retired: rotated tokens still read
    assert secrets_box.decrypt(agent.byok_key_encrypted) == "sk-secret-123"
    settings.AGENT_KEYS_ENCRYPTION_KEY = old
    with pytest.raises(secrets_box.SecretUnreadable):
        secrets_box.decrypt(agent.byok_key_encrypted)


def test_byok_needs_url_model_and_key(agent):
    with pytest.raises(ApplicationError) as refused:
        services.agent_update(agent=agent, actor=agent.owner, data={"hosting": AgentHosting.BYOK})
    assert {"byok_base_url", "byok_model", "api_key"} <= set(refused.value.fields)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/v1", "http://10.0.0.8/v1", "http://169.254.169.254/latest", "http://[::1]/v1",
    "http://192.168.1.5/v1", "https://localhost/v1", "ftp://llm.example.com/v1", "https://user:pw@8.8.8.8/v1",
])
def test_byok_base_urls_into_private_networks_are_refused(agent, url):
    with pytest.raises(ApplicationError) as refused:
        services.agent_update(agent=agent, actor=agent.owner, data={
            "hosting": AgentHosting.BYOK, "byok_base_url": url, "byok_model": "m"}, api_key="k")
    assert "byok_base_url" in refused.value.fields
    agent.refresh_from_db()
    assert agent.hosting == AgentHosting.PLATFORM


def test_the_collective_search_tool_finds_public_offers(db):
    from collective.factories import OfferFactory

    OfferFactory(title="Landing page teardown", status="active")
    OfferFactory(title="Landing page secret draft", status="draft")
    found = brain.search_collective("landing page")
    assert [f["title"] for f in found] == ["Landing page teardown"]


@override_settings(AVA_LLM_BASE_URL="", AVA_LLM_API_KEY="", AVA_LLM_MODEL="")
def test_ratings_after_an_answer(member, agent):
    conversation = services.conversation_start(member=member, agent=agent)
    with pytest.raises(ApplicationError):
        services.rating_create(member=member, conversation=conversation, stars=5)
    services.message_send(member=member, conversation=conversation, text="hi", request_key="h")
    services.rating_create(member=member, conversation=conversation, stars=4, comment="Useful")
    listed = selectors.agents_listed().get()
    assert listed.rating_avg == 4 and listed.rating_count == 1
    with pytest.raises(ApplicationError):
        services.rating_create(member=member, conversation=conversation, stars=9)
