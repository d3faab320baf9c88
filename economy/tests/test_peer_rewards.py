"""Peer badges and endorsements: only between the two people of a completed connection."""

import pytest
from django.core.management import call_command

from collective.choices import ConnectionStatus
from collective.factories import ConnectionFactory
from core.errors import ApplicationError, NotFound, PermissionDenied
from economy.choices import PEER_BADGES
from economy.models import Endorsement, PeerBadgeAward, PeerBadgeType
from economy.selectors import flagged_endorsements, recognition_for
from economy.services import (
    badge_award,
    endorsement_create,
    endorsement_moderate,
    endorsement_report,
    endorsement_set_visibility,
)
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(member, other_member):
    """A completed connection: `member` asked about `other_member`'s offer and got help."""
    return ConnectionFactory(
        initiator=member, offer__user=other_member, responder=other_member, status=ConnectionStatus.COMPLETED
    )


def test_seed_command_creates_the_eight_badges_and_is_idempotent():
    call_command("seed_peer_badges")
    call_command("seed_peer_badges")
    assert list(PeerBadgeType.objects.values_list("slug", flat=True)) == [b["slug"] for b in PEER_BADGES]
    assert PeerBadgeType.objects.get(slug="patient-teacher").icon == "🎓"


def test_participants_award_badges_once_per_type_per_connection(badge_types, done, member, other_member):
    award = badge_award(awarder=member, connection=done, badge_slug="amazing-feedback")
    assert award.recipient_id == other_member.pk
    with pytest.raises(ApplicationError, match="already gave “Amazing Feedback”"):
        badge_award(awarder=member, connection=done, badge_slug="amazing-feedback")
    badge_award(awarder=member, connection=done, badge_slug="quick-responder")
    badge_award(awarder=other_member, connection=done, badge_slug="amazing-feedback")  # the other way round
    assert PeerBadgeAward.objects.filter(recipient=other_member).count() == 2
    assert PeerBadgeAward.objects.filter(recipient=member).count() == 1


def test_badges_need_a_completed_connection_you_were_part_of(badge_types, member, other_member):
    open_connection = ConnectionFactory(initiator=member, offer__user=other_member, responder=other_member)
    with pytest.raises(ApplicationError, match="once the connection is completed"):
        badge_award(awarder=member, connection=open_connection, badge_slug="welcoming")
    strangers = ConnectionFactory(status=ConnectionStatus.COMPLETED)
    with pytest.raises(NotFound):
        badge_award(awarder=member, connection=strangers, badge_slug="welcoming")
    assert not PeerBadgeAward.objects.exists()


def test_unknown_or_retired_badges_are_refused(badge_types, done, member):
    PeerBadgeType.objects.filter(slug="supportive").update(is_active=False)
    for slug in ("supportive", "best-friend"):
        with pytest.raises(ApplicationError, match="Choose one of the badges") as caught:
            badge_award(awarder=member, connection=done, badge_slug=slug)
        assert "badge" in caught.value.fields


def test_endorsements_are_written_once_per_connection(done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="  Sharp, kind, fast.  ")
    assert endorsement.endorsee_id == other_member.pk and endorsement.content == "Sharp, kind, fast."
    with pytest.raises(ApplicationError, match="already endorsed"):
        endorsement_create(endorser=member, connection=done, content="Again!")


@pytest.mark.parametrize(
    ("content", "message"), [("", "Write a sentence"), ("   ", "Write a sentence"), ("x" * 501, "500 characters")]
)
def test_endorsement_content_is_checked(done, member, content, message):
    with pytest.raises(ApplicationError, match=message) as caught:
        endorsement_create(endorser=member, connection=done, content=content)
    assert "content" in caught.value.fields


def test_outsiders_cannot_endorse(done):
    with pytest.raises(NotFound):
        endorsement_create(endorser=UserFactory(), connection=done, content="Great!")


def test_the_endorsee_can_hide_and_pin_and_others_only_see_what_is_shown(done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Great mentor")
    endorsement_set_visibility(user=other_member, endorsement=endorsement, featured=True)
    assert Endorsement.objects.get().is_featured
    endorsement_set_visibility(user=other_member, endorsement=endorsement, hidden=True)
    stored = Endorsement.objects.get()
    assert stored.is_hidden and not stored.is_featured  # hiding unpins
    public = recognition_for(other_member, viewer=UserFactory())
    assert public.endorsements == [] and public.endorsement_count == 0
    own = recognition_for(other_member, viewer=other_member)
    assert [e.pk for e in own.endorsements] == [endorsement.pk] and own.hidden_count == 1


def test_only_the_endorsee_changes_how_an_endorsement_shows(done, member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Great mentor")
    with pytest.raises(PermissionDenied):
        endorsement_set_visibility(user=member, endorsement=endorsement, hidden=True)
    assert not Endorsement.objects.get().is_hidden


def test_reporting_flags_for_curators_and_a_curator_can_remove_it(done, member, other_member, staff_user):
    endorsement = endorsement_create(endorser=member, connection=done, content="Buy my course at spam.example")
    reporter = UserFactory()
    endorsement_report(reporter=reporter, endorsement=endorsement, reason="Spam")
    endorsement_report(reporter=UserFactory(), endorsement=endorsement, reason="Later report")
    flagged = flagged_endorsements().get()
    assert flagged.flagged_by_id == reporter.pk and flagged.flag_reason == "Spam"
    assert recognition_for(other_member).endorsement_count == 1  # still up until a curator decides
    endorsement_moderate(curator=staff_user, endorsement=flagged, approve=False)
    assert recognition_for(other_member).endorsement_count == 0
    assert not flagged_endorsements().exists()


def test_the_endorser_cannot_report_their_own_words_and_members_cannot_moderate(done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Nice")
    with pytest.raises(ApplicationError, match="you can't report it"):
        endorsement_report(reporter=member, endorsement=endorsement)
    with pytest.raises(PermissionDenied):
        endorsement_moderate(curator=other_member, endorsement=endorsement, approve=False)


def test_recognition_counts_badges_per_type(badge_types, member, other_member):
    for _ in range(3):
        connection = ConnectionFactory(
            initiator=UserFactory(), offer__user=other_member, responder=other_member, status=ConnectionStatus.COMPLETED
        )
        badge_award(awarder=connection.initiator, connection=connection, badge_slug="patient-teacher")
    badge_award(awarder=connection.initiator, connection=connection, badge_slug="welcoming")
    recognition = recognition_for(other_member)
    assert [(b["slug"], b["count"]) for b in recognition.badges] == [("patient-teacher", 3), ("welcoming", 1)]
    assert recognition.badge_total == 4
