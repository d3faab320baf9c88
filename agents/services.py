"""Writes of the agents room: the owner's studio, conversations (credits or message allowances), ratings,
drafts the owner approves, and curators' suspensions. Decisions: README "Agents for hire"."""
from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from collective.choices import OfferStatus, OfferType, PricingType
from collective.models import Offer
from collective.services import connection_create, offer_create, offer_update
from core import secrets_box
from core.errors import ApplicationError, NotFound, PermissionDenied
from economy.choices import FEATURE_COSTS, CreditFeature
from economy.services import credits_spend
from members.choices import AgentCapability, AgentHosting
from members.models import AgentProfile
from members.services import agent_create as member_agent_create
from payments.selectors import payout_ready

from . import brain, byok, selectors
from .models import AgentConversation, AgentDraft, AgentMessage, AgentRating

logger = logging.getLogger(__name__)

CONVERSATION_COST = FEATURE_COSTS[CreditFeature.AVA_SESSION]  # spec 8.7: an Ava-priced session
MESSAGE_MAX = 4000
MAX_PASS_CENTS = 50_000
MAX_PASS_MESSAGES = 500
EDITABLE = ("tagline", "description", "capabilities", "instructions", "knowledge", "hosting", "byok_base_url",
            "byok_model", "is_listed", "is_active")


def _owner_only(actor, agent: AgentProfile) -> None:
    if not actor.is_authenticated or agent.owner_id != actor.pk:
        raise NotFound("No such agent.")


# ------------------------------------------------------------------------------------------ studio
def agent_create(*, owner, username: str, display_name: str, tagline: str = "") -> AgentProfile:
    if not owner.is_authenticated or owner.is_agent:
        raise PermissionDenied("Only members can own agents.")
    try:
        user = member_agent_create(owner=owner, username=username, display_name=display_name, tagline=tagline)
    except ValidationError as error:
        fields = getattr(error, "message_dict", {"username": error.messages})
        raise ApplicationError("Check the agent's details.", fields=fields) from None
    return user.agent_profile


def agent_update(*, agent: AgentProfile, actor, data: dict, api_key: str | None = None,
                 allow_address=None) -> AgentProfile:
    """Change an agent's settings. `api_key` is write-only: given → encrypted and stored; None → kept."""
    _owner_only(actor, agent)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot update {', '.join(sorted(unknown))} here.")
    for name, value in data.items():
        setattr(agent, name, value)
    errors = {}
    agent.capabilities = [c for c in (agent.capabilities or []) if c in AgentCapability.values]
    if api_key:
        agent.byok_key_encrypted = secrets_box.encrypt(api_key.strip())
    if agent.hosting == AgentHosting.BYOK:
        if not agent.byok_base_url:
            errors["byok_base_url"] = "Give your endpoint's base URL."
        else:
            try:
                byok.vet_base_url(agent.byok_base_url, allow_address=allow_address)
            except ApplicationError as error:
                errors.update({k: v[0] for k, v in error.fields.items()})
        if not agent.byok_model:
            errors["byok_model"] = "Name the model."
        if not agent.byok_key_encrypted:
            errors["api_key"] = "Paste your API key."
    if errors:
        raise ApplicationError("Check the agent's settings.", fields=errors)
    agent.save()
    return agent


def agent_key_rotate_all() -> int:
    """Re-encrypt every stored key under the newest AGENT_KEYS_ENCRYPTION_KEY (after adding a key first)."""
    rotated = 0
    for agent in AgentProfile.objects.exclude(byok_key_encrypted=""):
        AgentProfile.objects.filter(pk=agent.pk).update(byok_key_encrypted=secrets_box.rotate(agent.byok_key_encrypted))
        rotated += 1
    return rotated


def agent_pricing_set(*, agent: AgentProfile, actor, price_cents, pass_messages) -> AgentProfile:
    """Price a pass (money, to the owner through Stripe Connect) or make the agent free (price 0).

    A priced agent needs its owner's payouts set up first. The pass is sold as an offer held by the agent.
    """
    _owner_only(actor, agent)
    errors = {}
    try:
        price_cents = int(price_cents)
    except (TypeError, ValueError):
        price_cents = -1
    if not 0 <= price_cents <= MAX_PASS_CENTS:
        errors["price_cents"] = f"Between $0 and ${MAX_PASS_CENTS // 100}."
    try:
        pass_messages = int(pass_messages)
    except (TypeError, ValueError):
        pass_messages = 0
    if not 1 <= pass_messages <= MAX_PASS_MESSAGES:
        errors["pass_messages"] = f"Between 1 and {MAX_PASS_MESSAGES} messages."
    if not errors and price_cents and not payout_ready(actor):
        errors["price_cents"] = "Set up payouts (Settings → Earnings) before you put a price on an agent."
    if errors:
        raise ApplicationError("Check the agent's price.", fields=errors, code="invalid")
    agent.price_cents, agent.pass_messages = price_cents, pass_messages
    agent.save(update_fields=["price_cents", "pass_messages"])
    _pass_offer_sync(agent)
    return agent


def _pass_offer_sync(agent: AgentProfile) -> None:
    offer = selectors.pass_offer(agent)
    name = agent.user.get_display_name
    values = {
        "title": f"{agent.pass_messages}-message pass: {name}"[:200],
        "description": f"{agent.pass_messages} messages with {name}, an AI agent owned by @{agent.owner.username}. "
                       "Start the conversation from the agent's page.",
        "status": OfferStatus.ACTIVE if agent.price_cents else OfferStatus.PAUSED,
        "pricing_type": PricingType.ONE_TIME if agent.price_cents else PricingType.FREE,
        "price_cents": agent.price_cents,
    }
    if offer is None:
        if not agent.price_cents:
            return
        offer = offer_create(user=agent.user, offer_type=OfferType.SERVICE, **values)
        Offer.objects.filter(pk=offer.pk).update(source_type=selectors.PASS_SOURCE)
    else:
        offer_update(offer=offer, actor=agent.user, data=values)


def agent_suspend(*, agent: AgentProfile, curator, suspended: bool = True) -> AgentProfile:
    if not (curator.is_staff or curator.is_curator):
        raise PermissionDenied("Only curators can suspend agents.")
    agent.suspended_at = timezone.now() if suspended else None
    if suspended:
        agent.is_listed = False
    agent.save(update_fields=["suspended_at", "is_listed"])
    return agent


# ------------------------------------------------------------------------------------ conversations
def conversation_start(*, member, agent: AgentProfile) -> AgentConversation:
    """Open a conversation. A platform-hosted agent costs CONVERSATION_COST credits, charged once (402 if short)."""
    if not member.is_authenticated or member.is_agent:
        raise PermissionDenied("Sign in as a member to talk to agents.")
    if member.pk == agent.user_id:
        raise ApplicationError("An agent can't talk to itself.")
    selectors.require_answering(agent)
    own = agent.owner_id == member.pk
    cost = 0 if agent.hosting == AgentHosting.BYOK or own else CONVERSATION_COST
    bought = None
    if agent.price_cents and not own:
        bought = selectors.unused_pass(member, agent)
        if bought is None:
            raise ApplicationError(f"Buy a pass to talk to {agent.user.get_display_name}.", code="pass_required",
                                   status=402)
    with transaction.atomic():
        try:
            with transaction.atomic():
                conversation = AgentConversation.objects.create(
                    agent=agent, member=member, credits_charged=cost, pass_payment=bought,
                    messages_allowed=agent.pass_messages if bought else None)
        except IntegrityError:  # the same pass, started twice at once
            raise ApplicationError("That pass is already in use; buy another to start a new conversation.",
                                   code="pass_required", status=402) from None
        if cost:
            credits_spend(user=member, feature=CreditFeature.AVA_SESSION,
                          idempotency_key=f"agent-conversation:{conversation.pk}",
                          metadata={"agent": agent.user_id, "conversation": conversation.pk})
    return conversation


def message_send(*, member, conversation: AgentConversation, text: str, request_key: str = "",
                 allow_address=None) -> tuple[AgentMessage, AgentMessage | None]:
    """Send a message and get the agent's reply. The same `request_key` is sent once.

    Stops cleanly (402) when the conversation's message allowance is used up; the member's message is
    kept only if the agent could take it.
    """
    if conversation.member_id != member.pk:
        raise NotFound("No such conversation.")
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Write a message first.", fields={"text": "Write a message first."})
    if len(text) > MESSAGE_MAX:
        raise ApplicationError(f"Keep it under {MESSAGE_MAX} characters.", fields={"text": "Too long."})
    request_key = (request_key or "").strip()[:64]
    if request_key:
        sent = AgentMessage.objects.filter(conversation=conversation, request_key=request_key).first()
        if sent is not None:
            return sent, sent.conversation.messages.filter(sender="agent", pk__gt=sent.pk).first()
    agent = AgentProfile.objects.select_related("user", "owner").get(pk=conversation.agent_id)
    selectors.require_answering(agent)
    with transaction.atomic():
        locked = AgentConversation.objects.select_for_update().get(pk=conversation.pk)
        if not selectors.pass_still_valid(locked):
            raise ApplicationError("This conversation's pass was refunded, so it has ended.", code="pass_refunded",
                                   status=402)
        if locked.messages_left is not None and locked.messages_left <= 0:
            raise ApplicationError("This conversation's messages are used up. Buy another pass to go on.",
                                   code="messages_used_up", status=402)
        try:
            with transaction.atomic():
                question = AgentMessage.objects.create(conversation=locked, sender=AgentMessage.Sender.MEMBER,
                                                       text=text, request_key=request_key)
        except IntegrityError:  # the same request, concurrently: the first one answers
            sent = AgentMessage.objects.get(conversation=conversation, request_key=request_key)
            return sent, None
        AgentConversation.objects.filter(pk=locked.pk).update(messages_used=F("messages_used") + 1,
                                                                last_message_at=timezone.now())
    history = [{"role": "user" if m.sender == "member" else "assistant", "content": m.text}
               for m in conversation.messages.order_by("-created_at", "-id")[: brain.HISTORY_TURNS]][::-1]
    try:
        answer, _demo = brain.reply(agent, history, allow_address=allow_address)
    except (byok.AgentUnavailable, secrets_box.SecretUnreadable) as error:
        logger.warning("agent %s could not answer: %s", agent.user_id, getattr(error, "code", "key"))
        return question, None
    reply = AgentMessage.objects.create(conversation=conversation, sender=AgentMessage.Sender.AGENT, text=answer,
                                        agent_owner_id=agent.owner_id)
    return question, reply


def rating_create(*, member, conversation: AgentConversation, stars, comment: str = "") -> AgentRating:
    if conversation.member_id != member.pk:
        raise NotFound("No such conversation.")
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ApplicationError("Choose 1 to 5 stars.", fields={"stars": "Choose 1 to 5 stars."})
    if not conversation.messages.filter(sender=AgentMessage.Sender.AGENT).exists():
        raise ApplicationError("Rate an agent after it has answered you.", code="too_early")
    rating, _ = AgentRating.objects.update_or_create(
        conversation=conversation, defaults={"agent_id": conversation.agent_id, "member": member, "stars": stars,
                                             "comment": (comment or "").strip()[:500]})
    return rating


# --------------------------------------------------------------------------------------- drafts
def draft_create(*, agent: AgentProfile, ask, text: str) -> AgentDraft:
    """An agent's draft response to an open ask; it waits for the owner. One pending draft per ask."""
    if AgentCapability.DRAFT not in (agent.capabilities or []):
        raise ApplicationError("This agent doesn't draft responses.", code="not_capable")
    if ask.user_id in (agent.user_id, agent.owner_id):
        raise ApplicationError("An agent doesn't respond to its owner's asks.")
    try:
        with transaction.atomic():
            return AgentDraft.objects.create(agent=agent, ask=ask, text=text.strip()[:4000])
    except IntegrityError:
        raise ApplicationError("There is already a draft for this ask waiting for approval.",
                               code="draft_pending") from None


def draft_decide(*, draft: AgentDraft, actor, approve: bool, text: str | None = None) -> AgentDraft:
    """The owner approves (the response goes out, as the agent) or discards a draft. Nothing else sends it."""
    _owner_only(actor, draft.agent)
    with transaction.atomic():
        locked = AgentDraft.objects.select_for_update().select_related("agent__user", "ask").get(pk=draft.pk)
        if locked.status != AgentDraft.Status.PENDING:
            return locked
        if approve:
            selectors.require_answering(locked.agent)
            locked.connection = connection_create(initiator=locked.agent.user, ask=locked.ask,
                                                  initial_message=(text or locked.text).strip()[:2000])
        locked.status = AgentDraft.Status.SENT if approve else AgentDraft.Status.DISCARDED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "connection"])
    return locked
