"""Member pages: /my/points/, the leaderboard, community, thanks page, endorsement actions, toasts."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from collective.choices import ConnectionStatus
from collective.factories import ConnectionFactory
from economy.choices import PointsAction
from economy.middleware import PointsToastMiddleware
from economy.models import Endorsement, PeerBadgeAward, PointsTransaction
from economy.services import credits_add, endorsement_create, points_award
from members.factories import UserFactory
from tests.markup import current, soup, texts

from .helpers import fresh, give_points

pytestmark = pytest.mark.django_db


def many_rows(member, n: int) -> None:
    for i in range(n):
        give_points(member, 1, key=f"rows:{member.pk}:{i}")
    credits_add(user=member, amount=5, transaction_type="bonus", idempotency_key=f"rows:{member.pk}")


# ------------------------------------------------------------------------------------ /my/points/
def test_my_points_needs_a_login(client):
    response = client.get("/my/points/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_points_shows_balances_history_and_whats_next(client, member):
    give_points(member, 120)
    credits_add(user=member, amount=7, transaction_type="bonus", idempotency_key="welcome")
    client.force_login(member)
    page = client.get("/my/points/").content.decode()
    assert "Test grant" in page and "+120" in page
    assert "Bronze frame" in page
    assert "30</strong> points to <strong>pin featured offers on your profile</strong>" in page
    credits = client.get("/my/points/?ledger=credits").content.decode()
    assert "Bonus" in credits and "+7" in credits


def test_my_points_filters_by_kind_and_period(client, member, other_member):
    give_points(member, 300)
    from economy.services import points_convert, points_gift

    points_gift(sender=member, recipient=other_member, amount=20, message="ty")
    points_convert(user=member, points=100)
    old = give_points(member, 5, key="old")
    PointsTransaction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client.force_login(member)
    gifts = client.get("/my/points/?kind=gifts").content.decode()
    assert "Gift to @grace" in gifts and "Converted 100 points" not in gifts
    recent = client.get("/my/points/?period=30d").content.decode()
    assert "Test grant" in recent and recent.count("eco-ledger__row") == 3
    nothing = client.get("/my/points/?kind=reversals").content.decode()
    assert "Nothing matches these filters" in nothing


def test_my_points_ignores_nonsense_filters_and_pages(client, member):
    many_rows(member, 22)  # 22 points rows: two pages of 20 and 2
    old = give_points(member, 5, key="old")
    PointsTransaction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    client.force_login(member)
    response = client.get("/my/points/?kind=%3Cscript%3E&period=forever&page=999&ledger=x")
    assert response.status_code == 200
    page = soup(response)
    # Unknown values fall back to the defaults: the points ledger, every kind, any time, the last page.
    assert texts(page.select('.tabs [aria-current="page"]')) == ["Points"]
    assert current(page, "Kind") == ["All"] and current(page, "Period") == ["Any time"]
    rows = texts(page.select(".eco-ledger__row .eco-ledger__text"))
    assert rows == ["Test grant"] * 3  # page 2 of 23 rows, the 400-day-old one included
    assert "<script>" not in response.content.decode()
    # Positive control: real values do filter (the old row leaves "last year", conversions are none of these).
    last_year = soup(client.get("/my/points/?period=365d&page=2"))
    assert current(last_year, "Period") == ["Last year"]
    assert len(last_year.select(".eco-ledger__row")) == 2
    assert current(soup(client.get("/my/points/?kind=conversions")), "Kind") == ["Conversions"]


@pytest.mark.parametrize("rows", [3, 45])
def test_my_points_query_count_is_constant(client, django_assert_max_num_queries, rows):
    member = UserFactory()
    many_rows(member, rows)
    client.force_login(member)
    # The same ceiling for 3 and 45 rows (the page's own queries plus the layout's: session, user, menu).
    with django_assert_max_num_queries(9):
        assert client.get("/my/points/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/my/points/?ledger=credits&page=2").status_code == 200


# ---------------------------------------------------------------------------------------- convert
def test_converting_from_the_page_redirects_with_a_message(client, member):
    give_points(member, 250)
    client.force_login(member)
    response = client.post("/my/points/convert/", {"points": 250, "idempotency_key": "k1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?ledger=credits")
    assert "Converted 200 points into 20 credits. 50 points stay as points." in response.content.decode()
    member = fresh(member)
    assert (member.points, member.credit_balance) == (50, 20)
    client.post("/my/points/convert/", {"points": 250, "idempotency_key": "k1"})  # the same form again
    assert fresh(member).credit_balance == 20


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": 50}, "Convert at least 100 points."),
        ({"points": "abc"}, "Use the digits 0–9"),
        ({"points": 400}, "you can convert up to 200"),
        ({}, "This field is required."),
    ],
)
def test_bad_conversions_show_field_errors(client, member, data, message):
    give_points(member, 250)
    client.force_login(member)
    response = client.post("/my/points/convert/", {"idempotency_key": "k2", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(member).points == 250


def test_convert_only_accepts_posts(client, member):
    client.force_login(member)
    assert client.get("/my/points/convert/").status_code == 405


# ------------------------------------------------------------------------------------ leaderboard
def _helpers(n: int) -> None:
    for i in range(n):
        helper = UserFactory(username=f"helper{i}")
        give_points(helper, 10 + i)  # complete_help rows: giving points


def test_leaderboard_ranks_this_weeks_giving_points(client, member):
    _helpers(3)
    old = UserFactory(username="last-month")
    entry = give_points(old, 500)
    PointsTransaction.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=8))
    follower_farm = UserFactory(username="popular")
    for _ in range(5):
        points_award(
            user=follower_farm,
            action=PointsAction.GET_FOLLOWED,
            related_user=UserFactory(),
            idempotency_key=f"f:{PointsTransaction.objects.count()}",
        )
    page = client.get("/community/leaderboard/").content.decode()
    assert page.index("@helper2") < page.index("@helper1") < page.index("@helper0")
    assert "@last-month" not in page  # outside the window
    assert "@popular" not in page  # followers are not giving


def test_all_time_leaderboard_ranks_by_helped_count(client):
    UserFactory(username="veteran", helped_count=40, points=10)
    UserFactory(username="rookie", helped_count=2, points=900)
    UserFactory(username="lurker")
    page = client.get("/community/leaderboard/?period=all").content.decode()
    assert page.index("@veteran") < page.index("@rookie")
    assert "@lurker" not in page


def test_reversed_giving_points_leave_the_weekly_board(client, staff_user):
    cheat = UserFactory(username="cheat")
    entry = give_points(cheat, 300)
    from economy.services import points_reverse

    def handles() -> list[str]:
        rows = soup(client.get("/community/leaderboard/")).select(".eco-board__row .eco-board__handle")
        return [handle.split(" · ")[0] for handle in texts(rows)]

    assert handles() == ["@cheat"]  # on the weekly board before the reversal
    points_reverse(entry=entry, curator=staff_user, reason="Fake sessions")
    assert handles() == []


def test_the_viewer_sees_their_own_week(client, member):
    give_points(member, 42)
    client.force_login(member)
    page = client.get("/community/leaderboard/").content.decode()
    assert 'Your giving this week: <strong class="tabular">42</strong>' in page


@pytest.mark.parametrize("helpers", [3, 30])
def test_leaderboard_query_count_is_constant(client, django_assert_max_num_queries, helpers):
    _helpers(helpers)
    with django_assert_max_num_queries(4):
        assert client.get("/community/leaderboard/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/community/leaderboard/?period=all&page=2").status_code == 200


def test_leaderboard_is_paginated(client):
    _helpers(25)
    first = client.get("/community/leaderboard/").content.decode()
    second = client.get("/community/leaderboard/?page=2").content.decode()
    assert first.count("eco-board__row ") + first.count('eco-board__row"') == 20
    assert "@helper0" in second and "@helper0" not in first


def test_community_page_and_dashboard_card_feature_200_point_helpers(client, member):
    star = UserFactory(username="star")
    give_points(star, 220)
    newbie = UserFactory(username="newbie")
    give_points(newbie, 30)
    assert client.get("/community/").status_code == 200
    client.force_login(member)
    dashboard = client.get("/home/").content.decode()
    assert "Top Helpers This Week" in dashboard
    assert "@star" in dashboard and "@newbie" not in dashboard


# ------------------------------------------------------------------------------------------ thanks
@pytest.fixture
def done(member, other_member):
    return ConnectionFactory(
        initiator=member, offer__user=other_member, responder=other_member, status=ConnectionStatus.COMPLETED
    )


def test_only_participants_see_the_thanks_page(client, done, member):
    assert client.get(f"/connections/{done.pk}/thanks/").status_code == 302  # login first
    client.force_login(UserFactory())
    assert client.get(f"/connections/{done.pk}/thanks/").status_code == 404
    assert client.post(f"/connections/{done.pk}/thanks/points/", {}).status_code == 404
    client.force_login(member)
    page = client.get(f"/connections/{done.pk}/thanks/").content.decode()
    assert "How was your experience with @grace?" in page
    assert client.get("/connections/999999/thanks/").status_code == 404


def test_unknown_thanks_actions_and_gets_are_404(client, done, member):
    client.force_login(member)
    assert client.post(f"/connections/{done.pk}/thanks/hugs/", {}).status_code == 404
    assert client.get(f"/connections/{done.pk}/thanks/points/").status_code == 404


def test_thanks_before_completion_invites_to_come_back(client, member, other_member):
    connection = ConnectionFactory(initiator=member, offer__user=other_member, responder=other_member)
    client.force_login(member)
    page = client.get(f"/connections/{connection.pk}/thanks/").content.decode()
    assert "Not finished yet" in page and "Send points" not in page
    response = client.post(f"/connections/{connection.pk}/thanks/endorse/", {"endorse-content": "Great"})
    assert response.status_code == 400 and "once the connection is completed" in response.content.decode()


def test_gifting_points_from_the_thanks_page(client, done, member, other_member):
    give_points(member, 100)
    before, theirs = fresh(member).points, fresh(other_member).points
    client.force_login(member)
    data = {"points-amount": 30, "points-message": "Thank you!", "points-idempotency_key": "g1"}
    response = client.post(f"/connections/{done.pk}/thanks/points/", data)
    assert response.status_code == 302
    client.post(f"/connections/{done.pk}/thanks/points/", data)  # double click
    assert fresh(other_member).points == theirs + 30 and fresh(member).points == before - 30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points-amount": 0}, "Send at least 1."),
        ({"points-amount": 999}, "You can send at most 500 at a time."),
        ({"points-amount": 80}, "You have {points} points, so you can gift up to {points}."),
    ],
)
def test_gift_errors_show_on_the_form(client, done, member, data, message):
    give_points(member, 50)
    points = fresh(member).points  # 50 plus what the connection itself earned
    client.force_login(member)
    response = client.post(f"/connections/{done.pk}/thanks/points/", {"points-idempotency_key": "g2", **data})
    assert response.status_code == 400
    assert message.format(points=points) in response.content.decode()
    assert fresh(member).points == points


def test_credit_gift_without_credits_shows_an_error(client, done, member):
    client.force_login(member)
    response = client.post(
        f"/connections/{done.pk}/thanks/credits/", {"credits-amount": 5, "credits-idempotency_key": "c1"}
    )
    assert response.status_code == 400 and "You don&#x27;t have any credits to gift." in response.content.decode()


def test_awarding_a_badge_and_endorsing_from_the_thanks_page(client, done, member, other_member, badge_types):
    client.force_login(member)
    assert client.post(f"/connections/{done.pk}/thanks/badge/", {"badge-badge": "patient-teacher"}).status_code == 302
    page = client.get(f"/connections/{done.pk}/thanks/").content.decode()
    assert 'value="patient-teacher"' not in page  # already given: not offered again
    again = client.post(f"/connections/{done.pk}/thanks/badge/", {"badge-badge": "patient-teacher"})
    assert again.status_code == 400 and PeerBadgeAward.objects.count() == 1
    assert (
        client.post(
            f"/connections/{done.pk}/thanks/endorse/", {"endorse-content": "Grace explained compilers like a story."}
        ).status_code
        == 302
    )
    profile = client.get(other_member.get_absolute_url()).content.decode()
    assert "Grace explained compilers like a story." in profile and "Patient Teacher" in profile


def test_an_empty_endorsement_shows_a_field_error(client, done, member):
    client.force_login(member)
    response = client.post(f"/connections/{done.pk}/thanks/endorse/", {"endorse-content": "   "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


# --------------------------------------------------------------------------- endorsement actions
def test_the_endorsee_hides_an_endorsement_from_their_profile(client, done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Brilliant reviewer")
    client.force_login(other_member)
    response = client.post(f"/endorsements/{endorsement.pk}/hide/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == other_member.get_absolute_url()
    assert Endorsement.objects.get().is_hidden
    client.force_login(UserFactory())
    assert "Brilliant reviewer" not in client.get(other_member.get_absolute_url()).content.decode()


def test_someone_else_cannot_hide_it_but_can_report_it(client, done, member, other_member):
    endorsement = endorsement_create(endorser=member, connection=done, content="Brilliant reviewer")
    client.force_login(UserFactory())
    client.post(f"/endorsements/{endorsement.pk}/hide/")
    assert not Endorsement.objects.get().is_hidden
    client.post(f"/endorsements/{endorsement.pk}/report/", {"reason": "Not true"})
    assert Endorsement.objects.get().flag_reason == "Not true"
    assert client.post(f"/endorsements/{endorsement.pk}/explode/").status_code == 404


# ------------------------------------------------------------------------------------------- toasts
def _request(user, htmx=False):
    request = RequestFactory().post("/somewhere/", HTTP_HX_REQUEST="true" if htmx else None)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = user
    request.htmx = htmx
    return request


def test_points_earned_in_a_request_become_a_celebratory_message(member, django_capture_on_commit_callbacks):
    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            points_award(
                user=request.user,
                action=PointsAction.COMPLETE_ONBOARDING,
                source=request.user,
                description="Welcome aboard!",
            )
        return HttpResponse("ok")

    request = _request(member)
    PointsToastMiddleware(view)(request)
    [message] = list(get_messages(request))
    assert message.message == "Welcome aboard!"
    assert message.extra_tags == "points points:25 total:25"


def test_htmx_requests_get_a_toast_event(member, django_capture_on_commit_callbacks):
    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            points_award(
                user=request.user,
                action=PointsAction.COMPLETE_ONBOARDING,
                source=request.user,
                description="Welcome aboard!",
            )
        response = HttpResponse("fragment")
        response["HX-Trigger"] = json.dumps({"followed": {"id": 3}})
        return response

    response = PointsToastMiddleware(view)(_request(member, htmx=True))
    triggers = json.loads(response["HX-Trigger"])
    assert triggers["followed"] == {"id": 3}
    assert triggers["toast"]["points"] == 25 and triggers["toast"]["total"] == 25
    assert triggers["toast"]["message"] == "Welcome aboard!"


def test_points_earned_by_someone_else_wait_for_their_next_page(
    client, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        points_award(
            user=other_member, action=PointsAction.GET_FOLLOWED, related_user=member, description="@ada followed you"
        )
    client.force_login(other_member)
    page = client.get("/my/points/").content.decode()
    assert "toast--points" in page and "@ada followed you" in page
    assert "@ada followed you</p>" not in client.get("/community/").content.decode()  # shown once
