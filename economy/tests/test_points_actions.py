"""Each points action of spec 8.2: awarded once per event, never to yourself or your own agent, within caps."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collective.choices import AskType, ConnectionStatus, ConnectionType, OfferStatus, OfferType
from collective.factories import AskFactory, AskResponseFactory, ConnectionFactory, OfferFactory
from core.errors import ApplicationError
from economy import toasts
from economy.choices import PointsAction
from economy.models import PointsTransaction
from economy.services import points_award
from members.factories import AgentProfileFactory, FollowFactory, UserFactory
from members.models import Follow
from members.services import follow_create, follow_delete

from .helpers import actions, fresh, points_ledger_sum

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=90)


def old_member(**kwargs):
    """A member who joined long ago, so connections to them are not 'welcomes'."""
    return UserFactory(date_joined=timezone.now() - LONG_AGO, **kwargs)


def earned(user, action) -> int:
    return sum(PointsTransaction.objects.filter(member=user, action=action).values_list("amount", flat=True))


# ------------------------------------------------------------------------------------ ask responses
def test_responding_to_an_ask_earns_15_and_the_asker_5():
    asker, helper = old_member(), old_member()
    ask = AskFactory(user=asker, ask_type=AskType.ADVICE)
    AskResponseFactory(ask=ask, initiator=helper)
    assert earned(helper, PointsAction.RESPOND_TO_ASK) == 15
    assert earned(asker, PointsAction.ASK_RESPONDED) == 5
    assert fresh(helper).points == 15 and fresh(asker).points == 5


def test_saving_a_response_again_or_responding_twice_to_one_ask_awards_once():
    asker, helper = old_member(), old_member()
    ask = AskFactory(user=asker)
    first = AskResponseFactory(ask=ask, initiator=helper)
    first.initial_message = "Edited"
    first.save()
    first.status = ConnectionStatus.CANCELLED
    first.save()
    AskResponseFactory(ask=ask, initiator=helper)  # cancel and respond again
    assert earned(helper, PointsAction.RESPOND_TO_ASK) == 15
    assert earned(asker, PointsAction.ASK_RESPONDED) == 5


def test_no_points_for_responding_to_your_own_agents_ask_or_as_an_agent():
    owner = old_member()
    agent = AgentProfileFactory(owner=owner, user__date_joined=timezone.now() - LONG_AGO).user
    AskResponseFactory(ask=AskFactory(user=agent), initiator=owner)
    AskResponseFactory(ask=AskFactory(user=owner), initiator=agent)
    stranger = old_member()
    AskResponseFactory(ask=AskFactory(user=stranger), initiator=agent)
    assert fresh(owner).points == 0
    assert fresh(agent).points == 0
    # The stranger still got their +5: someone (an agent) did respond to their ask.
    assert actions(stranger) == [PointsAction.ASK_RESPONDED]


def test_respond_to_ask_is_capped_per_day():
    helper = old_member()
    for _ in range(7):
        AskResponseFactory(ask=AskFactory(user=old_member()), initiator=helper)
    assert earned(helper, PointsAction.RESPOND_TO_ASK) == 75  # 5 of 7 responses


# ------------------------------------------------------------------------------------- completion
def test_completing_help_earns_the_helper_25_and_the_helped_5_once():
    buyer, owner = old_member(), old_member()
    connection = ConnectionFactory(offer=OfferFactory(user=owner, offer_type=OfferType.SERVICE), initiator=buyer)
    before = fresh(owner).points
    connection.status = ConnectionStatus.COMPLETED
    connection.save()
    connection.save()
    connection.status = ConnectionStatus.IN_PROGRESS
    connection.save()
    connection.status = ConnectionStatus.COMPLETED
    connection.save()
    assert fresh(owner).points - before == 25
    assert earned(buyer, PointsAction.HELP_RECEIVED) == 5
    assert fresh(owner).helped_count == 1


def test_the_helper_of_an_ask_response_is_the_responder_to_the_ask():
    asker, helper = old_member(), old_member()
    connection = AskResponseFactory(ask=AskFactory(user=asker, ask_type=AskType.ADVICE), initiator=helper)
    connection.status = ConnectionStatus.COMPLETED
    connection.save()
    assert earned(helper, PointsAction.COMPLETE_HELP) == 25
    assert earned(asker, PointsAction.HELP_RECEIVED) == 5
    assert earned(asker, PointsAction.COMPLETE_HELP) == 0


def test_first_help_shows_a_milestone_toast_to_the_helper(django_capture_on_commit_callbacks):
    asker, helper = old_member(), old_member()
    with django_capture_on_commit_callbacks(execute=True):
        connection = AskResponseFactory(ask=AskFactory(user=asker), initiator=helper, status=ConnectionStatus.COMPLETED)
    assert connection.pk
    inbox = toasts.pop_inbox(helper)
    assert any("You've helped 1 person" in t.title for t in inbox)
    assert any(t.points == 25 and "helped @" in t.message for t in inbox)


@pytest.mark.parametrize(
    ("ask_type", "action", "points"),
    [
        (AskType.FEEDBACK, PointsAction.GIVE_FEEDBACK, 10),
        (AskType.BETA_TESTER, PointsAction.BETA_TEST, 15),
    ],
)
def test_feedback_and_beta_test_asks_earn_their_bonus_on_completion(ask_type, action, points):
    asker, helper = old_member(), old_member()
    connection = AskResponseFactory(ask=AskFactory(user=asker, ask_type=ask_type), initiator=helper)
    assert earned(helper, action) == 0  # not for responding, only for finishing
    connection.status = ConnectionStatus.COMPLETED
    connection.save()
    connection.save()
    assert earned(helper, action) == points


def test_completing_a_feedback_offer_earns_the_owner_give_feedback():
    owner, member = old_member(), old_member()
    ConnectionFactory(
        offer=OfferFactory(user=owner, offer_type=OfferType.FEEDBACK),
        initiator=member,
        status=ConnectionStatus.COMPLETED,
    )
    assert earned(owner, PointsAction.GIVE_FEEDBACK) == 10


# ---------------------------------------------------------------------------------------- ratings
def test_a_4_or_5_star_rating_from_the_helped_member_earns_the_helper_20_once():
    buyer, owner = old_member(), old_member()
    connection = ConnectionFactory(offer=OfferFactory(user=owner), initiator=buyer, status=ConnectionStatus.COMPLETED)
    connection.initiator_rating = 5  # given by the initiator (the buyer) to the owner, who helped
    connection.save()
    connection.initiator_rating = 4
    connection.save()
    assert earned(owner, PointsAction.HELPFUL_RATING) == 20


def test_low_ratings_and_ratings_of_the_helped_member_earn_nothing():
    buyer, owner = old_member(), old_member()
    connection = ConnectionFactory(offer=OfferFactory(user=owner), initiator=buyer, status=ConnectionStatus.COMPLETED)
    connection.initiator_rating = 3
    connection.responder_rating = 5  # the owner rating the buyer: not a "helpful" rating
    connection.save()
    assert earned(owner, PointsAction.HELPFUL_RATING) == 0
    assert earned(buyer, PointsAction.HELPFUL_RATING) == 0


def test_a_rating_before_completion_earns_nothing():
    buyer, owner = old_member(), old_member()
    ConnectionFactory(offer=OfferFactory(user=owner), initiator=buyer, initiator_rating=5)
    assert earned(owner, PointsAction.HELPFUL_RATING) == 0


# ----------------------------------------------------------------------------------------- offers
def test_an_offer_earns_10_when_it_first_goes_live_and_never_again():
    owner = old_member()
    offer = OfferFactory(user=owner, offer_type=OfferType.SERVICE, status=OfferStatus.DRAFT)
    assert earned(owner, PointsAction.ADD_OFFER) == 0
    offer.status = OfferStatus.ACTIVE
    offer.save()
    offer.status = OfferStatus.PAUSED
    offer.save()
    offer.status = OfferStatus.ACTIVE
    offer.save()
    assert earned(owner, PointsAction.ADD_OFFER) == 10


def test_the_first_project_page_bonus_is_paid_once_per_member():
    owner = old_member()
    OfferFactory(user=owner, offer_type=OfferType.APP)
    OfferFactory(user=owner, offer_type=OfferType.APP)
    assert earned(owner, PointsAction.FIRST_PROJECT_PAGE) == 20
    assert earned(owner, PointsAction.ADD_OFFER) == 20


def test_agents_earn_no_points_for_offers():
    agent = AgentProfileFactory().user
    OfferFactory(user=agent)
    assert fresh(agent).points == 0


# ---------------------------------------------------------------------------------------- welcome
def test_starting_a_connection_with_a_new_member_welcomes_them_once():
    veteran = old_member()
    newcomer = UserFactory(date_joined=timezone.now() - timedelta(days=2))
    first = ConnectionFactory(connection_type=ConnectionType.DIRECT, offer=None, initiator=veteran, responder=newcomer)
    first.status = ConnectionStatus.COMPLETED
    first.save()
    ConnectionFactory(connection_type=ConnectionType.DIRECT, offer=None, initiator=veteran, responder=newcomer)
    assert earned(veteran, PointsAction.WELCOME_MEMBER) == 5


def test_no_welcome_points_for_members_who_joined_over_a_week_ago():
    veteran = old_member()
    settled = UserFactory(date_joined=timezone.now() - timedelta(days=8))
    ConnectionFactory(connection_type=ConnectionType.DIRECT, offer=None, initiator=veteran, responder=settled)
    assert earned(veteran, PointsAction.WELCOME_MEMBER) == 0


# -------------------------------------------------------------------------------------- followers
def test_a_new_follower_earns_2_and_unfollow_refollow_does_not_earn_again():
    member, fan = old_member(), old_member()
    follow_create(follower=fan, following=member)
    follow_delete(follower=fan, following=member)
    follow_create(follower=fan, following=member)
    assert earned(member, PointsAction.GET_FOLLOWED) == 2
    assert Follow.objects.filter(following=member).count() == 1


def test_following_between_a_member_and_their_agent_earns_nothing():
    owner = old_member()
    agent = AgentProfileFactory(owner=owner).user
    FollowFactory(follower=agent, following=owner)
    FollowFactory(follower=owner, following=agent)
    assert fresh(owner).points == 0 and fresh(agent).points == 0


def test_followers_are_capped_at_20_points_a_day():
    member = old_member()
    for _ in range(12):
        FollowFactory(following=member)
    assert earned(member, PointsAction.GET_FOLLOWED) == 20
    assert fresh(member).followers_count == 12


def test_yesterdays_follows_do_not_count_against_todays_cap():
    member = old_member()
    for _ in range(10):
        FollowFactory(following=member)
    PointsTransaction.objects.filter(member=member).update(created_at=timezone.now() - timedelta(days=1))
    FollowFactory(following=member)
    assert earned(member, PointsAction.GET_FOLLOWED) == 22


# ------------------------------------------------------------------------------------- onboarding
def test_completing_onboarding_earns_25_once_whichever_way_it_is_recorded():
    member = old_member()
    points_award(user=member, action=PointsAction.COMPLETE_ONBOARDING, source=member)
    points_award(user=member, action=PointsAction.COMPLETE_ONBOARDING, source=member)
    member.onboarding_completed_at = timezone.now()
    member.save()
    assert earned(member, PointsAction.COMPLETE_ONBOARDING) == 25


def test_recording_onboarding_on_the_user_awards_it():
    member = old_member()
    member.onboarding_completed_at = timezone.now()
    member.save(update_fields=["onboarding_completed_at"])
    assert fresh(member).points == 25


# ------------------------------------------------------------------------------------ the service
def test_points_award_refuses_actions_that_are_not_earnings():
    member = old_member()
    for action in (PointsAction.GIFT_RECEIVED, PointsAction.POINTS_CONVERSION, "made_up"):
        with pytest.raises(ApplicationError, match="not an action that earns points"):
            points_award(user=member, action=action)
    assert fresh(member).points == 0


def test_points_award_refuses_yourself_as_the_related_member():
    member = old_member()
    assert points_award(user=member, action=PointsAction.GET_FOLLOWED, related_user=member) is None
    assert fresh(member).points == 0


def test_every_award_keeps_the_cached_points_equal_to_the_ledger():
    member = old_member()
    OfferFactory(user=member)
    for _ in range(3):
        FollowFactory(following=member)
    AskResponseFactory(
        ask=AskFactory(user=old_member(), ask_type=AskType.FEEDBACK),
        initiator=member,
        status=ConnectionStatus.COMPLETED,
    )
    member = fresh(member)
    assert member.points == points_ledger_sum(member) == 10 + 20 + 6 + 15 + 25 + 10
    last = PointsTransaction.objects.filter(member=member).order_by("-id").first()
    assert last.balance_after == member.points


# ---------------------------------------------------------------------- the real connection workflow
def test_the_connection_workflow_awards_each_step_once(django_capture_on_commit_callbacks):
    from collective.services import connection_create, connection_rate, connection_transition

    asker, helper = old_member(), old_member()
    ask = AskFactory(user=asker, ask_type=AskType.FEEDBACK)
    with django_capture_on_commit_callbacks(execute=True):
        connection = connection_create(initiator=helper, initial_message="I can review it!", ask=ask)
        connection = connection_transition(connection=connection, actor=asker, status=ConnectionStatus.ACCEPTED)
        connection = connection_transition(connection=connection, actor=asker, status=ConnectionStatus.COMPLETED)
        connection_rate(connection=connection, actor=asker, rating=5, feedback="Superb")
        connection_rate(connection=connection, actor=helper, rating=5, feedback="Thanks")
    assert sorted(actions(helper)) == sorted(
        [
            PointsAction.RESPOND_TO_ASK,
            PointsAction.COMPLETE_HELP,
            PointsAction.GIVE_FEEDBACK,
            PointsAction.HELPFUL_RATING,
        ]
    )
    assert sorted(actions(asker)) == sorted([PointsAction.ASK_RESPONDED, PointsAction.HELP_RECEIVED])
    assert fresh(helper).points == 15 + 25 + 10 + 20 == points_ledger_sum(helper)
    assert fresh(asker).points == 10


def test_three_days_of_giving_in_a_row_shows_a_streak_toast(django_capture_on_commit_callbacks):
    helper = old_member()
    for days_ago in (2, 1):
        AskResponseFactory(ask=AskFactory(user=old_member()), initiator=helper)
        PointsTransaction.objects.filter(member=helper, created_at__gte=timezone.now() - timedelta(minutes=5)).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    toasts.pop_inbox(helper)
    with django_capture_on_commit_callbacks(execute=True):
        AskResponseFactory(ask=AskFactory(user=old_member()), initiator=helper)
        AskResponseFactory(ask=AskFactory(user=old_member()), initiator=helper)  # same day: no second streak toast
    titles = [t.title for t in toasts.pop_inbox(helper)]
    assert titles.count("3 days of giving! 🔥") == 1
