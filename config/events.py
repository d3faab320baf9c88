"""Who reacts to which domain event, in order: the one place (core.events explains why events exist).

Rooms publish events about what they own; the handlers below live in the rooms above them. Read top
to bottom to see every cross-room side effect of a save.
"""
from collective.events import ConnectionRated, ConnectionSaved, ConnectionTransitioned, OfferSaved
from core.events import register
from economy import handlers as economy
from members.events import FollowCreated, MemberSaved
from messaging import handlers as messaging
from notifications import handlers as notifications


def register_handlers() -> None:
    # A connection: points for starting/completing it, then its private thread, then the other side's bell.
    register(ConnectionSaved, economy.connection_points, messaging.give_connection_a_thread,
             notifications.connection_created)
    register(ConnectionTransitioned, notifications.connection_moved)
    register(ConnectionRated, notifications.connection_rated)
    # An offer going live, a new follower, finished onboarding: points.
    register(OfferSaved, economy.offer_points)
    register(FollowCreated, economy.follow_points)
    register(MemberSaved, economy.onboarding_points)
