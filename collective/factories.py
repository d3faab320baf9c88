import factory
from factory.django import DjangoModelFactory

from members.factories import UserFactory

from .choices import AskType, ConnectionType, OfferStatus, OfferType, TaxonomyType
from .models import Ask, Connection, DirectMessageThread, Offer, Taxonomy


class TaxonomyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Term {n}")
    taxonomy_type = TaxonomyType.TOPIC

    class Meta:
        model = Taxonomy


class CategoryFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    taxonomy_type = TaxonomyType.OFFER_CATEGORY


class ToolTaxonomyFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Tool {n}")
    taxonomy_type = TaxonomyType.TOOL
    website_url = "https://example.com"


class OfferFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Offer number {n}")
    description = factory.Faker("paragraph")
    offer_type = OfferType.APP
    status = OfferStatus.ACTIVE

    class Meta:
        model = Offer
        skip_postgeneration_save = True  # the tools hook saves when it adds tools

    @factory.post_generation
    def tools(self, create, extracted, **kwargs):
        if create and extracted:
            self.tools.set(extracted)
            self.save()  # re-indexes it for search, tools included


class AskFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Looking for help {n}")
    description = factory.Faker("paragraph")
    ask_type = AskType.FEEDBACK

    class Meta:
        model = Ask
        skip_postgeneration_save = True

    @factory.post_generation
    def tools(self, create, extracted, **kwargs):
        if create and extracted:
            self.tools.set(extracted)
            self.save()  # re-indexes it for search, tools included


class DirectMessageThreadFactory(DjangoModelFactory):
    class Meta:
        model = DirectMessageThread


class ConnectionFactory(DjangoModelFactory):
    """An inquiry about an offer, from a new member to the offer's owner."""

    offer = factory.SubFactory(OfferFactory)
    responder = factory.SelfAttribute("offer.user")
    initiator = factory.SubFactory(UserFactory)
    connection_type = ConnectionType.OFFER_INQUIRY
    initial_message = "Hi! I'd love to learn more."

    class Meta:
        model = Connection


class AskResponseFactory(ConnectionFactory):
    """A response to an ask: the initiator offers help to the ask's owner."""

    offer = None
    ask = factory.SubFactory(AskFactory)
    responder = factory.SelfAttribute("ask.user")
    connection_type = ConnectionType.ASK_RESPONSE
