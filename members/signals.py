"""Keep the follower/following counters in step with Follow rows (F() updates, never read-modify-write)."""
from allauth.account.signals import user_logged_in
from django.db.models import F
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from .accounts import remember_device
from .models import Follow, User


@receiver(post_save, sender=Follow)
def follow_created(sender, instance: Follow, created: bool, **kwargs) -> None:
    if not created:
        return
    User.objects.filter(pk=instance.following_id).update(followers_count=F("followers_count") + 1)
    User.objects.filter(pk=instance.follower_id).update(following_count=F("following_count") + 1)


@receiver(post_delete, sender=Follow)
def follow_deleted(sender, instance: Follow, **kwargs) -> None:
    User.objects.filter(pk=instance.following_id).update(followers_count=Greatest(F("followers_count") - 1, 0))
    User.objects.filter(pk=instance.follower_id).update(following_count=Greatest(F("following_count") - 1, 0))


@receiver(pre_delete, sender=User)
def delete_owned_agents(sender, instance: User, **kwargs) -> None:
    """Every agent must answer to a human: when the owner goes, their agents go too."""
    User.objects.filter(agent_profile__owner=instance).exclude(pk=instance.pk).delete()


@receiver(user_logged_in)
def trust_this_device(sender, request, user, response=None, **kwargs) -> None:
    """The lockout rule: a browser that signed in to an account may keep trying its password (members/accounts.py)."""
    remember_device(request, response, user)
