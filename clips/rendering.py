"""Drawing a paid clip (in the Celery task): the PNG, the optional MP4 and captions; a failure refunds."""
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.errors import NotFound
from economy.choices import CreditTransactionType
from economy.services import credits_add

from . import captions, render, sources
from .choices import ClipStatus
from .models import Clip

logger = logging.getLogger(__name__)


def clip_render(clip_id: int) -> Clip | None:
    """Render the PNG (and MP4 when asked and ffmpeg is installed). Runs once: a finished clip is left alone."""
    with transaction.atomic():
        clip = Clip.objects.select_for_update().select_related("owner").filter(pk=clip_id).first()
        if clip is None or not clip.is_busy:
            return clip
        Clip.objects.filter(pk=clip.pk).update(status=ClipStatus.RENDERING, progress=10)
    try:
        card = sources.card_for(clip.owner, clip.source_kind, clip.source_id)
        theme = render.THEMES[clip.template]
        png = render.png_bytes(render.render(card, theme=theme, size=clip.size))
        clip.image.save(f"clip-{clip.pk}-{clip.size}.png", ContentFile(png), save=False)
        Clip.objects.filter(pk=clip.pk).update(image=clip.image.name, progress=50 if clip.wants_video else 80)
        if clip.wants_video:
            clip.video.save(f"clip-{clip.pk}.mp4", ContentFile(render.mp4_bytes(card, theme=theme, size=clip.size)),
                            save=False)
        clip.captions = captions.suggest(card)
    except Exception as error:  # any failure refunds: the member paid for a clip they didn't get
        logger.exception("clip %s failed to render", clip.pk)
        return clip_fail(clip, reason=_reason(error))
    clip.status, clip.progress, clip.rendered_at = ClipStatus.READY, 100, timezone.now()
    clip.save(update_fields=["image", "video", "captions", "status", "progress", "rendered_at"])
    return clip


def _reason(error: Exception) -> str:
    if isinstance(error, NotFound):
        return "What this clip was about is no longer available."
    return "Something went wrong while drawing this clip."


def clip_fail(clip: Clip, *, reason: str) -> Clip:
    """Mark the clip failed, drop partial files and refund its credits (once, by idempotency key)."""
    for field in (clip.image, clip.video):
        if field:
            field.delete(save=False)
    with transaction.atomic():
        locked = Clip.objects.select_for_update().get(pk=clip.pk)
        if locked.credits_charged and not locked.credits_refunded:
            credits_add(user=clip.owner, amount=locked.credits_charged, transaction_type=CreditTransactionType.REFUND,
                        idempotency_key=f"clip:{clip.pk}", description="Refund: a social clip failed to render",
                        metadata={"clip": clip.pk})
            locked.credits_refunded = True
        locked.status, locked.error, locked.progress = ClipStatus.FAILED, reason[:300], 0
        locked.image, locked.video = "", ""
        locked.save(update_fields=["status", "error", "progress", "image", "video", "credits_refunded"])
    return locked
