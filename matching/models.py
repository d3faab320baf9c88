"""Vectors of what members write (offers, asks, profiles, tools) and the weekly introductions made from them."""
import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import IntroductionStatus, Kind


class Embedding(models.Model):
    """One vector per (kind, object id). `text_hash` says which text it embeds, so unchanged rows are skipped;
    `model` which provider/model made it, so switching models re-embeds everything."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    model = models.CharField(max_length=120)
    text_hash = models.CharField(max_length=64)
    dimensions = models.PositiveSmallIntegerField()
    # float32 bytes, unit length: portable across SQLite and PostgreSQL (pgvector is optional).
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="matching_embedding_unique_row")]
        indexes = [models.Index(fields=["kind", "model"], name="matching_embedding_kind_model")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.model})"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class Introduction(models.Model):
    """A weekly suggestion that `member` meet `suggested` (spec: Lunchclub-style introductions).

    `week` is the ISO week's Monday, so the weekly run is idempotent; the pair is unique whatever the week,
    so a "Not now" (or an accepted introduction) is never suggested again.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions")
    suggested = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    reason = models.CharField(max_length=200)
    score = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=IntroductionStatus.choices, default=IntroductionStatus.SUGGESTED)
    thread_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "suggested"], name="matching_introduction_pair_once"),
            models.CheckConstraint(condition=~Q(member=models.F("suggested")), name="matching_introduction_not_self"),
        ]
        indexes = [models.Index(fields=["member", "week"], name="matching_intro_member_week")]
        ordering = ["-week", "-score", "id"]

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.suggested} ({self.week})"
