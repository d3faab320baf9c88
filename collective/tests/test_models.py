"""Data rules of the collective: offers, asks and connections.

Constraints are checked both by ``full_clean()`` and by the database itself (``objects.create()`` skips Python
validation, so only the table's constraints can refuse the row).
"""
import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from collective.choices import (
    CLOSED_CONNECTION_STATUSES,
    AskStatus,
    ConnectionStatus,
    ConnectionType,
    OfferStatus,
    OfferType,
    PricingType,
)
from collective.factories import (
    AskFactory,
    AskResponseFactory,
    CategoryFactory,
    ConnectionFactory,
    DirectMessageThreadFactory,
    OfferFactory,
)
from collective.models import RESERVED_OFFER_SLUGS, Ask, Connection, Offer
from collective.selectors import offers_public, offers_visible_to
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db

ACTIVE_CONNECTION_STATUSES = [s for s in ConnectionStatus if s not in CLOSED_CONNECTION_STATUSES]


def reload(obj):
    obj.refresh_from_db()
    return obj


def refused_by_database(model, **fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def clean_errors(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def all_messages(errors: dict[str, list[str]]) -> list[str]:
    return [message for messages in errors.values() for message in messages]


def connection_fields(initiator, responder, *, ask=None, offer=None, connection_type=None, **extra) -> dict:
    if connection_type is None:
        connection_type = (ConnectionType.ASK_RESPONSE if ask else
                           ConnectionType.OFFER_INQUIRY if offer else ConnectionType.DIRECT)
    return {"initiator": initiator, "responder": responder, "ask": ask, "offer": offer,
            "connection_type": connection_type, "initial_message": "Hello!", **extra}


@pytest.fixture
def offer(other_member):
    return OfferFactory(user=other_member, title="My App")


@pytest.fixture
def ask(other_member):
    return AskFactory(user=other_member, title="Need beta testers")


# --- Connection: who and what it is about --------------------------------------------------------------------

def test_database_refuses_self_connection(member):
    refused_by_database(Connection, **connection_fields(member, member))


def test_clean_refuses_self_connection(member):
    offer = OfferFactory(user=member)
    errors = clean_errors(Connection(**connection_fields(member, member, offer=offer)))
    assert "Cannot create a connection with yourself." in errors[NON_FIELD_ERRORS]


def test_database_refuses_connection_with_both_ask_and_offer(member, offer, ask):
    refused_by_database(Connection, **connection_fields(member, offer.user, ask=ask, offer=offer,
                                                         connection_type=ConnectionType.OFFER_INQUIRY))


def test_clean_refuses_connection_with_both_ask_and_offer(member, offer, ask):
    errors = clean_errors(Connection(**connection_fields(member, offer.user, ask=ask, offer=offer,
                                                         connection_type=ConnectionType.OFFER_INQUIRY)))
    assert "Connection cannot be for both an ask and an offer." in all_messages(errors)


@pytest.mark.parametrize("connection_type", [ConnectionType.ASK_RESPONSE, ConnectionType.OFFER_INQUIRY])
def test_database_refuses_non_direct_connection_without_ask_or_offer(member, other_member, connection_type):
    refused_by_database(Connection, **connection_fields(member, other_member, connection_type=connection_type))


@pytest.mark.parametrize("connection_type", [ConnectionType.ASK_RESPONSE, ConnectionType.OFFER_INQUIRY])
def test_clean_refuses_non_direct_connection_without_ask_or_offer(member, other_member, connection_type):
    errors = clean_errors(Connection(**connection_fields(member, other_member, connection_type=connection_type)))
    assert "Non-direct connection must reference an ask or offer." in all_messages(errors)


def test_direct_connection_needs_no_ask_or_offer(member, other_member):
    connection = Connection(**connection_fields(member, other_member))
    connection.full_clean()
    connection.save()
    assert reload(connection).connection_type == ConnectionType.DIRECT


@pytest.mark.parametrize("factory,context", [(ConnectionFactory, "offer"), (AskResponseFactory, "ask")])
def test_valid_connections_pass_full_clean(factory, context):
    connection = factory.build(**{context: (OfferFactory() if context == "offer" else AskFactory())},
                               initiator=UserFactory())
    connection.responder = getattr(connection, context).user
    connection.full_clean()


# --- Connection: one active connection at a time --------------------------------------------------------------

@pytest.mark.parametrize("status", ACTIVE_CONNECTION_STATUSES)
def test_database_refuses_second_active_connection_about_same_ask(member, ask, status):
    AskResponseFactory(initiator=member, ask=ask, status=status)
    refused_by_database(Connection, **connection_fields(member, ask.user, ask=ask))


def test_full_clean_refuses_second_active_connection_about_same_ask(member, ask):
    AskResponseFactory(initiator=member, ask=ask)
    errors = clean_errors(Connection(**connection_fields(member, ask.user, ask=ask)))
    assert "You already have an open connection about this ask." in all_messages(errors)


@pytest.mark.parametrize("status", CLOSED_CONNECTION_STATUSES)
def test_new_connection_about_ask_allowed_once_first_is_closed(member, ask, status):
    first = AskResponseFactory(initiator=member, ask=ask)
    first.status = status
    first.save()

    second = Connection(**connection_fields(member, ask.user, ask=ask))
    second.full_clean()
    second.save()
    assert ask.connections.count() == 2


def test_other_members_may_respond_to_the_same_ask(member, ask):
    AskResponseFactory(initiator=member, ask=ask)
    AskResponseFactory(initiator=UserFactory(), ask=ask)
    assert ask.connections.count() == 2


@pytest.mark.parametrize("status", ACTIVE_CONNECTION_STATUSES)
def test_database_refuses_second_active_connection_about_same_offer(member, offer, status):
    ConnectionFactory(initiator=member, offer=offer, status=status)
    refused_by_database(Connection, **connection_fields(member, offer.user, offer=offer))


def test_full_clean_refuses_second_active_connection_about_same_offer(member, offer):
    ConnectionFactory(initiator=member, offer=offer)
    errors = clean_errors(Connection(**connection_fields(member, offer.user, offer=offer)))
    assert "You already have an open connection about this offer." in all_messages(errors)


@pytest.mark.parametrize("status", CLOSED_CONNECTION_STATUSES)
def test_new_connection_about_offer_allowed_once_first_is_closed(member, offer, status):
    first = ConnectionFactory(initiator=member, offer=offer)
    first.status = status
    first.save()

    second = Connection(**connection_fields(member, offer.user, offer=offer))
    second.full_clean()
    second.save()
    assert offer.connections.count() == 2


def test_database_refuses_second_active_direct_connection(member, other_member):
    Connection.objects.create(**connection_fields(member, other_member))
    refused_by_database(Connection, **connection_fields(member, other_member))


def test_database_refuses_an_open_direct_connection_the_other_way_round(member, other_member):
    Connection.objects.create(**connection_fields(member, other_member))
    refused_by_database(Connection, **connection_fields(other_member, member))


def test_full_clean_refuses_second_active_direct_connection(member, other_member):
    Connection.objects.create(**connection_fields(member, other_member))
    errors = clean_errors(Connection(**connection_fields(member, other_member)))
    assert "You already have an open conversation with this member." in all_messages(errors)


@pytest.mark.parametrize("status", CLOSED_CONNECTION_STATUSES)
def test_new_direct_connection_allowed_once_first_is_closed(member, other_member, status):
    Connection.objects.create(**connection_fields(member, other_member, status=status))
    second = Connection(**connection_fields(member, other_member))
    second.full_clean()
    second.save()
    assert Connection.objects.count() == 2


def test_direct_connection_does_not_block_connection_about_an_offer(member, offer):
    Connection.objects.create(**connection_fields(member, offer.user))
    Connection.objects.create(**connection_fields(member, offer.user, offer=offer))
    assert Connection.objects.count() == 2


# --- Connection: ratings -------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["initiator_rating", "responder_rating"])
@pytest.mark.parametrize("rating", [0, 6])
def test_database_refuses_rating_outside_1_to_5(member, other_member, field, rating):
    refused_by_database(Connection, **connection_fields(member, other_member, **{field: rating}))


@pytest.mark.parametrize("field", ["initiator_rating", "responder_rating"])
@pytest.mark.parametrize("rating", [0, 6])
def test_full_clean_refuses_rating_outside_1_to_5(member, other_member, field, rating):
    errors = clean_errors(Connection(**connection_fields(member, other_member, **{field: rating})))
    assert "Ratings are from 1 to 5." in all_messages(errors)


@pytest.mark.parametrize("field", ["initiator_rating", "responder_rating"])
@pytest.mark.parametrize("rating", [1, 3, 5, None])
def test_rating_from_1_to_5_or_none_is_accepted(member, other_member, field, rating):
    connection = Connection(**connection_fields(member, other_member, **{field: rating}))
    connection.full_clean()
    connection.save()
    assert getattr(reload(connection), field) == rating


# --- Ask budget ----------------------------------------------------------------------------------------------

def test_database_refuses_ask_budget_min_above_max(member):
    refused_by_database(Ask, user=member, slug="budget", title="Budget", description="d", ask_type="hire",
                        budget_min_cents=50_000, budget_max_cents=10_000)


def test_clean_refuses_ask_budget_min_above_max(member):
    ask = AskFactory(user=member)
    ask.budget_min_cents, ask.budget_max_cents = 50_000, 10_000
    errors = clean_errors(ask)
    assert "Minimum budget cannot exceed maximum budget." in errors["budget_min_cents"]


@pytest.mark.parametrize("low,high", [(10_000, 10_000), (10_000, 50_000), (None, 50_000), (10_000, None), (None, None),
                                      (0, 0)])
def test_ask_budget_within_bounds_is_accepted(member, low, high):
    ask = AskFactory(user=member, budget_min_cents=low, budget_max_cents=high)
    ask.full_clean()
    assert (reload(ask).budget_min_cents, ask.budget_max_cents) == (low, high)


@pytest.mark.parametrize("low,high,expected", [
    (None, None, ""),
    (10_000, 50_000, "$100–$500"),
    (None, 50_000, "Up to $500"),
    (10_000, None, "$100"),
    (20_000, 20_000, "$200"),
    (1_050, 2_599, "$10.50–$25.99"),
    (100_000_000, 250_000_000, "$1,000,000–$2,500,000"),
])
def test_ask_budget_display(low, high, expected):
    assert Ask(budget_min_cents=low, budget_max_cents=high).budget_display == expected


def test_ask_budget_display_in_other_currency():
    assert Ask(budget_min_cents=1_000, budget_max_cents=5_000, currency="eur").budget_display == "EUR 10–EUR 50"


def test_ask_slug_is_unique_per_user(member, other_member):
    first = AskFactory(user=member, title="Need help")
    second = AskFactory(user=member, title="Need help")
    elsewhere = AskFactory(user=other_member, title="Need help")
    assert (first.slug, second.slug, elsewhere.slug) == ("need-help", "need-help-2", "need-help")
    refused_by_database(Ask, user=member, slug="need-help", title="x", description="d", ask_type="hire")


def test_fulfilling_an_ask_stamps_fulfilled_at(member):
    ask = AskFactory(user=member)
    assert ask.fulfilled_at is None
    ask.status = AskStatus.FULFILLED
    ask.save()
    assert reload(ask).fulfilled_at is not None


# --- Offer slug, pricing and display -------------------------------------------------------------------------

def offer_row(user, **fields) -> dict:
    return {"user": user, "title": "Thing", "description": "d", "offer_type": OfferType.APP, **fields}


def test_database_refuses_duplicate_offer_slug_for_same_user(member):
    Offer.objects.create(**offer_row(member, slug="my-app"))
    refused_by_database(Offer, **offer_row(member, slug="my-app"))


def test_full_clean_refuses_duplicate_offer_slug_for_same_user(member):
    OfferFactory(user=member, slug="my-app")
    errors = clean_errors(Offer(**offer_row(member, slug="my-app")))
    assert "You already have an offer with this slug." in all_messages(errors)


def test_same_offer_slug_for_two_different_users_is_fine(member, other_member):
    Offer.objects.create(**offer_row(member, slug="my-app"))
    Offer.objects.create(**offer_row(other_member, slug="my-app"))
    assert Offer.objects.filter(slug="my-app").count() == 2


def test_offer_slug_generated_from_title_unique_per_user(member, other_member):
    first = OfferFactory(user=member, title="My App")
    second = OfferFactory(user=member, title="My App")
    third = OfferFactory(user=member, title="My  App!")
    elsewhere = OfferFactory(user=other_member, title="My App")
    assert (first.slug, second.slug, third.slug) == ("my-app", "my-app-2", "my-app-3")
    assert elsewhere.slug == "my-app"


@pytest.mark.parametrize("title", ["Asks", "asks", "Offers", "Followers", "Following", "Activity"])
def test_offer_slug_skips_reserved_profile_paths(member, title):
    first = OfferFactory(user=member, title=title).slug
    second = OfferFactory(user=member, title=title).slug
    assert first.startswith(title.lower())
    assert first not in RESERVED_OFFER_SLUGS
    assert second not in RESERVED_OFFER_SLUGS
    assert first != second


def test_offer_slug_survives_title_change(member):
    offer = OfferFactory(user=member, title="My App")
    offer.title = "My Renamed App"
    offer.save()
    assert reload(offer).slug == "my-app"


def test_offer_without_sluggable_title_still_gets_a_slug(member):
    assert OfferFactory(user=member, title="!!!").slug


def test_database_refuses_empty_offer_slug(member):
    offer = OfferFactory(user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(slug="")


def test_full_clean_accepts_new_offer_whose_slug_will_be_generated(member):
    Offer(**offer_row(member, title="Fresh idea")).full_clean()


@pytest.mark.parametrize("fields", [{"price_cents": 4_900}, {"is_paid": True}, {"price_cents": 1, "is_paid": True}])
def test_database_refuses_free_offer_with_a_price(member, fields):
    refused_by_database(Offer, **offer_row(member, slug="freebie", pricing_type=PricingType.FREE, **fields))


@pytest.mark.parametrize("fields", [{"price_cents": 4_900}, {"is_paid": True}])
def test_clean_refuses_free_offer_with_a_price(member, fields):
    offer = OfferFactory(user=member, pricing_type=PricingType.FREE)
    for name, value in fields.items():
        setattr(offer, name, value)
    errors = clean_errors(offer)
    assert "A free offer can't have a price." in errors["price_cents"]


@pytest.mark.parametrize("pricing_type", [PricingType.ONE_TIME, PricingType.HOURLY, PricingType.MONTHLY])
def test_clean_refuses_paid_offer_without_price(member, pricing_type):
    offer = OfferFactory(user=member)
    offer.pricing_type, offer.is_paid = pricing_type, True
    assert "Set a price for a paid offer." in clean_errors(offer)["price_cents"]


def test_paid_offer_with_price_is_valid(member):
    offer = OfferFactory(user=member, pricing_type=PricingType.ONE_TIME, is_paid=True, price_cents=4_900)
    offer.full_clean()


def test_offer_currency_is_stored_lowercase(member):
    assert reload(OfferFactory(user=member, currency="EUR")).currency == "eur"


def test_database_refuses_non_iso_currency(member):
    offer = OfferFactory(user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(currency="US$")


@pytest.mark.parametrize("pricing_type,price_cents,currency,expected", [
    (PricingType.FREE, 0, "usd", "Free"),
    (PricingType.CUSTOM, 0, "usd", "Contact"),
    (PricingType.ONE_TIME, 4_900, "usd", "$49"),
    (PricingType.ONE_TIME, 4_950, "usd", "$49.50"),
    (PricingType.ONE_TIME, 99, "usd", "$0.99"),
    (PricingType.HOURLY, 20_000, "usd", "$200/hr"),
    (PricingType.MONTHLY, 15_000, "usd", "$150/mo"),
    (PricingType.ONE_TIME, 123_456_700, "usd", "$1,234,567"),
    (PricingType.ONE_TIME, 1_999, "eur", "EUR 19.99"),
])
def test_offer_price_display(pricing_type, price_cents, currency, expected):
    offer = Offer(pricing_type=pricing_type, price_cents=price_cents, currency=currency)
    assert offer.price_display == expected


@pytest.mark.parametrize("offer_type,external_url,expected", [
    (OfferType.COURSE, "", "Enroll"),
    (OfferType.SERVICE, "", "Book"),
    (OfferType.MENTORSHIP, "", "Book"),
    (OfferType.APP, "https://example.com", "Try it"),
    (OfferType.LINK, "https://example.com", "Try it"),
    (OfferType.APP, "", "Connect"),
    (OfferType.LINK, "", "Connect"),
    (OfferType.SKILL, "", "Request"),
    (OfferType.FEEDBACK, "", "Request"),
    (OfferType.TEMPLATE, "https://example.com", "Connect"),
    (OfferType.POST, "", "Connect"),
])
def test_offer_cta_label(offer_type, external_url, expected):
    assert Offer(offer_type=offer_type, external_url=external_url).cta_label == expected


def test_public_offers_exclude_drafts_and_archived(member):
    active = OfferFactory(user=member, status=OfferStatus.ACTIVE)
    paused = OfferFactory(user=member, status=OfferStatus.PAUSED)
    OfferFactory(user=member, status=OfferStatus.DRAFT)
    OfferFactory(user=member, status=OfferStatus.ARCHIVED)
    flagged = OfferFactory(user=member, status=OfferStatus.ACTIVE)
    Offer.objects.filter(pk=flagged.pk).update(is_archived=True)

    assert set(offers_public()) == {active, paused}
    assert all(offer.is_public for offer in offers_public())


def test_archiving_an_offer_sets_is_archived_and_hides_it(member):
    offer = OfferFactory(user=member)
    offer.status = OfferStatus.ARCHIVED
    offer.save()
    assert reload(offer).is_archived
    assert not offers_public().exists()


def test_activating_an_offer_stamps_published_at(member):
    offer = OfferFactory(user=member, status=OfferStatus.DRAFT)
    assert offer.published_at is None
    offer.status = OfferStatus.ACTIVE
    offer.save()
    assert reload(offer).published_at is not None


def test_owner_sees_own_drafts_but_not_others(member, other_member):
    mine = OfferFactory(user=member, status=OfferStatus.DRAFT)
    OfferFactory(user=other_member, status=OfferStatus.DRAFT)
    public = OfferFactory(user=other_member)
    assert set(offers_visible_to(member)) == {mine, public}


# --- Counters ------------------------------------------------------------------------------------------------

def test_creating_offer_connection_increments_connection_count_once(offer):
    connection = ConnectionFactory(offer=offer)
    assert reload(offer).connection_count == 1
    connection.status = ConnectionStatus.DISCUSSING
    connection.save()
    connection.save()
    assert reload(offer).connection_count == 1


def test_creating_ask_connection_increments_response_count_once(ask):
    connection = AskResponseFactory(ask=ask)
    assert reload(ask).response_count == 1
    connection.status = ConnectionStatus.ACCEPTED
    connection.save()
    assert reload(ask).response_count == 1


def test_each_new_connection_is_counted(offer, ask):
    ConnectionFactory.create_batch(3, offer=offer)
    AskResponseFactory.create_batch(2, ask=ask)
    assert reload(offer).connection_count == 3
    assert reload(ask).response_count == 2


def test_connection_counts_are_safe_with_stale_instances(offer):
    first, second = Offer.objects.get(pk=offer.pk), Offer.objects.get(pk=offer.pk)
    ConnectionFactory(offer=first)
    ConnectionFactory(offer=second)
    assert reload(offer).connection_count == 2


def test_saving_a_stale_offer_does_not_overwrite_connection_count(offer):
    stale = Offer.objects.get(pk=offer.pk)
    ConnectionFactory(offer=offer)
    stale.title = "My App, renamed"
    stale.save()
    assert reload(offer).connection_count == 1


def complete(connection):
    connection.status = ConnectionStatus.COMPLETED
    connection.save()
    return connection


def test_completing_ask_response_credits_the_initiator(ask):
    connection = AskResponseFactory(ask=ask)
    complete(connection)
    assert reload(connection.initiator).helped_count == 1
    assert reload(connection.responder).helped_count == 0


def test_completing_offer_inquiry_credits_the_responder(offer):
    connection = ConnectionFactory(offer=offer)
    complete(connection)
    assert reload(connection.responder).helped_count == 1
    assert reload(connection.initiator).helped_count == 0


def test_saving_completed_connection_again_does_not_credit_again(offer):
    connection = complete(ConnectionFactory(offer=offer))
    connection.responder_rating = 5
    connection.save()
    connection.save()
    complete(Connection.objects.get(pk=connection.pk))
    assert reload(offer.user).helped_count == 1
    assert reload(connection).helped_counted


def test_connection_not_completed_credits_nobody(offer):
    connection = ConnectionFactory(offer=offer)
    for status in (ConnectionStatus.ACCEPTED, ConnectionStatus.IN_PROGRESS, ConnectionStatus.DECLINED):
        connection.status = status
        connection.save()
    assert reload(offer.user).helped_count == 0
    assert not reload(connection).helped_counted


def test_connection_created_completed_credits_once(offer):
    ConnectionFactory(offer=offer, status=ConnectionStatus.COMPLETED)
    assert reload(offer.user).helped_count == 1


def test_several_completions_for_the_same_helper_add_up(offer):
    for connection in ConnectionFactory.create_batch(2, offer=offer):
        complete(connection)
    assert reload(offer.user).helped_count == 2


def test_completions_through_stale_instances_add_up(member):
    # Both connections carry their own (stale, helped_count=0) copy of the helper; F() updates still add up.
    first = ConnectionFactory(offer=OfferFactory(user=User.objects.get(pk=member.pk)))
    second = ConnectionFactory(offer=OfferFactory(user=User.objects.get(pk=member.pk)))
    complete(first)
    complete(second)
    assert first.responder.helped_count == 0  # the in-memory copies were never refreshed...
    assert reload(member).helped_count == 2  # ...yet the database counted both


def test_two_stale_copies_completing_the_same_connection_credit_once(offer):
    connection = ConnectionFactory(offer=offer)
    first, second = Connection.objects.get(pk=connection.pk), Connection.objects.get(pk=connection.pk)
    complete(first)
    complete(second)
    assert reload(offer.user).helped_count == 1


# --- on_delete -----------------------------------------------------------------------------------------------

def test_offer_survives_category_delete(member):
    category = CategoryFactory()
    offer = OfferFactory(user=member, category=category)
    category.delete()
    assert reload(offer).category is None


def test_ask_survives_category_delete(member):
    category = CategoryFactory()
    ask = AskFactory(user=member, category=category)
    category.delete()
    assert reload(ask).category is None


def test_connection_survives_ask_delete_and_marks_context_removed(ask):
    connection = AskResponseFactory(ask=ask, context_title=ask.title)
    ask.delete()
    connection = reload(connection)
    assert connection.ask is None
    assert connection.context_removed
    assert connection.context_title == "Need beta testers"


def test_connection_survives_offer_delete_and_marks_context_removed(offer):
    connection = ConnectionFactory(offer=offer)
    offer.delete()
    connection = reload(connection)
    assert connection.offer is None
    assert connection.context_removed


def test_connections_survive_queryset_delete_of_offers(member):
    connections = [ConnectionFactory(offer=OfferFactory(user=member)) for _ in range(2)]
    untouched = ConnectionFactory()
    Offer.objects.filter(user=member).delete()
    assert all(reload(c).context_removed and c.offer is None for c in connections)
    assert not reload(untouched).context_removed


def test_connection_with_removed_context_still_passes_clean(offer):
    connection = ConnectionFactory(offer=offer)
    offer.delete()
    reload(connection).full_clean()


def test_connection_survives_dm_thread_delete(offer):
    thread = DirectMessageThreadFactory()
    connection = ConnectionFactory(offer=offer, dm_thread=thread)
    thread.delete()
    connection = reload(connection)
    assert connection.dm_thread is None
    assert connection.offer == offer


def test_deleting_user_deletes_their_offers_and_asks(member, other_member):
    OfferFactory(user=member)
    AskFactory(user=member)
    keep = OfferFactory(user=other_member)
    member.delete()
    assert list(Offer.objects.all()) == [keep]
    assert not Ask.objects.exists()


def test_deleting_offer_owner_keeps_third_party_connection_about_it(member):
    # A connection about `member`'s offer between two other people: the offer goes, the connection stays.
    offer = OfferFactory(user=member)
    third_party = Connection.objects.create(**connection_fields(UserFactory(), UserFactory(), offer=offer))
    member.delete()
    third_party = reload(third_party)
    assert third_party.offer is None
    assert third_party.context_removed
