"""Writes of the clips room: make a clip (charge once, render after commit), render it, refund, delete."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from collective.services import member_image_upload, offer_update
from core.errors import ApplicationError, NotFound, PermissionDenied
from courses.services import course_update
from economy.choices import FEATURE_COSTS, CreditFeature, CreditTransactionType
from economy.services import credits_add, credits_spend

from . import covers, render, sources
from .choices import ClipSize, ClipSource, ClipTemplate
from .models import Clip, CoverRequest
from .selectors import CoverTarget
from .tasks import render_clip

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
    transaction.on_commit(partial(render_clip.delay, clip.pk))
    return clip


def alt_text(card: render.Card) -> str:
    subtitle = f" {card.subtitle}" if card.subtitle else ""
    return (f"{card.kicker} card from the All Thrive AI Collective: {card.title}, by {card.name} "
            f"({card.handle}).{subtitle} A QR code links to {card.short_link}.")


def clip_delete(*, owner, clip: Clip) -> None:
    if clip.owner_id != owner.pk:
        raise NotFound("No such clip.")
    image, video = clip.image, clip.video
    clip.delete()
    for field in (image, video):
        if field:
            transaction.on_commit(partial(field.storage.delete, field.name))


# ---------------------------------------------------------------------------------------- covers
COVER_COST = FEATURE_COSTS[CreditFeature.IMAGE]
COVER_RENDITION = "fill-1200x630"


@dataclass(frozen=True)
class CoverOutcome:
    image: object
    credits_charged: int


def cover_price() -> int:
    """What "Generate a cover" costs now: the image model's price, or nothing for the offline artwork."""
    return COVER_COST if covers.model_configured() else 0


def cover_upload(*, owner, target: CoverTarget, file) -> object:
    """Use an image the member uploaded (already checked by Wagtail's image field) as the cover. Free."""
    with transaction.atomic():
        image = member_image_upload(user=owner, file=file, title=f"Cover: {target.title}")
        _cover_apply(owner, target, image)
    return image


def cover_generate(*, owner, target: CoverTarget, request_key: str) -> CoverOutcome:
    """Generate a cover: from the image model for COVER_COST credits (refunded if it fails), else offline, free.

    The same `request_key` (a double click, a retried request) returns the first result without charging again.
    """
    request_key = (request_key or "").strip()[:64]
    if not request_key:
        raise ApplicationError("Reload the page and try again.", fields={"request_key": "Missing."})
    done = CoverRequest.objects.filter(owner=owner, request_key=request_key).select_related("image").first()
    if done is not None:
        return CoverOutcome(done.image, done.credits_charged)
    use_model = covers.model_configured()
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = CoverRequest.objects.create(owner=owner, target_kind=target.kind, target_id=target.obj.pk,
                                                      request_key=request_key, from_model=use_model)
        except IntegrityError:
            done = CoverRequest.objects.select_related("image").get(owner=owner, request_key=request_key)
            return CoverOutcome(done.image, done.credits_charged)
        if use_model:
            credits_spend(user=owner, feature=CreditFeature.IMAGE, idempotency_key=f"cover:{request.pk}",
                          metadata={"cover_request": request.pk})
            CoverRequest.objects.filter(pk=request.pk).update(credits_charged=COVER_COST)
    if use_model:
        try:
            raw = covers.from_model(covers.prompt_for(target.title, target.description))
        except covers.ImageModelError as error:
            logger.warning("cover generation failed: %s", error)
            credits_add(user=owner, amount=COVER_COST, transaction_type=CreditTransactionType.REFUND,
                        idempotency_key=f"cover:{request.pk}", description="Refund: cover generation failed")
            CoverRequest.objects.filter(pk=request.pk).delete()  # the member may simply try again
            raise ApplicationError(f"The image model didn't answer. Your {COVER_COST} credits were refunded; "
                                   "try again, or upload a picture.", code="image_model_failed", status=503) from error
    else:
        raw = covers.png(covers.artwork(target.title, target.category_slug))
    with transaction.atomic():
        image = member_image_upload(user=owner, file=ContentFile(raw, name="cover.png"), title=f"Cover: {target.title}")
        _cover_apply(owner, target, image)
        CoverRequest.objects.filter(pk=request.pk).update(image=image)
    return CoverOutcome(image, COVER_COST if use_model else 0)


def _cover_apply(owner, target: CoverTarget, image) -> None:
    if target.kind == "offer":
        url = image.get_rendition(COVER_RENDITION).url
        url = url if url.startswith("http") else f"{settings.SITE_URL}{url}"
        offer_update(offer=target.obj, actor=owner, data={"featured_image_url": url})
    else:  # a course: saved to its draft, shown once the creator publishes
        course_update(course=target.obj, actor=owner, data={"cover_image": image})
