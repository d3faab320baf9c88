"""Privacy: the data export, account deletion with its grace period, and profile field visibility."""
import datetime
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from collective.factories import AskFactory, OfferFactory
from collective.models import Offer
from members import services as member_services
from members.factories import FollowFactory, UserFactory
from members.models import User
from messaging import services as messaging_services
from messaging.models import Message
from moderation import privacy, tasks
from moderation.models import DataExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db):
    member = UserFactory(username="ada", password="correct-horse-battery", bio="Builds bots", tagline="Bots!")
    member.avatar.save("ada.png", ContentFile(b"\x89PNG fake"), save=True)
    OfferFactory(user=member, title="Ada's notebook")
    return member


def _zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_export_is_built_emailed_and_downloaded_by_its_owner_only(client, ada, django_capture_on_commit_callbacks):
    bob = UserFactory(username="bob")
    member_services.block_create(blocker=bob, blocked=ada)  # not Ada's to know
    connection = messaging_services.connection_start(initiator=bob, message="Hi Ada", recipient=UserFactory())
    del connection
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/privacy/", {"action": "export"})
    export = DataExport.objects.get()
    assert export.status == "ready"
    assert export.expires_at - export.ready_at == datetime.timedelta(days=7)
    link = f"/settings/privacy/exports/{export.pk}/download/"
    assert link in mail.outbox[0].body
    assert link in client.get("/settings/privacy/").content.decode()

    archive = _zip_of(client.get(link))
    data = json.loads(archive.read("data.json"))
    assert data["members.user"][0]["fields"]["username"] == "ada"
    assert "password" not in data["members.user"][0]["fields"]
    assert [row["fields"]["title"] for row in data["collective.offer"]] == ["Ada's notebook"]
    assert "members.block" not in data
    assert any(name.startswith("media/avatars/") for name in archive.namelist())

    client.force_login(UserFactory())
    assert client.get(link).status_code == 404
    DataExport.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(ada)
    assert client.get(link).status_code == 404
    assert privacy.exports_expire() == 1 and not DataExport.objects.exists()


def test_deletion_needs_the_password(client, ada):
    client.force_login(ada)
    response = client.post("/settings/privacy/", {"action": "delete", "password": "wrong"})
    assert "Enter your current password" in response.content.decode()
    ada.refresh_from_db()
    assert ada.deletion_requested_at is None


def test_deletion_waits_and_signing_in_cancels_it(client, ada):
    client.force_login(ada)
    response = client.post("/settings/privacy/", {"action": "delete", "password": "correct-horse-battery"},
                           follow=True)
    assert "will be deleted on" in response.content.decode()
    ada.refresh_from_db()
    assert ada.deletion_requested_at is not None
    assert client.get("/@ada/").status_code == 404  # hidden during the grace period
    assert list(privacy.deletions_due()) == []
    client.post("/accounts/login/", {"login": "ada", "password": "correct-horse-battery"})
    ada.refresh_from_db()
    assert ada.deletion_requested_at is None


def test_deletion_anonymises_what_others_need_and_deletes_the_rest(ada, settings):
    bob = UserFactory(username="bob")
    FollowFactory(follower=ada, following=bob)
    AskFactory(user=ada)
    connection = messaging_services.connection_start(initiator=ada, message="Hi Bob, can you help?", recipient=bob)
    messaging_services.message_send(thread=connection.dm_thread, sender=bob, body="Sure!")
    avatar_name = ada.avatar.name
    User.objects.filter(pk=ada.pk).update(
        deletion_requested_at=timezone.now() - datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS + 1))

    tasks.privacy_sweep()

    ada.refresh_from_db()
    assert (ada.username, ada.display_name, ada.email, ada.bio, ada.is_active) == (
        f"deleted-{ada.pk}", "Deleted member", "", "", False)
    assert not ada.has_usable_password() and not ada.avatar
    assert not Offer.objects.filter(user=ada).exists() and not ada.following_set.exists()
    assert not ada.ask_set.exists() if hasattr(ada, "ask_set") else True
    # Bob's conversation keeps both sides, Ada's now under "Deleted member".
    assert list(Message.objects.filter(thread=connection.dm_thread).values_list("sender__display_name", "body")) == [
        ("Deleted member", "Hi Bob, can you help?"), (bob.display_name, "Sure!")]
    from django.core.files.storage import default_storage

    assert not default_storage.exists(avatar_name)


def test_deletion_cancels_subscriptions(ada, monkeypatch):
    from payments.choices import SubscriptionStatus
    from payments.models import Subscription

    subscription = Subscription.objects.create(buyer=ada, stripe_subscription_id="sub_1",
                                               status=SubscriptionStatus.ACTIVE)
    cancelled, deleted = [], []

    class FakeProvider:
        def subscription_cancel(self, subscription_id):
            cancelled.append(subscription_id)
            return {"status": "canceled", "customer": "cus_1"}

        def customer_delete(self, customer_id):
            deleted.append(customer_id)

    import payments.services

    monkeypatch.setattr(payments.services, "get_provider", lambda: FakeProvider())
    monkeypatch.setattr(payments.services, "payments_enabled", lambda: True)
    privacy.account_delete(user=ada)
    subscription.refresh_from_db()
    assert cancelled == ["sub_1"] and deleted == ["cus_1"] and subscription.status == "canceled"


def test_profile_field_visibility(client, ada):
    client.force_login(ada)
    client.post("/settings/privacy/", {"action": "visibility", "tagline": "members", "bio": "only_me",
                                       "activity": "only_me", "follows": "only_me"})
    client.logout()
    html = client.get("/@ada/").content.decode()
    assert "Builds bots" not in html and "Bots!" not in html and "Recent activity" not in html
    assert client.get("/@ada/followers/").status_code == 404
    assert APIClient().get("/api/v1/members/ada/").json()["bio"] == ""
    client.force_login(UserFactory())
    html = client.get("/@ada/").content.decode()
    assert "Bots!" in html and "Builds bots" not in html
    client.force_login(ada)
    assert "Builds bots" in client.get("/@ada/").content.decode()


def test_visibility_refuses_unknown_values(client, ada):
    client.force_login(ada)
    response = client.post("/settings/privacy/", {"action": "visibility", "tagline": "martians", "bio": "everyone",
                                                  "activity": "everyone", "follows": "everyone"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_privacy_page_needs_sign_in(client):
    assert client.get("/settings/privacy/").status_code == 302
