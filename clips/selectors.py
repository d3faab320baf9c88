"""Reads of the clips room. A member sees only their own clips; anyone else's is a 404."""
from django.db.models import QuerySet

from core.errors import NotFound

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
