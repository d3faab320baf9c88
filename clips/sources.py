"""What a member can turn into a clip, and the card each source becomes.

Only the member's own things: their published offers and courses, their profile, endorsements they
received (visible ones), and their "helped N people" milestone. Anything else is `NotFound`.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from collective.choices import OfferStatus
from collective.models import Offer
from core.errors import NotFound
from courses.selectors import courses_listed
from economy.models import Endorsement

from .choices import ClipSource
from .render import TINTS, Card

SUBTITLE_MAX = 220


@dataclass(frozen=True)
class Source:
    kind: str
    id: int | None
    label: str  # how the form lists it


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def short_link(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def _excerpt(text: str, limit: int = SUBTITLE_MAX) -> str:
    text = " ".join((text or "").replace("#", " ").replace("*", " ").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _own_offers(member):
    return Offer.objects.filter(user=member, status=OfferStatus.ACTIVE, is_archived=False)


def _own_courses(member):
    return courses_listed().filter(owner=member)


def _endorsements(member):
    return Endorsement.objects.visible().filter(endorsee=member).select_related("endorser")


def choices_for(member) -> list[Source]:
    """Everything the member may clip, grouped the way the form shows it."""
    found = [Source(ClipSource.PROFILE, None, f"My profile — {member.get_display_name}")]
    if member.helped_count:
        noun = "person" if member.helped_count == 1 else "people"
        found.append(Source(ClipSource.MILESTONE, None, f"Milestone — helped {member.helped_count} {noun}"))
    found += [Source(ClipSource.OFFER, o.pk, f"Offer — {o.title}")
              for o in _own_offers(member).only("pk", "title").order_by("-created_at")[:50]]
    found += [Source(ClipSource.COURSE, c.pk, f"Course — {c.title}") for c in _own_courses(member)[:50]]
    found += [Source(ClipSource.ENDORSEMENT, e.pk, f"Endorsement from {e.endorser.get_display_name}")
              for e in _endorsements(member).order_by("-created_at")[:20]]
    return found


def card_for(member, kind: str, source_id: int | None) -> Card:
    """The card for one of the member's sources; `NotFound` for anything that isn't theirs (or isn't public)."""
    kicker, title, subtitle, url = _content(member, kind, source_id)
    return Card(
        kicker=kicker, title=title, subtitle=subtitle, name=member.get_display_name, handle=f"@{member.username}",
        initials=member.initials, tint=sum(map(ord, member.username)) % len(TINTS),
        frame=member.avatar_frame or "none", url=url, short_link=short_link(url), avatar=_avatar_bytes(member),
    )


def _content(member, kind: str, source_id: int | None) -> tuple[str, str, str, str]:
    profile = absolute(member.get_absolute_url())
    if kind == ClipSource.PROFILE:
        headline = member.tagline or f"Meet {member.get_display_name}"
        return "Member", headline, _excerpt(member.bio), profile
    if kind == ClipSource.MILESTONE:
        if not member.helped_count:
            raise NotFound("You haven't reached a milestone yet.")
        noun = "person" if member.helped_count == 1 else "people"
        return ("Milestone", f"I've helped {member.helped_count} {noun} in the All Thrive AI Collective",
                "Share what you offer. Ask for what you need.", profile)
    if kind == ClipSource.OFFER:
        offer = _own_offers(member).select_related("user").filter(pk=source_id).first()
        if offer is None:
            raise NotFound("No such offer of yours.")
        return (f"Offer · {offer.get_offer_type_display()}", offer.title, _excerpt(offer.description),
                absolute(offer.get_absolute_url()))
    if kind == ClipSource.COURSE:
        course = _own_courses(member).filter(pk=source_id).first()
        if course is None:
            raise NotFound("No such course of yours.")
        return "Course", course.title, _excerpt(course.summary), absolute(course.get_url() or "/")
    if kind == ClipSource.ENDORSEMENT:
        endorsement = _endorsements(member).filter(pk=source_id).first()
        if endorsement is None:
            raise NotFound("No such endorsement.")
        return ("Endorsement", f"“{_excerpt(endorsement.content, 180)}”",
                f"— {endorsement.endorser.get_display_name}", profile)
    raise NotFound("Unknown kind of clip.")


def _avatar_bytes(member) -> bytes | None:
    if not member.avatar:
        return None
    try:
        with member.avatar.open("rb") as handle:
            return handle.read(5_000_000)
    except (OSError, ValueError):
        return None
