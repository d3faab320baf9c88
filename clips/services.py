"""Writes of the clips room: make a clip (charge once, render after commit), render it, refund, delete."""
from __future__ import annotations

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError, NotFound, PermissionDenied
from economy.choices import FEATURE_COSTS, CreditFeature, CreditTransactionType
from economy.services import credits_add, credits_spend

from . import captions, render, sources
from .choices import ClipSize, ClipSource, ClipStatus, ClipTemplate
from .models import Clip

logger = logging.getLogger(__name__)

CLIP_COST = FEATURE_COSTS[CreditFeature.CLIP]


def clip_create(*, owner, source_kind: str, source_id: int | None = None, template: str = ClipTemplate.SPOTLIGHT,
                size: str = ClipSize.SQUARE, wants_video: bool = False, request_key: str) -> Clip:
    """Charge CLIP_COST credits and queue the render. The same `request_key` returns the same clip, uncharged.

    Raises `NotFound` for a source that isn't the member's, `ApplicationError` (402) when credits are short.
    """
    if not owner.is_authenticated or owner.is_agent:
        raise PermissionDenied("Sign in as a member to make clips.")
    errors = {}
    if source_kind not in ClipSource.values:
        errors["source"] = "Choose what the clip is about."
    if template not in ClipTemplate.values:
        errors["template"] = "Choose one of the templates."
    if size not in ClipSize.values:
        errors["size"] = "Choose square or story."
    if wants_video and not render.video_available():
        errors["wants_video"] = "Video isn't available on this site; the PNG is."
    request_key = (request_key or "").strip()[:64]
    if not request_key:
        errors["request_key"] = "Reload the page and try again."
    if errors:
        raise ApplicationError("Check the clip's settings.", fields=errors)
    existing = Clip.objects.filter(owner=owner, request_key=request_key).first()
    if existing is not None:
        return existing
    card = sources.card_for(owner, source_kind, source_id)
    with transaction.atomic():
        try:
            with transaction.atomic():
                clip = Clip.objects.create(
                    owner=owner, source_kind=source_kind, source_id=source_id, template=template, size=size,
                    wants_video=wants_video, title=card.title[:300], link=card.url, request_key=request_key,
                    alt_text=alt_text(card),
                )
        except IntegrityError:  # the same form posted twice at once: the first one's clip
            return Clip.objects.get(owner=owner, request_key=request_key)
        credits_spend(user=owner, feature=CreditFeature.CLIP, idempotency_key=f"clip:{clip.pk}",
                      metadata={"clip": clip.pk})
        Clip.objects.filter(pk=clip.pk).update(credits_charged=CLIP_COST)
        clip.credits_charged = CLIP_COST
    from .tasks import render_clip

    transaction.on_commit(partial(render_clip.delay, clip.pk))
    return clip


def alt_text(card: render.Card) -> str:
    subtitle = f" {card.subtitle}" if card.subtitle else ""
    return (f"{card.kicker} card from the All Thrive AI Collective: {card.title}, by {card.name} "
            f"({card.handle}).{subtitle} A QR code links to {card.short_link}.")


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


def clip_delete(*, owner, clip: Clip) -> None:
    if clip.owner_id != owner.pk:
        raise NotFound("No such clip.")
    image, video = clip.image, clip.video
    clip.delete()
    for field in (image, video):
        if field:
            transaction.on_commit(partial(field.storage.delete, field.name))
