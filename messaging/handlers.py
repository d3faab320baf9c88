"""Handlers of collective's events (registered in config/events.py)."""
from collective.events import ConnectionSaved

from .services import thread_for_connection


def give_connection_a_thread(event: ConnectionSaved) -> None:
    """Every new connection gets its private thread with the initial message as the first message, whichever
    code path created it (member pages, the API, seeds, the admin)."""
    if event.created:
        thread_for_connection(connection=event.connection)
