"""Signing in during the grace period cancels a pending account deletion."""
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from members.models import User


@receiver(user_logged_in, dispatch_uid="moderation.cancel_deletion_on_sign_in")
def cancel_deletion_on_sign_in(sender, request, user, **kwargs):
    if getattr(user, "deletion_requested_at", None) is None:
        return
    User.objects.filter(pk=user.pk).update(deletion_requested_at=None)
    user.deletion_requested_at = None
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, "Welcome back! Your account deletion is cancelled.")
