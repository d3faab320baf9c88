"""What the collective announces (core.events); the rooms above react, as listed in config/events.py."""
from dataclasses import dataclass

from members.models import User

from .models import Connection, Offer


@dataclass(frozen=True)
class ConnectionSaved:
    """Any save of a Connection, whatever code path made it (pages, the API, seeds, the admin)."""

    connection: Connection
    created: bool


@dataclass(frozen=True)
class ConnectionTransitioned:
    """A move of the workflow (collective.services.connection_transition), with who made it."""

    connection: Connection
    actor: User
    previous_status: str


@dataclass(frozen=True)
class ConnectionRated:
    connection: Connection
    actor: User


@dataclass(frozen=True)
class OfferSaved:
    """Any save of an Offer (its status says whether it is live)."""

    offer: Offer
