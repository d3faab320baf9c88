"""A social clip: a member's offer, course, profile, endorsement or milestone as shareable media."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import ClipSize, ClipSource, ClipStatus, ClipTemplate


class Clip(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clips")
    source_kind = models.CharField(max_length=20, choices=ClipSource.choices)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    template = models.CharField(max_length=20, choices=ClipTemplate.choices, default=ClipTemplate.SPOTLIGHT)
    size = models.CharField(max_length=10, choices=ClipSize.choices, default=ClipSize.SQUARE)
    wants_video = models.BooleanField(default=False)
    # What the card says, kept as rendered (the source may change or disappear later).
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=500, help_text="Absolute URL of the item; the QR code's payload.")
    alt_text = models.TextField(blank=True)
    captions = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=ClipStatus.choices, default=ClipStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    image = models.ImageField(upload_to="clips/%Y/%m/", blank=True)
    video = models.FileField(upload_to="clips/%Y/%m/", blank=True)
    credits_charged = models.PositiveSmallIntegerField(default=0)
    credits_refunded = models.BooleanField(default=False)
    # The form's one-time key: a double click or a retried POST finds this clip instead of charging again.
    request_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "request_key"], name="clip_request_once"),
            models.CheckConstraint(condition=~Q(request_key=""), name="clip_request_key_set"),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="clip_owner_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()}: {self.title}"

    @property
    def is_busy(self) -> bool:
        return self.status in (ClipStatus.PENDING, ClipStatus.RENDERING)


class CoverRequest(models.Model):
    """One "Generate a cover" click: a retried request finds its row instead of generating (and charging) again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cover_requests")
    target_kind = models.CharField(max_length=10)  # "offer" or "course"
    target_id = models.PositiveBigIntegerField()
    request_key = models.CharField(max_length=64)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    credits_charged = models.PositiveSmallIntegerField(default=0)
    from_model = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "request_key"], name="cover_request_once"),
            models.CheckConstraint(condition=~Q(request_key=""), name="cover_request_key_set"),
        ]

    def __str__(self) -> str:
        return f"Cover for {self.target_kind} {self.target_id}"
