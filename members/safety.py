"""Who may see whom: the member half of every room's visibility rule.

Each room's one visibility rule (in its selectors) filters its content with `visible_owner_q(viewer)` and
`not_hidden_q(Model)`, so suspension, pending deletion, blocks, mutes and moderation holds apply the same
in pages, search and the API:

- a suspended member, or one whose account deletion is pending, is invisible to everyone;
- a block hides both members from each other; a mute hides the muted member from the muter only;
- content a curator hid (or that several trusted members reported) is held back (HiddenContent).
"""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from .models import Block, HiddenContent, Mute, User

# A permanent suspension is a suspension until the end of time.
SUSPENDED_FOR_GOOD = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


def is_suspended(user, *, now: datetime.datetime | None = None) -> bool:
    until = getattr(user, "suspended_until", None)
    return until is not None and until > (now or timezone.now())


def is_suspended_for_good(user) -> bool:
    return getattr(user, "suspended_until", None) == SUSPENDED_FOR_GOOD


def _path(field: str, lookup: str) -> str:
    return f"{field}__{lookup}" if field else lookup


def restricted_member_q(field: str = "") -> Q:
    """Members nobody sees: deactivated, suspended right now, or waiting for their account's deletion.

    `field` is the path to the member ("user", "sender", …), empty for a User queryset.
    """
    return (Q(**{_path(field, "is_active"): False})
            # Now() in SQL, not timezone.now(): querysets built at import time (serializer fields) stay right.
            | Q(**{_path(field, "suspended_until__gt"): Now()})
            | Q(**{_path(field, "deletion_requested_at__isnull"): False}))


def hidden_owner_ids_for(viewer):
    """Ids (a subquery) of members whose content `viewer` mustn't see because of a block (either way) or a mute."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return User.objects.none().values("pk")
    return (User.objects.filter(Q(blocks_received__blocker=viewer) | Q(blocks_made__blocked=viewer)
                                | Q(mutes_received__muter=viewer))
            .values("pk"))


def visible_owner_q(viewer=None, *, field: str = "user") -> Q:
    """Rows whose member (`field`, or the row itself when empty) `viewer` may see."""
    q = ~restricted_member_q(field)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        q &= ~Q(**{_path(field or "pk", "in"): hidden_owner_ids_for(viewer)})
    return q


def not_hidden_q(model, *, field: str = "pk") -> Q:
    """Rows of `model` that moderation hasn't held back (HiddenContent)."""
    # By name, not by a ContentType lookup, so building the queryset never touches the database.
    meta = model._meta.concrete_model._meta
    held = HiddenContent.objects.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
    return ~Q(**{f"{field}__in": held.values("object_id")})


def is_hidden(obj) -> bool:
    return HiddenContent.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                        object_id=obj.pk).exists()


def blocked_between(a, b) -> bool:
    """Whether either member blocked the other (then nothing passes between them)."""
    if a is None or b is None or a.pk is None or b.pk is None:
        return False
    return Block.objects.filter(Q(blocker_id=a.pk, blocked_id=b.pk) | Q(blocker_id=b.pk, blocked_id=a.pk)).exists()


def silenced_for(recipient, actor) -> bool:
    """Whether `recipient` should hear nothing of `actor` (blocked either way, or muted by the recipient)."""
    if blocked_between(recipient, actor):
        return True
    return Mute.objects.filter(muter_id=recipient.pk, muted_id=actor.pk).exists()


def blocks_of(user):
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def mutes_of(user):
    return Mute.objects.filter(muter=user).select_related("muted").order_by("-created_at")


def relation_state(viewer, member) -> dict[str, bool]:
    """For a profile page: whether `viewer` blocked or muted `member`."""
    if viewer is None or not viewer.is_authenticated or viewer.pk == member.pk:
        return {"blocked": False, "muted": False}
    return {"blocked": Block.objects.filter(blocker=viewer, blocked=member).exists(),
            "muted": Mute.objects.filter(muter=viewer, muted=member).exists()}


def field_visible(member, field: str, viewer) -> bool:
    """Whether `viewer` may see `member`'s optional profile `field` (members.choices.PRIVATE_PROFILE_FIELDS)."""
    setting = (member.field_visibility or {}).get(field, "everyone")
    if viewer is not None and getattr(viewer, "is_authenticated", False) and (viewer.pk == member.pk or viewer.is_staff):
        return True
    if setting == "only_me":
        return False
    if setting == "members":
        return viewer is not None and getattr(viewer, "is_authenticated", False)
    return True
