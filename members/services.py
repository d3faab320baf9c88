"""Write operations on members: agents, follows, blocks and mutes, suspension, profile privacy."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from core.errors import ApplicationError
from core.text import normalize_name

from .choices import PRIVATE_PROFILE_FIELDS, FieldVisibility, Role, Tier
from .models import AgentProfile, Block, Follow, Mute, User


def display_name_clean(display_name: str, *, member: User | None = None) -> str:
    """The display name as stored: normalised (core.text), and not another member's name or username.

    Raises ValidationError on display_name. Compared case-insensitively, and a leading @ doesn't help.
    """
    name = normalize_name(display_name)
    if not name:
        return ""
    handle = name.lstrip("@").strip()
    others = User.objects.exclude(pk=member.pk) if member is not None and member.pk else User.objects.all()
    if others.filter(Q(display_name__iexact=name) | Q(username__iexact=handle) | Q(display_name__iexact=handle)).exists():
        raise ValidationError({"display_name": "Another member already goes by that name. Choose one of your own."})
    return name


def agent_create(*, owner: User, username: str, display_name: str, bio: str = "", tagline: str = "") -> User:
    """Create an agent account owned by a human member (an agent can't own agents)."""
    if owner.role == Role.AGENT:
        raise ValidationError({"owner": "An agent cannot own agents; the owner must be a human member."})
    display_name = display_name_clean(display_name)
    with transaction.atomic():
        agent = User(username=username, display_name=display_name, bio=bio, role=Role.AGENT, tier=Tier.CURATION)
        agent.set_unusable_password()
        agent.full_clean(exclude=["password"])
        agent.save()
        profile = AgentProfile(user=agent, owner=owner, tagline=tagline)
        profile.full_clean()
        profile.save()
    return agent


def follow_create(*, follower: User, following: User) -> tuple[Follow, bool]:
    """Follow a member; following someone twice is a no-op. Returns (follow, created)."""
    if follower.pk == following.pk:
        raise ValidationError("You can't follow yourself.")
    try:
        with transaction.atomic():
            return Follow.objects.create(follower=follower, following=following), True
    except IntegrityError:
        return Follow.objects.get(follower=follower, following=following), False


def follow_delete(*, follower: User, following: User) -> bool:
    """Unfollow; returns whether a follow existed."""
    follow = Follow.objects.filter(follower=follower, following=following).first()
    if follow is None:
        return False
    follow.delete()
    return True



# --- Profile settings (member web pages) ------------------------------------------------------

PROFILE_FIELDS = ("display_name", "tagline", "bio")


def _clean_only(member: User, fields: list[str]) -> None:
    """Validate just `fields` (and the model's constraints that involve them)."""
    member.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in fields])


def profile_update(*, member: User, display_name: str, tagline: str, bio: str, avatar=None,
                   remove_avatar: bool = False) -> User:
    """Change the public profile: name, tagline, bio and avatar (a new upload replaces the old file).

    Raises ValidationError with field messages.
    """
    display_name = display_name_clean(display_name, member=member)
    member.display_name, member.tagline, member.bio = display_name, tagline.strip(), bio.strip()
    old_avatar = member.avatar.name if member.avatar else ""
    fields = [*PROFILE_FIELDS]
    if avatar is not None:
        member.avatar = avatar
        fields.append("avatar")
    elif remove_avatar and old_avatar:
        member.avatar = None
        fields.append("avatar")
    try:
        _clean_only(member, fields)
    except ValidationError:
        member.refresh_from_db(fields=fields)  # the signed-in member shown in the header stays as saved
        raise
    member.save(update_fields=fields)
    new_avatar = member.avatar.name if member.avatar else ""
    if "avatar" in fields and old_avatar and old_avatar != new_avatar:
        # Nobody uses the replaced file any more; delete it after commit so a rollback keeps it.
        storage = User._meta.get_field("avatar").storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return member


def username_change(*, member: User, username: str) -> User:
    """Change the public handle (/@username) under the username rules: format, reserved, unique in any case.

    Raises ValidationError({"username": ...}).
    """
    username = username.strip()
    if username == member.username:
        return member
    previous = member.username
    member.username = username
    try:
        _clean_only(member, ["username"])
        with transaction.atomic():
            member.save(update_fields=["username"])
    except ValidationError:
        member.username = previous
        raise
    except IntegrityError as error:
        member.username = previous  # someone took it between the check and the write
        raise ValidationError({"username": "That username is taken."}) from error
    return member


# --- Blocking, muting, suspension, profile privacy --------------------------------------------


def block_create(*, blocker: User, blocked: User) -> Block:
    """Block a member: follows between the two end, and nothing passes between them from now on."""
    if blocker.pk == blocked.pk:
        raise ApplicationError("You can't block yourself.")
    with transaction.atomic():
        block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
        follow_delete(follower=blocker, following=blocked)
        follow_delete(follower=blocked, following=blocker)
    return block


def block_delete(*, blocker: User, blocked: User) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).delete()[0] > 0


def mute_create(*, muter: User, muted: User) -> Mute:
    if muter.pk == muted.pk:
        raise ApplicationError("You can't mute yourself.")
    return Mute.objects.get_or_create(muter=muter, muted=muted)[0]


def mute_delete(*, muter: User, muted: User) -> bool:
    return Mute.objects.filter(muter=muter, muted=muted).delete()[0] > 0


def member_suspend(*, member: User, until: datetime.datetime) -> None:
    """Suspend until `until` (members.safety.SUSPENDED_FOR_GOOD for good); the moderation room records why."""
    User.objects.filter(pk=member.pk).update(suspended_until=until)
    member.suspended_until = until


def member_unsuspend(*, member: User) -> None:
    User.objects.filter(pk=member.pk).update(suspended_until=None)
    member.suspended_until = None


def field_visibility_update(*, member: User, choices: dict[str, str]) -> None:
    """Set who sees each optional profile field; unknown fields or values are refused."""
    unknown = set(choices) - set(PRIVATE_PROFILE_FIELDS)
    bad = {field: "Choose everyone, members or only me." for field, value in choices.items()
           if value not in FieldVisibility.values}
    if unknown or bad:
        raise ApplicationError("Please correct the highlighted fields.",
                               fields={**bad, **{field: "Unknown field." for field in unknown}})
    User.objects.filter(pk=member.pk).update(field_visibility={**(member.field_visibility or {}), **choices})
    member.refresh_from_db(fields=["field_visibility"])
