"""Connection events become notifications (registered in config/events.py). Messages and read markers
need no handler: messaging sits above notifications and calls its services directly."""
from collective.events import ConnectionRated, ConnectionSaved, ConnectionTransitioned

from . import services


def connection_created(event: ConnectionSaved) -> None:
    if event.created:
        services.notify_connection_created(connection=event.connection)


def connection_moved(event: ConnectionTransitioned) -> None:
    services.notify_connection_transition(connection=event.connection, actor=event.actor,
                                          previous_status=event.previous_status)


def connection_rated(event: ConnectionRated) -> None:
    services.notify_connection_rated(connection=event.connection, actor=event.actor)
