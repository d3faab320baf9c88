"""Reporting and the curators' decisions: hide, warn, suspend, dismiss, the audit log, the trusted-reports hold."""
import pytest
from django.utils import timezone

from collective.factories import AskFactory, OfferFactory
from core.errors import ApplicationError, NotFound, PermissionDenied
from members import safety
from members.factories import UserFactory
from members.models import HiddenContent
from messaging import services as messaging_services
from moderation import services
from moderation.choices import ModerationKind, ReportStatus
from moderation.models import ModerationAction, Report
from notifications.models import Notification

from .conftest import seasoned

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(db):
    return OfferFactory(user=UserFactory(username="spammer"), title="Buy followers cheap")


def test_member_reports_an_offer_through_the_page(client, offer):
    reporter = UserFactory(username="rita")
    client.force_login(reporter)
    page = client.get(f"/report/collective.offer/{offer.pk}/")
    assert "Buy followers cheap" in page.content.decode()
    response = client.post(f"/report/collective.offer/{offer.pk}/", {"reason": "spam", "note": "Bots."}, follow=True)
    assert "A curator will review it" in response.content.decode()
    assert "Under review" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.owner, report.reason, report.status) == (reporter, offer.user, "spam", "open")


def test_report_form_errors_and_refusals(client, offer):
    client.force_login(offer.user)
    assert "can&#x27;t report your own" in client.post(f"/report/collective.offer/{offer.pk}/",
                                                       {"reason": "spam"}).content.decode()
    client.force_login(UserFactory())
    assert "field__invalid" in client.post(f"/report/collective.offer/{offer.pk}/", {"reason": "nope"}).content.decode() \
        or "Select a valid choice" in client.post(f"/report/collective.offer/{offer.pk}/", {"reason": "nope"}).content.decode()
    assert client.get("/report/collective.offer/999999/").status_code == 404
    assert client.get("/report/auth.permission/1/").status_code == 404
    assert client.get("/report/community.event/1/").status_code == 404  # a room not installed (yet)


def test_every_installed_kind_can_be_reported(offer):
    reporter = UserFactory()
    ask = AskFactory()
    connection = messaging_services.connection_start(initiator=offer.user, message="psst, buy followers",
                                                     recipient=reporter)
    message = connection.dm_thread.messages.get()
    for key, pk in (("collective.offer", offer.pk), ("collective.ask", ask.pk), ("members.user", offer.user.pk),
                    ("messaging.message", message.pk)):
        services.report_create(reporter=reporter, key=key, object_id=pk, reason="spam")
    assert Report.objects.count() == 4
    assert Report.objects.get(content_type__model="message").owner == offer.user
    # A message can be reported only by the people in its conversation.
    with pytest.raises(NotFound):
        services.report_create(reporter=UserFactory(), key="messaging.message", object_id=message.pk, reason="spam")


def test_reporting_twice_updates_the_open_report(offer):
    reporter = UserFactory()
    services.report_create(reporter=reporter, key="collective.offer", object_id=offer.pk, reason="spam")
    services.report_create(reporter=reporter, key="collective.offer", object_id=offer.pk, reason="scam", note="x")
    assert list(Report.objects.values_list("reason", "note")) == [("scam", "x")]


def test_curator_hides_and_suspends_and_reporters_hear_the_outcome(client, offer, curator,
                                                                    django_capture_on_commit_callbacks):
    reporters = [UserFactory(), UserFactory()]
    for reporter in reporters:
        report = services.report_create(reporter=reporter, key="collective.offer", object_id=offer.pk, reason="spam")
    with pytest.raises(PermissionDenied):
        services.report_decide(report=report, curator=reporters[0], hide=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_decide(report=report, curator=curator, hide=True, member_action="suspend", days=7,
                               note="Spam run")

    offer.user.refresh_from_db()
    assert safety.is_suspended(offer.user)
    assert HiddenContent.objects.filter(object_id=offer.pk, reason="moderator").exists()
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert "Buy followers" not in client.get("/discover/offers/").content.decode()
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.ACTIONED}
    kinds = set(ModerationAction.objects.values_list("kind", "actor__username"))
    assert kinds == {(ModerationKind.HIDE, "curie"), (ModerationKind.SUSPEND, "curie")}
    for reporter in reporters:
        note = Notification.objects.get(recipient=reporter, event="report_resolved")
        assert "we removed the offer and suspended the member responsible" in note.text
    client.force_login(reporters[0])
    assert "suspended the member responsible" in client.get("/my/reports/").content.decode()
    with pytest.raises(ApplicationError):  # already resolved
        services.report_dismiss(report=report, curator=curator)


def test_decision_needs_an_action_and_days(offer, curator):
    report = services.report_create(reporter=UserFactory(), key="collective.offer", object_id=offer.pk, reason="spam")
    with pytest.raises(ApplicationError, match="Choose an action"):
        services.report_decide(report=report, curator=curator, hide=False)
    with pytest.raises(ApplicationError) as error:
        services.report_decide(report=report, curator=curator, hide=False, member_action="suspend", days=None)
    assert "days" in error.value.fields


def test_warn_and_ban(offer, curator, django_capture_on_commit_callbacks):
    report = services.report_create(reporter=UserFactory(), key="members.user", object_id=offer.user.pk,
                                    reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_decide(report=report, curator=curator, hide=False, member_action="warn")
    assert Notification.objects.filter(recipient=offer.user, event="moderation_notice").exists()
    report = services.report_create(reporter=UserFactory(), key="members.user", object_id=offer.user.pk,
                                    reason="harassment")
    services.report_decide(report=report, curator=curator, hide=False, member_action="ban")
    offer.user.refresh_from_db()
    assert offer.user.suspended_until == safety.SUSPENDED_FOR_GOOD
    services.member_unsuspend(curator=curator, member=offer.user)
    assert not safety.is_suspended(offer.user)
    assert ModerationAction.objects.filter(kind=ModerationKind.UNSUSPEND).exists()


def test_several_trusted_reports_hold_content_until_a_curator_dismisses(client, offer, curator, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.MODERATION_HOLD_AFTER_REPORTS = 3
    services.report_create(reporter=UserFactory(), key="collective.offer", object_id=offer.pk, reason="spam")
    services.report_create(reporter=UserFactory(), key="collective.offer", object_id=offer.pk, reason="spam")
    for name in ("trusty1", "trusty2"):
        services.report_create(reporter=seasoned(name), key="collective.offer", object_id=offer.pk, reason="spam")
    assert not HiddenContent.objects.exists()  # new members' reports don't count towards the hold
    report = services.report_create(reporter=seasoned("trusty3"), key="collective.offer", object_id=offer.pk,
                                    reason="spam")
    assert HiddenContent.objects.get().reason == "pending_review"
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert ModerationAction.objects.get().kind == ModerationKind.AUTO_HIDE

    with django_capture_on_commit_callbacks(execute=True):
        services.report_dismiss(report=report, curator=curator, note="It's fine")
    assert not HiddenContent.objects.exists()
    assert client.get(offer.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(event="report_resolved").count() == 5


def test_admin_queue_is_for_curators(client, offer, curator):
    report = services.report_create(reporter=UserFactory(), key="collective.offer", object_id=offer.pk, reason="spam")
    client.force_login(UserFactory(is_staff=True))  # staff without the curator role… is a curator by is_staff
    client.force_login(curator)
    queue = client.get("/admin/moderation/")
    assert queue.status_code == 200 and "Buy followers cheap" in queue.content.decode()
    page = client.get(f"/admin/moderation/reports/{report.pk}/")
    assert "Apply decision" in page.content.decode()
    response = client.post(f"/admin/moderation/reports/{report.pk}/",
                           {"decision": "act", "hide": "on", "member_action": "none", "note": "spam"})
    assert response.status_code == 302
    assert HiddenContent.objects.filter(object_id=offer.pk).exists()
    assert "Hid the content" in client.get("/admin/moderation/audit/").content.decode()


def test_admin_decision_errors_are_shown(client, offer, curator):
    report = services.report_create(reporter=UserFactory(), key="collective.offer", object_id=offer.pk, reason="spam")
    client.force_login(curator)
    response = client.post(f"/admin/moderation/reports/{report.pk}/", {"decision": "act", "member_action": "none"})
    assert response.status_code == 200 and "act on the member, or both" in response.content.decode()


def test_suspension_ends_by_itself(offer):
    from members import services as member_services

    member_services.member_suspend(member=offer.user, until=timezone.now() - timezone.timedelta(seconds=1))
    assert not safety.is_suspended(offer.user)
