"""Privacy: a member's data export and account deletion.

Both walk the relations to the User model rather than naming every room, so rooms added later are
exported and cleaned up too. What other members still need is kept but anonymised (the User row stays,
scrubbed, so their messages, connections and ratings, ledgers and purchases keep their other side).
"""
import datetime
import io
import json
import logging
import secrets
import zipfile

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError, NotFound
from payments import services as payment_services

from .choices import ExportStatus
from .models import DataExport

logger = logging.getLogger(__name__)

# Rows that point at the member but aren't theirs to read: who blocked or muted them, reports about them,
# the limiter's memory, the admin's own bookkeeping.
EXPORT_SKIP = {("members.block", "blocked"), ("members.mute", "muted"), ("moderation.report", "owner"),
               ("moderation.moderationaction", "member"), ("members.actionrecord", "user")}
EXPORT_SKIP_FIELDS = {"password", "code_hash"}
# What other members still need after a deletion: kept, pointing at the anonymised account.
KEEP_ON_DELETE = {"collective.connection", "messaging.message", "moderation.report", "moderation.moderationaction",
                  "payments.payment", "payments.payout", "payments.checkoutsession", "payments.subscription",
                  "payments.connectedaccount"}
KEEP_APPS_ON_DELETE = {"economy", "payments"}  # the append-only ledgers, gifts, endorsements and badges


def _user_relations():
    """(model, field name) for every foreign key to the User model."""
    User = get_user_model()
    for related in User._meta.get_fields():
        if related.is_relation and related.auto_created and (related.one_to_many or related.one_to_one):
            yield related.related_model, related.field.name


def _project_apps() -> set[str]:
    return {config.label for config in apps.get_app_configs()
            if str(config.path).startswith(str(settings.BASE_DIR)) and ".venv" not in str(config.path)}


# --- Export ------------------------------------------------------------------------------------------


def export_request(*, user) -> DataExport:
    """Start building an export (one at a time); the link arrives by email and on /settings/privacy/."""
    pending = DataExport.objects.filter(user=user, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user)
    from .tasks import build_export  # tasks import this module

    transaction.on_commit(lambda: build_export.delay(export.pk))
    return export


def _rows_of(user) -> dict[str, list[dict]]:
    data: dict[str, list[dict]] = {}
    me = json.loads(serializers.serialize("json", [user]))[0]
    me["fields"] = {k: v for k, v in me["fields"].items() if k not in EXPORT_SKIP_FIELDS}
    data["members.user"] = [me]
    for model, field in _user_relations():
        label = model._meta.label_lower
        if (label, field) in EXPORT_SKIP or model._meta.app_label.startswith("wagtail") or label == "admin.logentry":
            continue
        rows = json.loads(serializers.serialize("json", model._default_manager.filter(**{field: user})))
        for row in rows:
            row["fields"] = {k: v for k, v in row["fields"].items() if k not in EXPORT_SKIP_FIELDS}
        if rows:
            data.setdefault(label, []).extend(rows)
    # Messages others wrote to me are part of my conversations.
    message_model = apps.get_model("messaging", "Message") if apps.is_installed("messaging") else None
    if message_model is not None:
        received = message_model.objects.filter(thread__participants=user).exclude(sender=user)
        data["messaging.message_received"] = json.loads(serializers.serialize("json", received))
    return data


def _media_of(user) -> list[str]:
    """Names (in default storage) of files that are mine: my avatar and files on my own rows."""
    names = [user.avatar.name] if user.avatar else []
    for model, field in _user_relations():
        file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        if not file_fields or model._meta.app_label.startswith("wagtail") or model is DataExport:
            continue
        for values in model._default_manager.filter(**{field: user}).values(*file_fields):
            names.extend(name for name in values.values() if name)
    return names


def export_build(*, export_id: int) -> DataExport:
    """Write the zip (data.json + media/) and email the link. Run by the Celery task."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    user = export.user
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(_rows_of(user), indent=2, default=str))
        archive.writestr("README.txt", "Everything All Thrive keeps about you: data.json has one list per kind "
                                       "of record; media/ has your uploaded files.\n")
        for name in _media_of(user):
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(f"media/{name}", handle.read())
    now = timezone.now()
    export.file.save(f"{secrets.token_urlsafe(24)}.zip", ContentFile(buffer.getvalue()), save=False)
    export.status, export.ready_at = ExportStatus.READY, now
    export.expires_at = now + datetime.timedelta(days=settings.DATA_EXPORT_TTL_DAYS)
    export.save(update_fields=["file", "status", "ready_at", "expires_at"])
    if user.email:
        link = f"{settings.SITE_URL}{reverse('moderation:export_download', args=[export.pk])}"
        send_mail("Your All Thrive data export is ready",
                  f"Hi {user.get_display_name},\n\nYour data export is ready. Download it (signed in) here:\n{link}\n\n"
                  f"The link works until {export.expires_at:%Y-%m-%d %H:%M} UTC.\n\n--\nAll Thrive AI Collective",
                  None, [user.email])
    return export


def export_for_download(*, user, pk: int) -> DataExport:
    export = DataExport.objects.filter(pk=pk, user=user, status=ExportStatus.READY).first()
    if export is None or export.expires_at is None or export.expires_at <= timezone.now() or not export.file:
        raise NotFound("This export has expired or doesn't exist.")
    return export


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete export files past their week; returns how many."""
    expired = DataExport.objects.filter(expires_at__lte=now or timezone.now())
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


# --- Deletion ----------------------------------------------------------------------------------------


def deletion_request(*, user, password: str) -> datetime.datetime:
    """Schedule the account's deletion after the grace period (re-entering the password). Returns when."""
    if not password or not user.check_password(password):
        raise ApplicationError("That password isn't right.", fields={"password": "Enter your current password."})
    get_user_model().objects.filter(pk=user.pk).update(deletion_requested_at=timezone.now())
    user.refresh_from_db(fields=["deletion_requested_at"])
    return deletion_due_at(user)


def deletion_due_at(user) -> datetime.datetime | None:
    if user.deletion_requested_at is None:
        return None
    return user.deletion_requested_at + datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)


def deletions_due(*, now: datetime.datetime | None = None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
    return get_user_model().objects.filter(deletion_requested_at__lte=cutoff, is_active=True)


def account_delete(*, user) -> None:
    """Carry out a deletion now: end payments, delete what is only the member's, anonymise the rest."""
    # Outside the transaction: Stripe calls can't be rolled back, and a failure here must stop the deletion.
    payment_services.member_payments_close(user=user)
    project_apps = _project_apps() | {"account"}
    with transaction.atomic():
        for model, field in _user_relations():
            label = model._meta.label_lower
            if (model._meta.app_label not in project_apps or label in KEEP_ON_DELETE
                    or model._meta.app_label in KEEP_APPS_ON_DELETE or model is get_user_model()):
                continue
            for obj in model._default_manager.filter(**{field: user}):
                for file_field in (f for f in model._meta.fields if isinstance(f, models.FileField)):
                    getattr(obj, file_field.name).delete(save=False)
            model._default_manager.filter(**{field: user}).delete()
        if user.avatar:
            user.avatar.delete(save=False)
        user.username = f"deleted-{user.pk}"
        user.display_name = "Deleted member"
        user.email = user.first_name = user.last_name = user.bio = user.tagline = user.phone_number = ""
        user.avatar = ""
        user.phone_verified_at = None
        user.field_visibility = {}
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["username", "display_name", "email", "first_name", "last_name", "bio", "tagline",
                                 "phone_number", "avatar", "phone_verified_at", "field_visibility", "is_active",
                                 "password"])
    logger.info("Account %s deleted and anonymised", user.pk)
