"""Reads of moderation: the curators' queue, one target's reports and history, a member's own reports."""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, QuerySet

from members.models import HiddenContent

from .choices import ReportStatus
from .models import ModerationAction, Report


def queue() -> QuerySet:
    """Open reports grouped by what they are about, the oldest first (one row per target)."""
    return (Report.objects.filter(status=ReportStatus.OPEN)
            .values("content_type", "object_id")
            .annotate(reports=Count("id"), first_reported=Min("created_at"), report_id=Min("id"),
                      label=Max("content_label"), owner=Max("owner__username"))
            .order_by("first_reported", "report_id"))


def reports_about(report: Report) -> QuerySet[Report]:
    """Every report (open or resolved) about the same content as `report`, newest first."""
    return (Report.objects.filter(content_type_id=report.content_type_id, object_id=report.object_id)
            .select_related("reporter", "resolved_by"))


def history_of(report: Report) -> QuerySet[ModerationAction]:
    """What curators did about this content or its member."""
    q = ModerationAction.objects.filter(content_type_id=report.content_type_id, object_id=report.object_id)
    if report.owner_id:
        q = q | ModerationAction.objects.filter(member_id=report.owner_id)
    return q.select_related("actor", "member").order_by("-created_at", "-id")


def audit_log() -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related("actor", "member", "content_type").order_by("-created_at", "-id")


def hold_of(report: Report) -> HiddenContent | None:
    return HiddenContent.objects.filter(content_type_id=report.content_type_id, object_id=report.object_id).first()


def reports_of(reporter) -> QuerySet[Report]:
    return Report.objects.filter(reporter=reporter).order_by("-created_at", "-id")


def content_type_for_key(key: str) -> ContentType:
    app_label, model = key.split(".", 1)
    return ContentType.objects.get_by_natural_key(app_label, model)
