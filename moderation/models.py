"""Reports, the moderation audit log, and data exports.

Reports point at any content through a generic relation (content type + id), so this room can take
reports about rooms it doesn't import (events, challenge submissions, agents…). What is hidden lives in
members.HiddenContent, which every room's visibility rule reads.
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q

from .choices import ExportStatus, ModerationKind, ReportReason, ReportStatus

NOTE_MAX_LENGTH = 1000


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="reports_made")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    # The member answerable for the content (the member themselves for a member report).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="reports_received")
    # What the content was when reported, so the queue still reads well if it changes or goes.
    content_label = models.CharField(max_length=300)
    content_url = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    outcome = models.CharField(max_length=300, blank=True, help_text="What the reporter is told.")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open report per member per thing; a second one just updates the first.
            models.UniqueConstraint(fields=["reporter", "content_type", "object_id"], condition=Q(status="open"),
                                    name="one_open_report_per_reporter"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="report_target_idx"),
                   models.Index(fields=["status", "created_at"], name="report_queue_idx")]

    def __str__(self) -> str:
        return f"Report #{self.pk}: {self.content_label}"


class ModerationAction(models.Model):
    """The audit log: who did what to which content or member, and why. Rows are only ever added."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="Empty when the trusted-reports rule acted.")
    kind = models.CharField(max_length=20, choices=ModerationKind.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_label = models.CharField(max_length=300, blank=True)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    suspended_until = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.content_label or self.member})"


def private_storage() -> FileSystemStorage:
    """Outside MEDIA_ROOT, so an export is reachable only through its owner's download view."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class DataExport(models.Model):
    """A zip of everything that is a member's, built by a Celery task and downloadable for a week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export #{self.pk} for {self.user}"
