"""Builders for connections in a given state, as the workflow would have left them."""
from collective.choices import ConnectionStatus, ConnectionType
from collective.models import Connection
from messaging.services import thread_for_connection


def make_connection(*, initiator, responder, status=ConnectionStatus.INITIATED, ask=None, offer=None,
                    message="Hello! I'd love to help.") -> Connection:
    """A connection with its thread, placed directly in `status` (the moves themselves are tested via pages)."""
    kind = (ConnectionType.ASK_RESPONSE if ask is not None else
            ConnectionType.OFFER_INQUIRY if offer is not None else ConnectionType.DIRECT)
    connection = Connection.objects.create(
        initiator=initiator, responder=responder, ask=ask, offer=offer, connection_type=kind,
        context_title=(ask or offer).title if (ask or offer) else "", initial_message=message, status=status)
    thread_for_connection(connection=connection)
    connection.refresh_from_db()
    return connection
