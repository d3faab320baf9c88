"""Domain events: a room announces what happened, the rooms above it react.

A room may not call the rooms above it (README, Architecture), so when a connection is made or an offer
goes live, collective publishes an event (a frozen dataclass in the publishing room's `events.py`) and
the handlers of economy, messaging and notifications run. Who reacts to what, and in which order, is
written in one place: `config/events.py`. A room that *may* call another (messaging → notifications)
calls its services directly instead.

Handlers run synchronously, inside the publisher's transaction: a rolled-back write awards no points and
notifies no one, and points keep their idempotency keys, so an event seen twice pays once. What leaves
the building (email, SMS, tasks) is deferred by the handler with `transaction.on_commit`.
"""
from collections.abc import Callable

Handler = Callable[[object], None]

_handlers: dict[type, tuple[Handler, ...]] = {}


def register(event_type: type, *handlers: Handler) -> None:
    """Run `handlers`, in this order, after those already registered for `event_type` (each only once)."""
    known = _handlers.get(event_type, ())
    _handlers[event_type] = (*known, *(handler for handler in handlers if handler not in known))


def handlers_for(event_type: type) -> tuple[Handler, ...]:
    return _handlers.get(event_type, ())


def publish(event: object) -> None:
    for handler in _handlers.get(type(event), ()):
        handler(event)
