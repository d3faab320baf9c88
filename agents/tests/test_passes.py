"""Priced agents: a pass bought with money pays the owner through Connect; a refund ends it; passes repeat."""
import pytest

from agents import selectors, services
from agents.models import AgentConversation
from core.errors import ApplicationError
from payments import services as payments
from payments.factories import ConnectedAccountFactory
from payments.models import Payment


@pytest.fixture(autouse=True)
def _simulator(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True


@pytest.fixture
def priced(agent):
    ConnectedAccountFactory(user=agent.owner, stripe_account_id="acct_owner")
    return services.agent_pricing_set(agent=agent, actor=agent.owner, price_cents=900, pass_messages=2)


def buy_pass(member, agent, intent: str) -> Payment:
    offer = selectors.pass_offer(agent)
    checkout = payments.checkout_start_offer(user=member, offer_id=offer.pk, base_url="http://testserver")
    assert checkout.seller_id == agent.owner_id and checkout.destination_account_id == "acct_owner"
    payment, _ = payments.checkout_fulfil(checkout_id=checkout.pk, amount_cents=900, currency="usd",
                                          payment_intent_id=intent)
    return payment


def test_an_agent_cannot_be_priced_before_payouts(agent):
    with pytest.raises(ApplicationError) as refused:
        services.agent_pricing_set(agent=agent, actor=agent.owner, price_cents=500, pass_messages=10)
    assert "payouts" in refused.value.fields["price_cents"][0]
    assert selectors.pass_offer(agent) is None


def test_a_pass_pays_the_owner_and_buys_a_conversation(priced, member):
    with pytest.raises(ApplicationError) as refused:
        services.conversation_start(member=member, agent=priced)
    assert refused.value.status == 402 and refused.value.code == "pass_required"
    payment = buy_pass(member, priced, "pi_pass_1")
    assert payment.seller_id == priced.owner_id  # the sale shows on the owner's earnings
    conversation = services.conversation_start(member=member, agent=priced)
    assert conversation.pass_payment_id == payment.pk and conversation.messages_left == 2
    services.message_send(member=member, conversation=conversation, text="one", request_key="1")
    services.message_send(member=member, conversation=conversation, text="two", request_key="2")
    with pytest.raises(ApplicationError) as used_up:
        services.message_send(member=member, conversation=conversation, text="three", request_key="3")
    assert used_up.value.status == 402
    with pytest.raises(ApplicationError):  # the pass is spent: a new conversation needs a new pass
        services.conversation_start(member=member, agent=priced)
    buy_pass(member, priced, "pi_pass_2")  # a pass can be bought again
    assert services.conversation_start(member=member, agent=priced).messages_left == 2


def test_a_refund_ends_the_pass(priced, member):
    payment = buy_pass(member, priced, "pi_pass_r")
    conversation = services.conversation_start(member=member, agent=priced)
    services.message_send(member=member, conversation=conversation, text="hello", request_key="a")
    payments.payment_reverse(payment_id=payment.pk, kind="refund", stripe_object_id="re_1", amount_cents=900,
                             currency="usd")
    with pytest.raises(ApplicationError) as ended:
        services.message_send(member=member, conversation=conversation, text="again", request_key="b")
    assert ended.value.code == "pass_refunded"
    assert AgentConversation.objects.get(pk=conversation.pk).messages_used == 1


def test_free_again_pauses_the_pass_offer(priced):
    services.agent_pricing_set(agent=priced, actor=priced.owner, price_cents=0, pass_messages=2)
    assert selectors.pass_offer(priced).status == "paused"
