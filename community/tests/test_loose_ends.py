"""Asks close when they expire; the "Finish onboarding" card on /home."""
from datetime import timedelta

import pytest
from django.utils import timezone

from assistant.models import OnboardingState
from collective.factories import AskFactory
from community import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_expired_asks_close_and_owner_is_told_once(member, django_capture_on_commit_callbacks):
    expired = AskFactory(user=member, title="Old ask", expires_at=timezone.now() - timedelta(minutes=1))
    fresh = AskFactory(user=member, title="Fresh ask", expires_at=timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_asks() == 1
        assert services.expire_asks() == 0
    expired.refresh_from_db(), fresh.refresh_from_db()
    assert expired.status == "closed" and fresh.status == "open"
    assert Notification.objects.filter(recipient=member, event="ask_expired").count() == 1


def test_finish_onboarding_card_until_dismissed(client, member):
    client.force_login(member)
    assert "Finish onboarding" not in client.get("/home/").content.decode()
    OnboardingState.objects.create(user=member, step="generosity")
    assert "Finish onboarding" in client.get("/home/").content.decode()
    client.post("/home/onboarding/dismiss/")
    assert "Finish onboarding" not in client.get("/home/").content.decode()


def test_no_onboarding_card_once_finished(client, member):
    OnboardingState.objects.create(user=member, step="generosity")
    type(member).objects.filter(pk=member.pk).update(onboarding_completed_at=timezone.now())
    client.force_login(member)
    assert "Finish onboarding" not in client.get("/home/").content.decode()
