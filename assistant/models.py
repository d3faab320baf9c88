"""Ava's data: each member's onboarding state, and their conversations with Ava.

Onboarding is saved on the server after every step, so a refresh, a second device or a crashed browser
resumes where the member left off. Conversations are private to their member.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .choices import DraftKind, DraftStatus, OnboardingStep, Sender


class OnboardingState(models.Model):
    """Where a member is in the onboarding chat and what they picked, typed and created on the way."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="onboarding_state")
    step = models.CharField(max_length=20, choices=OnboardingStep.choices, default=OnboardingStep.WELCOME)
    # Suggestion keys picked and texts typed, kept while the step is open (a refresh keeps them).
    ask_picks = models.JSONField(default=list, blank=True)
    custom_asks = models.JSONField(default=list, blank=True)
    offer_picks = models.JSONField(default=list, blank=True)
    custom_offers = models.JSONField(default=list, blank=True)
    # Generosity follow-ups still to ask (head first) and those answered: [{"key", "title", "offer_id"}].
    followups = models.JSONField(default=list, blank=True)
    followups_done = models.JSONField(default=list, blank=True)
    # An imported page's proposal waiting for the member to confirm it.
    pending_import = models.JSONField(default=dict, blank=True)
    # Free-text exchanges beyond the scripted messages: [{"step", "sender", "text"}].
    transcript = models.JSONField(default=list, blank=True)
    # What onboarding created (ordinary Asks and Offers), for the closing counts.
    ask_ids = models.JSONField(default=list, blank=True)
    offer_ids = models.JSONField(default=list, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    # The member closed the dashboard's "Finish onboarding" card (they can still open /onboarding/).
    reminder_dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(step__in=OnboardingStep.values), name="onboarding_step_valid"),
            # Nobody reaches the end without agreeing to the guidelines.
            models.CheckConstraint(condition=~Q(step=OnboardingStep.COMPLETE) | Q(agreed_at__isnull=False),
                                   name="onboarding_complete_needs_agreement"),
        ]

    def __str__(self) -> str:
        return f"Onboarding of {self.user_id} at {self.step}"


class Conversation(models.Model):
    """One session with Ava. Costs one credit when answered by the language model (spec 8.7)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ava_conversations")
    title = models.CharField(max_length=120)
    # Conversation memory for the scripted flows, e.g. {"awaiting": "offer"}.
    state = models.JSONField(default=dict, blank=True)
    model_charged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="ava_conversation_user_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assistant:conversation", kwargs={"pk": self.pk})


class Message(models.Model):
    """A line of a conversation. Ava's carry a snapshot of what she found and any draft in `payload`,
    so history shows exactly what she said, with a constant number of queries."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    text = models.TextField()
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(sender__in=Sender.values), name="ava_message_sender_valid")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:40]}"

    @property
    def draft(self) -> dict | None:
        draft = self.payload.get("draft")
        return draft if draft and draft.get("kind") in DraftKind.values else None

    @property
    def draft_is_open(self) -> bool:
        return bool(self.draft) and self.draft.get("status", DraftStatus.PROPOSED) == DraftStatus.PROPOSED
