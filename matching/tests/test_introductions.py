import datetime

import pytest
from django.urls import reverse

from collective.choices import AskStatus
from collective.factories import AskFactory, OfferFactory
from collective.models import Connection
from matching.choices import IntroductionStatus
from matching.introductions import introductions_weekly_run
from matching.models import Introduction
from members.factories import UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def pair(embed_all):
    """An asker whose open ask an offer of `helper` meets, plus an unrelated member."""
    asker, helper = UserFactory(username="asker"), UserFactory(username="helper")
    AskFactory(user=asker, title="Need someone to review my landing page", status=AskStatus.OPEN,
               description="Visitors don't sign up on my homepage; I want a review of the page and its copy.")
    OfferFactory(user=helper, title="Landing page teardown",
                 description="I review your sign-up page and homepage copy and tell you what to fix.")
    OfferFactory(user=UserFactory(username="baker"), title="Grandma's soup recipe",
                 description="A family soup recipe for cold evenings.")
    embed_all()
    return asker, helper


def test_each_member_gets_introductions_once_per_week(pair):
    asker, helper = pair
    assert introductions_weekly_run(today=MONDAY) >= 1
    intro = Introduction.objects.get(member=asker)
    assert intro.suggested == helper and "Landing page teardown" in intro.reason
    assert Notification.objects.filter(recipient=asker, event="introduction").count() == 1
    assert introductions_weekly_run(today=MONDAY + datetime.timedelta(days=3)) == 0  # same week: nothing new
    assert Notification.objects.filter(recipient=asker, event="introduction").count() == 1


def test_not_now_means_never_again(client, pair):
    asker, helper = pair
    introductions_weekly_run(today=MONDAY)
    intro = Introduction.objects.get(member=asker, suggested=helper)
    client.force_login(asker)
    response = client.post(reverse("matching:introduction_dismiss", args=[intro.pk]))
    assert response.status_code == 302
    introductions_weekly_run(today=MONDAY + datetime.timedelta(days=7))
    assert Introduction.objects.filter(member=asker, suggested=helper).count() == 1
    assert not Introduction.objects.filter(member=helper, suggested=asker).exists()
    intro.refresh_from_db()
    assert intro.status == IntroductionStatus.DISMISSED


def test_introduce_us_opens_a_direct_conversation_both_see(client, pair):
    asker, helper = pair
    introductions_weekly_run(today=MONDAY)
    intro = Introduction.objects.get(member=asker, suggested=helper)
    client.force_login(asker)
    response = client.post(reverse("matching:introduction_accept", args=[intro.pk]))
    intro.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/messages/{intro.thread_id}/"
    connection = Connection.objects.get(initiator=asker, responder=helper)
    assert "suggested we meet" in connection.initial_message
    client.force_login(helper)
    assert "suggested we meet" in client.get(f"/messages/{intro.thread_id}/").content.decode()


def test_others_cannot_answer_my_introduction(client, pair):
    asker, helper = pair
    introductions_weekly_run(today=MONDAY)
    intro = Introduction.objects.get(member=asker, suggested=helper)
    client.force_login(helper)
    assert client.post(reverse("matching:introduction_accept", args=[intro.pk])).status_code == 404


def test_deactivated_and_opted_out_members_are_never_suggested(pair):
    asker, helper = pair
    helper.is_active = False
    helper.save()
    introductions_weekly_run(today=MONDAY)
    assert not Introduction.objects.filter(suggested=helper).exists()
    helper.is_active, helper.introductions_enabled = True, False
    helper.save()
    introductions_weekly_run(today=MONDAY + datetime.timedelta(days=7))
    assert not Introduction.objects.filter(suggested=helper).exists()


def test_members_who_turned_introductions_off_get_none(pair):
    asker, _ = pair
    asker.introductions_enabled = False
    asker.save()
    introductions_weekly_run(today=MONDAY)
    assert not Introduction.objects.filter(member=asker).exists()
