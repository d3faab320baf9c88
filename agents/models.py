"""Conversations with agents for hire, their ratings, and the ask-response drafts owners approve."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class AgentConversation(models.Model):
    """A member talking to an agent. The agent's owner can read it (members are told before starting)."""

    agent = models.ForeignKey("members.AgentProfile", on_delete=models.CASCADE, related_name="conversations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_conversations")
    credits_charged = models.PositiveSmallIntegerField(default=0)
    messages_allowed = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Null: no message limit.")
    messages_used = models.PositiveSmallIntegerField(default=0)
    # The pass this conversation used up (priced agents): one conversation per pass.
    pass_payment = models.OneToOneField("payments.Payment", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["agent", "-last_message_at"], name="agentconv_agent_recent_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(messages_allowed__isnull=True) | Q(messages_used__lte=models.F(
                "messages_allowed")), name="agentconv_within_allowance"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.agent.user}"

    @property
    def messages_left(self) -> int | None:
        return None if self.messages_allowed is None else self.messages_allowed - self.messages_used


class AgentMessage(models.Model):
    class Sender(models.TextChoices):
        MEMBER = "member", "Member"
        AGENT = "agent", "Agent"

    conversation = models.ForeignKey(AgentConversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    text = models.TextField(max_length=8000)
    # Who answers for an agent message: the agent and its owner at the time, recorded for accountability.
    agent_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    request_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "request_key"], condition=~Q(request_key=""),
                                    name="agentmsg_request_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:40]}"


class AgentRating(models.Model):
    conversation = models.OneToOneField(AgentConversation, on_delete=models.CASCADE, related_name="rating")
    agent = models.ForeignKey("members.AgentProfile", on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="agentrating_1_to_5")]

    def __str__(self) -> str:
        return f"{self.stars}★ for {self.agent.user}"


class AgentDraft(models.Model):
    """An agent's draft response to an ask. Nothing is sent until the owner approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        SENT = "sent", "Approved and sent"
        DISCARDED = "discarded", "Discarded"

    agent = models.ForeignKey("members.AgentProfile", on_delete=models.CASCADE, related_name="drafts")
    ask = models.ForeignKey("collective.Ask", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    connection = models.ForeignKey("collective.Connection", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "ask"], condition=Q(status="pending"),
                                    name="agentdraft_one_pending_per_ask"),
        ]

    def __str__(self) -> str:
        return f"Draft by {self.agent.user} for {self.ask}"
