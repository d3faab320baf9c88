"""Celery tasks of the moderation room: building data exports and the hourly privacy sweep."""
import logging

from celery import shared_task

from . import privacy
from .choices import ExportStatus
from .models import DataExport

logger = logging.getLogger(__name__)


@shared_task(name="moderation.build_export", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def build_export(export_id: int) -> None:
    try:
        privacy.export_build(export_id=export_id)
    except DataExport.DoesNotExist:
        return
    except Exception:
        DataExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        logger.exception("Data export %s failed", export_id)
        raise


@shared_task(name="moderation.privacy_sweep")
def privacy_sweep() -> None:
    """Carry out account deletions whose grace period is over; remove expired exports."""
    for user in privacy.deletions_due():
        try:
            privacy.account_delete(user=user)
        except Exception:  # one failure (a payment provider error) mustn't stop the others; retried next hour
            logger.exception("Deleting account %s failed", user.pk)
    privacy.exports_expire()
