"""Weekly challenges: one submission each (editable while open), appreciations, curator picks, points once."""
from datetime import timedelta

import pytest
from django.utils import timezone

from collective.factories import OfferFactory
from community import services
from community.models import ChallengeSubmission
from core.errors import ApplicationError, PermissionDenied
from economy.models import PointsTransaction
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_submission_each_editable_and_points_once(challenge, member):
    services.submission_save(member=member, challenge=challenge, text="My agent", link="https://example.com")
    services.submission_save(member=member, challenge=challenge, text="My better agent")
    assert ChallengeSubmission.objects.get(member=member).text == "My better agent"
    assert PointsTransaction.objects.filter(member=member, action="challenge_entry").count() == 1
    member.refresh_from_db()
    assert member.points == 10


def test_submission_needs_content_and_only_own_active_offers(challenge, member, other_member):
    with pytest.raises(ApplicationError):
        services.submission_save(member=member, challenge=challenge)
    with pytest.raises(ApplicationError):
        services.submission_save(member=member, challenge=challenge, offer=OfferFactory(user=other_member))
    offer = OfferFactory(user=member)
    assert services.submission_save(member=member, challenge=challenge, offer=offer).offer == offer


def test_closed_challenge_refuses_submissions_and_stays_browsable(client, challenge, member):
    services.submission_save(member=member, challenge=challenge, text="Early bird")
    challenge.week_start = timezone.now().date() - timedelta(days=10)
    challenge.week_end = timezone.now().date() - timedelta(days=4)
    challenge.save_revision().publish()
    challenge.refresh_from_db()
    with pytest.raises(ApplicationError, match="closed"):
        services.submission_save(member=member, challenge=challenge, text="Late")
    assert "Ship a tiny agent" in client.get("/community/challenges/").content.decode()
    assert "Early bird" in client.get(challenge.url).content.decode()


def test_appreciate_once_and_never_ones_own(challenge, member, other_member):
    submission = services.submission_save(member=member, challenge=challenge, text="Thing")
    with pytest.raises(ApplicationError):
        services.submission_appreciate(member=member, submission=submission)
    assert services.submission_appreciate(member=other_member, submission=submission) is True
    assert services.submission_appreciate(member=other_member, submission=submission) is False
    submission.refresh_from_db()
    assert submission.appreciation_count == 1


def test_curator_picks_up_to_3_and_points_once(challenge, staff_user, django_capture_on_commit_callbacks):
    subs = [services.submission_save(member=UserFactory(), challenge=challenge, text=f"S{n}") for n in range(4)]
    with pytest.raises(PermissionDenied):
        services.submission_pick(curator=subs[1].member, submission=subs[0])
    with django_capture_on_commit_callbacks(execute=True):
        for s in subs[:3]:
            services.submission_pick(curator=staff_user, submission=s)
    with pytest.raises(ApplicationError, match="at most 3"):
        services.submission_pick(curator=staff_user, submission=subs[3])
    services.submission_pick(curator=staff_user, submission=subs[0], pick=False)
    services.submission_pick(curator=staff_user, submission=subs[0], pick=True)
    assert PointsTransaction.objects.filter(member=subs[0].member, action="challenge_pick").count() == 1
    subs[0].member.refresh_from_db()
    assert subs[0].member.points == 60


def test_challenge_page_submit_and_appreciate_through_the_page(client, challenge, member, other_member):
    client.force_login(member)
    assert client.post(challenge.url, {"action": "submit", "text": ""}).status_code == 400
    assert client.post(challenge.url, {"action": "submit", "text": "Built it"}).status_code == 302
    client.force_login(other_member)
    sub = ChallengeSubmission.objects.get(member=member)
    client.post(challenge.url, {"action": "appreciate", "submission": sub.pk})
    page = client.get(challenge.url).content.decode()
    assert "Built it" in page and "1 appreciation" in page


def test_admin_pick_view(client, challenge, staff_user, member):
    sub = services.submission_save(member=member, challenge=challenge, text="Pick me")
    client.force_login(staff_user)
    assert client.get("/admin/snippets/community/challengesubmission/").status_code == 200
    assert client.post(f"/admin/community/submissions/{sub.pk}/pick/").status_code == 302
    sub.refresh_from_db()
    assert sub.is_pick


def test_current_challenge_on_hub_and_dashboard(client, challenge, member):
    client.force_login(member)
    assert "Ship a tiny agent" in client.get("/home/").content.decode()
    assert "Ship a tiny agent" in client.get("/community/").content.decode()
