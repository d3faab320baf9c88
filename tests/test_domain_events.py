"""The domain events between rooms: one ordered list of who reacts (config/events.py), each handler once."""
from dataclasses import dataclass

from collective.events import ConnectionSaved, OfferSaved
from config.events import register_handlers
from core import events
from economy import handlers as economy
from messaging import handlers as messaging
from notifications import handlers as notifications


def test_a_saved_connection_is_handled_in_the_listed_order():
    assert events.handlers_for(ConnectionSaved) == (
        economy.connection_points, messaging.give_connection_a_thread, notifications.connection_created)
    assert events.handlers_for(OfferSaved) == (economy.offer_points,)


def test_wiring_twice_still_runs_each_handler_once():
    before = events.handlers_for(ConnectionSaved)
    register_handlers()
    assert events.handlers_for(ConnectionSaved) == before


def test_publish_calls_the_handlers_of_that_event_only():
    @dataclass(frozen=True)
    class Pinged:
        n: int

    @dataclass(frozen=True)
    class Other:
        pass

    seen = []
    events.register(Pinged, lambda event: seen.append(("first", event.n)), lambda event: seen.append(("then", event.n)))
    events.publish(Pinged(n=1))
    events.publish(Other())
    assert seen == [("first", 1), ("then", 1)]
