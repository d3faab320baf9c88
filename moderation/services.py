"""Writes of moderation: reports, curators' decisions (with the audit log) and the trusted-reports hold.

Every decision is logged in ModerationAction in the same transaction; the reporters and the member
concerned are told after commit through the notifications room.
"""
import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError, NotFound, PermissionDenied
from members import safety
from members import services as member_services
from members.models import HiddenContent, User
from members.trust import trust_level
from notifications.choices import Event
from notifications.services import notify

from . import registry
from .choices import MemberAction, ModerationKind, ReportReason, ReportStatus
from .models import NOTE_MAX_LENGTH, ModerationAction, Report

MAX_SUSPENSION_DAYS = 3650


def _require_curator(user) -> None:
    if not (user.is_authenticated and user.is_curator):
        raise PermissionDenied("Only curators can moderate.")


def _log(*, actor, kind: str, content_type=None, object_id=None, label: str = "", member=None,
         suspended_until=None, note: str = "") -> ModerationAction:
    return ModerationAction.objects.create(actor=actor, kind=kind, content_type=content_type, object_id=object_id,
                                           content_label=label, member=member, suspended_until=suspended_until,
                                           note=note)


# --- Reporting -------------------------------------------------------------------------------------


def report_create(*, reporter, key: str, object_id: int, reason: str, note: str = "") -> Report:
    """Report something the reporter can see; reporting it again while open updates the first report."""
    model = registry.model_for(key)
    target = model._default_manager.filter(pk=object_id).first()
    if target is None or not registry.reporter_can_see(reporter, target):
        raise NotFound("Nothing to report here.")
    owner = registry.owner_of(target)
    if owner is not None and owner.pk == reporter.pk:
        raise ApplicationError("You can't report your own content.")
    if reason not in ReportReason.values:
        raise ApplicationError("Choose a reason.", fields={"reason": "Choose one of the reasons."})
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ApplicationError("That note is too long.", fields={"note": f"Keep it under {NOTE_MAX_LENGTH} characters."})
    content_type = ContentType.objects.get_for_model(model)
    fields = {"reason": reason, "note": note, "owner": owner, "content_label": registry.label_of(target),
              "content_url": registry.url_of(target)[:500]}
    with transaction.atomic():
        report = Report.objects.filter(reporter=reporter, content_type=content_type, object_id=target.pk,
                                       status=ReportStatus.OPEN).first()
        if report is not None:
            for name, value in fields.items():
                setattr(report, name, value)
            report.save(update_fields=list(fields))
        else:
            try:
                with transaction.atomic():
                    report = Report.objects.create(reporter=reporter, content_type=content_type,
                                                   object_id=target.pk, **fields)
            except IntegrityError:  # the same member's report arrived twice at once
                report = Report.objects.get(reporter=reporter, content_type=content_type, object_id=target.pk,
                                            status=ReportStatus.OPEN)
        _hold_if_trusted_reports(report)
    return report


def _hold_if_trusted_reports(report: Report) -> None:
    """Hold content back pending review once enough trusted members have reported it (members aren't held)."""
    if report.content_type.app_label == "members":
        return
    reporter_ids = (Report.objects.filter(content_type=report.content_type, object_id=report.object_id,
                                          status=ReportStatus.OPEN).values_list("reporter_id", flat=True))
    trusted = sum(1 for member in User.objects.filter(pk__in=list(reporter_ids))
                  if trust_level(member) >= settings.MODERATION_TRUSTED_LEVEL)
    if trusted < settings.MODERATION_HOLD_AFTER_REPORTS:
        return
    _, created = HiddenContent.objects.get_or_create(
        content_type=report.content_type, object_id=report.object_id,
        defaults={"reason": HiddenContent.Reason.PENDING_REVIEW})
    if created:
        _log(actor=None, kind=ModerationKind.AUTO_HIDE, content_type=report.content_type, object_id=report.object_id,
             label=report.content_label, member=report.owner,
             note=f"{trusted} reports from members at trust level {settings.MODERATION_TRUSTED_LEVEL} or above.")


# --- Curators' decisions ---------------------------------------------------------------------------


def _open_reports(report: Report):
    return Report.objects.select_for_update().filter(content_type_id=report.content_type_id,
                                                     object_id=report.object_id, status=ReportStatus.OPEN)


def _close(reports, *, status: str, outcome: str, curator) -> list[Report]:
    closed = list(reports)
    now = timezone.now()
    Report.objects.filter(pk__in=[r.pk for r in closed]).update(status=status, outcome=outcome, resolved_by=curator,
                                                               resolved_at=now)
    reporters = {r.reporter_id for r in closed if r.reporter_id}

    def tell_reporters():
        for reporter in User.objects.filter(pk__in=reporters):
            notify(recipient=reporter, event=Event.REPORT_RESOLVED, url=reverse("moderation:my_reports"),
                   title=outcome)

    transaction.on_commit(tell_reporters)
    return closed


def report_decide(*, report: Report, curator, hide: bool, member_action: str = MemberAction.NONE,
                  days: int | None = None, note: str = "") -> list[Report]:
    """Act on a report (and every open report on the same content): hide it and/or warn or suspend its member."""
    _require_curator(curator)
    if member_action not in MemberAction.values:
        raise ApplicationError("Choose what happens to the member.", fields={"member_action": "Unknown action."})
    if not hide and member_action == MemberAction.NONE:
        raise ApplicationError("Choose an action, or dismiss the report.",
                               fields={"hide": "Hide the content, act on the member, or both."})
    if member_action == MemberAction.SUSPEND and not (days and 0 < days <= MAX_SUSPENSION_DAYS):
        raise ApplicationError("Say for how many days.", fields={"days": f"Between 1 and {MAX_SUSPENSION_DAYS}."})
    member = report.owner
    if member_action != MemberAction.NONE and member is None:
        raise ApplicationError("This content has no member to act on.", fields={"member_action": "No member."})
    if member is not None and member_action != MemberAction.NONE and (member.is_staff or member.is_superuser):
        raise ApplicationError("Staff accounts are managed elsewhere.", fields={"member_action": "A staff account."})
    noun = registry.noun_for(report.content_type)
    done = []
    with transaction.atomic():
        reports = _open_reports(report)
        if not reports:
            raise ApplicationError("These reports were already resolved.", code="resolved", status=409)
        target = {"content_type": report.content_type, "object_id": report.object_id, "label": report.content_label}
        if hide and report.content_type.app_label != "members":
            HiddenContent.objects.update_or_create(content_type=report.content_type, object_id=report.object_id,
                                                   defaults={"reason": HiddenContent.Reason.MODERATOR})
            _log(actor=curator, kind=ModerationKind.HIDE, member=member, note=note, **target)
            done.append(f"removed the {noun}")
        if member_action == MemberAction.WARN:
            _log(actor=curator, kind=ModerationKind.WARN, member=member, note=note, **target)
            _notice_on_commit(member, f"A curator warned you about your {noun}: {report.get_reason_display()}. "
                                      "Please read the community guidelines.")
            done.append("warned the member responsible")
        elif member_action in (MemberAction.SUSPEND, MemberAction.BAN):
            until = (safety.SUSPENDED_FOR_GOOD if member_action == MemberAction.BAN
                     else timezone.now() + datetime.timedelta(days=days))
            member_services.member_suspend(member=member, until=until)
            kind = ModerationKind.BAN if member_action == MemberAction.BAN else ModerationKind.SUSPEND
            _log(actor=curator, kind=kind, member=member, suspended_until=until, note=note, **target)
            done.append("suspended the member responsible")
        outcome = f"Thanks for your report about {report.content_label}: we {' and '.join(done)}."
        return _close(reports, status=ReportStatus.ACTIONED, outcome=outcome[:300], curator=curator)


def report_dismiss(*, report: Report, curator, note: str = "") -> list[Report]:
    """No action: close the reports, and release content held back by the trusted-reports rule."""
    _require_curator(curator)
    with transaction.atomic():
        reports = _open_reports(report)
        if not reports:
            raise ApplicationError("These reports were already resolved.", code="resolved", status=409)
        held = HiddenContent.objects.filter(content_type=report.content_type, object_id=report.object_id,
                                            reason=HiddenContent.Reason.PENDING_REVIEW)
        if held.delete()[0]:
            _log(actor=curator, kind=ModerationKind.UNHIDE, content_type=report.content_type,
                 object_id=report.object_id, label=report.content_label, member=report.owner,
                 note="Released after review.")
        _log(actor=curator, kind=ModerationKind.DISMISS, content_type=report.content_type, object_id=report.object_id,
             label=report.content_label, member=report.owner, note=note)
        outcome = (f"Thanks for your report about {report.content_label}: a curator reviewed it and found it "
                   "within the community guidelines.")
        return _close(reports, status=ReportStatus.DISMISSED, outcome=outcome[:300], curator=curator)


def content_unhide(*, curator, content_type: ContentType, object_id: int, note: str = "") -> bool:
    _require_curator(curator)
    with transaction.atomic():
        deleted = HiddenContent.objects.filter(content_type=content_type, object_id=object_id).delete()[0]
        if deleted:
            _log(actor=curator, kind=ModerationKind.UNHIDE, content_type=content_type, object_id=object_id,
                 note=note)
    return bool(deleted)


def member_unsuspend(*, curator, member: User, note: str = "") -> None:
    _require_curator(curator)
    with transaction.atomic():
        member_services.member_unsuspend(member=member)
        _log(actor=curator, kind=ModerationKind.UNSUSPEND, member=member, note=note)


def _notice_on_commit(member: User, text: str) -> None:
    transaction.on_commit(lambda: notify(recipient=member, event=Event.MODERATION_NOTICE, url="/guidelines/",
                                         title=text))

