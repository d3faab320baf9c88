"""Reads of the clips room. A member sees only their own clips; anyone else's is a 404."""
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from collective.models import Offer
from core.errors import NotFound
from courses.selectors import courses_managed_by

from .models import Clip


def clips_of(owner) -> QuerySet[Clip]:
    return Clip.objects.filter(owner=owner).only(
        "id", "owner_id", "source_kind", "title", "size", "template", "status", "progress", "image", "video",
        "alt_text", "created_at",
    )


def clip_of(owner, pk: int) -> Clip:
    clip = Clip.objects.filter(owner=owner, pk=pk).first() if owner.is_authenticated else None
    if clip is None:
        raise NotFound("No such clip.")
    return clip


@dataclass(frozen=True)
class CoverTarget:
    kind: str  # "offer" or "course"
    obj: object
    title: str
    description: str
    category_slug: str | None
    cover_url: str
    back_url: str


def cover_target(owner, kind: str, pk: int) -> CoverTarget:
    """An offer (not archived) or a course the member manages; anything else is `NotFound`."""
    if owner.is_authenticated and kind == "offer":
        offer = Offer.objects.select_related("category", "user").filter(user=owner, is_archived=False, pk=pk).first()
        if offer is not None:
            return CoverTarget("offer", offer, offer.title, offer.description,
                               offer.category.slug if offer.category else None, offer.featured_image_url,
                               reverse("mine:offer_content", args=[offer.pk]))
    if owner.is_authenticated and kind == "course":
        course = courses_managed_by(owner).filter(pk=pk).select_related("category", "cover_image").first()
        if course is not None:
            draft = course.get_latest_revision_as_object()  # what the creator is editing
            return CoverTarget("course", course, draft.title, draft.summary,
                               draft.category.slug if draft.category_id else None, draft.cover_url,
                               reverse("courses:studio_course", args=[course.pk]))
    raise NotFound("Nothing of yours to put a cover on.")
