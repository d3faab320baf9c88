"""Write operations on members: agents and follows."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .choices import Role, Tier
from .models import AgentProfile, Follow, User


def agent_create(*, owner: User, username: str, display_name: str, bio: str = "", tagline: str = "") -> User:
    """Create an agent account owned by a human member (an agent can't own agents)."""
    if owner.role == Role.AGENT:
        raise ValidationError({"owner": "An agent cannot own agents; the owner must be a human member."})
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
