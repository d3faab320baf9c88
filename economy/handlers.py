"""Points for the events of spec 8.2: handlers of the domain events that collective and members publish
whenever a connection, offer, follow or member is saved (pages, the API, the admin, seeds), registered in
config/events.py. Every award is keyed by its event, so saving a model again, undo/redo (unfollow +
follow, cancel + respond again) or an event seen twice never awards twice.

Who earns what:
- Ask response created: the responder (connection initiator) +15 "respond_to_ask" once per ask;
  the ask's owner +5 "ask_responded" once per responding member.
- Connection completed: the helper (`Connection.helper_id`: who answered the ask, or the offer's
  owner) +25 "complete_help"; the helped member +5 "help_received". If the ask was for feedback or
  the offer is a feedback offer, the helper also gets +10 "give_feedback"; a beta tester ask +15 "beta_test".
- Ratings: `initiator_rating` is the rating given BY the initiator (like `initiator_feedback`), so
  the helper's rating is the one given by the helped side. 4 or 5 stars on a completed connection
  → the helper +20 "helpful_rating", once per connection.
- Any connection a member starts with someone who joined in the last 7 days (and after them):
  +5 "welcome_member", once per newcomer and welcomer.
- An offer becoming active: +10 "add_offer" once per offer; the member's first active app offer
  (their first project page) also +20 "first_project_page", once per member.
- A new follower: +2 "get_followed", once per follower, at most 20 points a day.
- Onboarding completed (`User.onboarding_completed_at` set, or the onboarding calling
  `points_award` directly): +25 "complete_onboarding", once.
`points_award` refuses agents, a member and their own agent, and anything past a daily cap.
"""

from datetime import timedelta

from collective.choices import AskType, ConnectionStatus, ConnectionType, OfferStatus, OfferType
from collective.events import ConnectionSaved, OfferSaved
from collective.models import Ask, Connection, Offer
from members.events import FollowCreated, MemberSaved
from members.models import User

from .choices import PointsAction
from .services import helped_milestone_announce, points_award

WELCOME_WINDOW = timedelta(days=7)
HELPFUL_RATING = 4
ASK_TYPE_BONUS = {AskType.FEEDBACK: PointsAction.GIVE_FEEDBACK, AskType.BETA_TESTER: PointsAction.BETA_TEST}


def connection_points(event: ConnectionSaved) -> None:
    if event.created:
        _connection_started(event.connection)
    if event.connection.status == ConnectionStatus.COMPLETED:
        _connection_completed(event.connection)


def _connection_started(connection: Connection) -> None:
    initiator, responder = connection.initiator, connection.responder
    if connection.connection_type == ConnectionType.ASK_RESPONSE and connection.ask_id:
        points_award(
            user=initiator,
            action=PointsAction.RESPOND_TO_ASK,
            source=connection,
            related_user=responder,
            idempotency_key=f"respond_to_ask:ask:{connection.ask_id}:user:{initiator.pk}",
            description=f"You offered to help @{responder.username} with their ask",
        )
        points_award(
            user=responder,
            action=PointsAction.ASK_RESPONDED,
            source=connection,
            related_user=initiator,
            idempotency_key=f"ask_responded:ask:{connection.ask_id}:by:{initiator.pk}:user:{responder.pk}",
            description=f"@{initiator.username} offered to help with your ask",
        )
    newcomer_since = connection.created_at - WELCOME_WINDOW
    if responder.date_joined >= newcomer_since and initiator.date_joined < responder.date_joined:
        points_award(
            user=initiator,
            action=PointsAction.WELCOME_MEMBER,
            source=connection,
            related_user=responder,
            idempotency_key=f"welcome_member:user:{responder.pk}:by:{initiator.pk}",
            description=f"You welcomed @{responder.username} to the collective",
        )


def _connection_completed(connection: Connection) -> None:
    people = User.objects.in_bulk([connection.helper_id, connection.helped_id])
    helper, helped = people.get(connection.helper_id), people.get(connection.helped_id)
    if helper is None or helped is None:
        return
    about = " with their ask" if connection.connection_type == ConnectionType.ASK_RESPONSE else ""
    completed = points_award(
        user=helper,
        action=PointsAction.COMPLETE_HELP,
        source=connection,
        related_user=helped,
        description=f"You helped @{helped.username}{about}",
    )
    if completed is not None:
        helped_milestone_announce(helper=helper)
    points_award(
        user=helped,
        action=PointsAction.HELP_RECEIVED,
        source=connection,
        related_user=helper,
        description=f"You marked @{helper.username}'s help as received",
    )

    bonus = None
    if connection.connection_type == ConnectionType.ASK_RESPONSE and connection.ask_id:
        ask_type = Ask.objects.filter(pk=connection.ask_id).values_list("ask_type", flat=True).first()
        bonus = ASK_TYPE_BONUS.get(ask_type)
    elif connection.offer_id:
        offer_type = Offer.objects.filter(pk=connection.offer_id).values_list("offer_type", flat=True).first()
        bonus = PointsAction.GIVE_FEEDBACK if offer_type == OfferType.FEEDBACK else None
    if bonus is not None:
        what = (
            f"You gave @{helped.username} feedback"
            if bonus == PointsAction.GIVE_FEEDBACK
            else f"You beta tested @{helped.username}'s app"
        )
        points_award(user=helper, action=bonus, source=connection, related_user=helped, description=what)

    helper_rating = (
        connection.initiator_rating if connection.helped_id == connection.initiator_id else connection.responder_rating
    )
    if helper_rating is not None and helper_rating >= HELPFUL_RATING:
        points_award(
            user=helper,
            action=PointsAction.HELPFUL_RATING,
            source=connection,
            related_user=helped,
            description=f"@{helped.username} rated your help {helper_rating} stars",
        )


def offer_points(event: OfferSaved) -> None:
    instance = event.offer
    if instance.status != OfferStatus.ACTIVE:
        return
    owner = instance.user
    points_award(
        user=owner, action=PointsAction.ADD_OFFER, source=instance, description=f"You shared “{instance.title}”"
    )
    if instance.offer_type == OfferType.APP:
        points_award(
            user=owner,
            action=PointsAction.FIRST_PROJECT_PAGE,
            source=instance,
            idempotency_key=f"first_project_page:user:{owner.pk}",
            description=f"Your first project page: “{instance.title}”",
        )


def follow_points(event: FollowCreated) -> None:
    instance = event.follow
    points_award(
        user=instance.following,
        action=PointsAction.GET_FOLLOWED,
        source=instance,
        related_user=instance.follower,
        idempotency_key=f"get_followed:user:{instance.following_id}:by:{instance.follower_id}",
        description=f"@{instance.follower.username} followed you",
    )


def onboarding_points(event: MemberSaved) -> None:
    instance, update_fields = event.member, event.update_fields
    if instance.onboarding_completed_at is None:
        return
    if update_fields is not None and "onboarding_completed_at" not in update_fields:
        return  # e.g. the last_login update on every log-in
    points_award(
        user=instance,
        action=PointsAction.COMPLETE_ONBOARDING,
        source=instance,
        description="Welcome aboard! You finished onboarding",
    )
