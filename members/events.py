"""What members announces (core.events); the rooms above react, as listed in config/events.py."""
from dataclasses import dataclass

from .models import Follow, User


@dataclass(frozen=True)
class FollowCreated:
    follow: Follow


@dataclass(frozen=True)
class MemberSaved:
    """Any save of a User; `update_fields` as given to save() (None for a full save)."""

    member: User
    update_fields: frozenset[str] | None
