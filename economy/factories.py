"""Factories for economy tests and demo data. Ledger rows go through services, not factories,
so balances always match the ledger."""

import factory
from factory.django import DjangoModelFactory

from collective.choices import ConnectionStatus
from collective.factories import AskResponseFactory, ConnectionFactory
from members.factories import UserFactory

from .choices import PeerBadgeCategory
from .models import Endorsement, PeerBadgeType


class PeerBadgeTypeFactory(DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"badge-{n}")
    name = factory.Sequence(lambda n: f"Badge {n}")
    description = "A badge."
    icon = "🎯"
    category = PeerBadgeCategory.QUALITY

    class Meta:
        model = PeerBadgeType
        django_get_or_create = ("slug",)


class CompletedConnectionFactory(ConnectionFactory):
    """An offer inquiry that has been completed (the offer's owner helped the initiator)."""

    status = ConnectionStatus.COMPLETED


class CompletedAskResponseFactory(AskResponseFactory):
    status = ConnectionStatus.COMPLETED


class EndorsementFactory(DjangoModelFactory):
    endorser = factory.SubFactory(UserFactory)
    endorsee = factory.SubFactory(UserFactory)
    content = factory.Faker("sentence", nb_words=14)

    class Meta:
        model = Endorsement
