"""Reads of the agents room, with the one rule for who answers and who is listed."""
from __future__ import annotations

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from collective.models import Offer
from core.errors import ApplicationError, NotFound
from members.models import AgentProfile
from members.safety import restricted_member_q
from payments.models import Payment, Refund

from .models import AgentConversation, AgentDraft


def _answering() -> Q:
    """An agent answers while it is switched on and not suspended by curators, and neither it nor its owner
    (who answers for it) is deactivated, suspended or leaving (members.safety's rule)."""
    return (Q(is_active=True, suspended_at__isnull=True) & ~restricted_member_q("owner")
            & ~restricted_member_q("user"))


def require_answering(agent: AgentProfile) -> None:
    if not AgentProfile.objects.filter(_answering(), pk=agent.pk).exists():
        raise ApplicationError("This agent isn't answering right now.", code="agent_unavailable", status=409)


def agents_listed(*, query: str = "", capability: str = "", free_only: bool = False) -> QuerySet[AgentProfile]:
    """The marketplace: listed, answering agents, best rated first; searched by the words of `query`."""
    agents = (AgentProfile.objects.filter(_answering(), is_listed=True)
              .select_related("user", "owner")
              .annotate(rating_avg=Avg("ratings__stars"), rating_count=Count("ratings", distinct=True)))
    for word in query.split()[:8]:
        agents = agents.filter(Q(user__display_name__icontains=word) | Q(tagline__icontains=word)
                               | Q(description__icontains=word) | Q(user__username__icontains=word))
    if capability:
        agents = agents.filter(capabilities__icontains=capability)
    if free_only:
        agents = agents.filter(price_cents=0)
    return agents.order_by("-rating_avg", "-rating_count", "user__display_name", "pk")


def agent_by_username(username: str) -> AgentProfile:
    agent = (AgentProfile.objects.filter(_answering(), is_listed=True, user__username=username)
             .select_related("user", "owner")
             .annotate(rating_avg=Avg("ratings__stars"), rating_count=Count("ratings", distinct=True)).first())
    if agent is None:
        raise NotFound("No such agent.")
    return agent


def agents_owned_by(owner) -> QuerySet[AgentProfile]:
    return AgentProfile.objects.filter(owner=owner).select_related("user").order_by("user__display_name")


def agent_owned(owner, pk: int) -> AgentProfile:
    agent = AgentProfile.objects.filter(owner=owner, pk=pk).select_related("user", "owner").first() \
        if owner.is_authenticated else None
    if agent is None:
        raise NotFound("No such agent.")
    return agent


def conversation_for(viewer, pk: int) -> AgentConversation:
    """The member in it and the agent's owner may read a conversation; anyone else gets a 404."""
    conversation = (AgentConversation.objects.select_related("agent__user", "agent__owner", "member")
                    .filter(pk=pk).filter(Q(member_id=viewer.pk) | Q(agent__owner_id=viewer.pk)).first()
                    if viewer.is_authenticated else None)
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


def conversations_of_member(member, agent: AgentProfile) -> QuerySet[AgentConversation]:
    return AgentConversation.objects.filter(member=member, agent=agent)


def conversations_of_agent(agent: AgentProfile) -> QuerySet[AgentConversation]:
    return (AgentConversation.objects.filter(agent=agent).select_related("member")
            .annotate(message_count=Count("messages")).order_by("-last_message_at", "-id"))


def drafts_pending(agent: AgentProfile) -> QuerySet[AgentDraft]:
    return AgentDraft.objects.filter(agent=agent, status=AgentDraft.Status.PENDING).select_related("ask", "ask__user")


PASS_SOURCE = "agent_pass"  # noqa: S105 - not a password; in payments.selectors.REPEATABLE_SOURCES


def pass_offer(agent: AgentProfile) -> Offer | None:
    """The offer members buy a conversation pass through (owned by the agent; its sales pay the owner)."""
    return Offer.objects.filter(user_id=agent.user_id, source_type=PASS_SOURCE, is_archived=False).first()


def _valid_passes(member, agent: AgentProfile) -> QuerySet[Payment]:
    return (Payment.objects.filter(buyer=member, offer__user_id=agent.user_id, offer__source_type=PASS_SOURCE)
            .exclude(Exists(Refund.objects.filter(payment=OuterRef("pk"), revokes_access=True))))


def unused_pass(member, agent: AgentProfile) -> Payment | None:
    used = AgentConversation.objects.filter(pass_payment__isnull=False).values("pass_payment")
    return _valid_passes(member, agent).exclude(pk__in=used).order_by("created_at", "pk").first()


def pass_still_valid(conversation: AgentConversation) -> bool:
    """A refunded (or disputed) pass ends the conversation it paid for."""
    if conversation.pass_payment_id is None:
        return True
    return not Refund.objects.filter(payment_id=conversation.pass_payment_id, revokes_access=True).exists()
