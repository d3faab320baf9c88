"""Data rules of members: usernames, phones, time zones, agents, follows and what a deleted member takes along.

Every rule is checked twice where the database can enforce it: once through ``full_clean()`` (what forms and
services run) and once by writing straight to the table with ``objects.create()``, which skips Python validation,
so only the database's own constraints stand in the way.
"""
import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from collective.factories import AskFactory, AskResponseFactory, ConnectionFactory, OfferFactory
from collective.models import Ask, Connection, Offer
from members.choices import Role
from members.factories import AgentFactory, AgentProfileFactory, FollowFactory, UserFactory
from members.models import AgentProfile, Follow, User

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def unsaved_user(username: str, **fields) -> User:
    user = User(username=username, email=f"{username}@example.com", **fields)
    user.set_password(PASSWORD)
    return user


def field_errors(instance, field: str) -> list[str]:
    """full_clean() must fail, with at least one message attached to `field`; returns those messages."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    errors = excinfo.value.message_dict
    assert errors.get(field), f"expected an error on {field!r}, got {errors}"
    return errors[field]


def all_messages(excinfo) -> list[str]:
    return [message for messages in excinfo.value.message_dict.values() for message in messages]


def refused_by_database(model, errors=(IntegrityError,), **fields) -> None:
    """Writing the row directly (no full_clean) must be rejected by the database itself."""
    with pytest.raises(errors), transaction.atomic():
        model.objects.create(**fields)


def reload(obj):
    obj.refresh_from_db()
    return obj


# --- Usernames -----------------------------------------------------------------------------------------------

BADLY_FORMED_USERNAMES = [
    pytest.param("ab", id="too-short"),
    pytest.param("a", id="one-char"),
    pytest.param("has space", id="space"),
    pytest.param("_leading", id="leading-underscore"),
    pytest.param("-leading", id="leading-hyphen"),
    pytest.param("dots.in.name", id="dot"),
    pytest.param("slash/name", id="slash"),
    pytest.param("at@sign", id="at-sign"),
    pytest.param("émile", id="non-ascii"),
]


@pytest.mark.parametrize("username", ["abc", "a" * 30, "Ada_Lovelace-1", "3mo", "x_-"])
def test_well_formed_usernames_are_accepted(username):
    user = unsaved_user(username)
    user.full_clean()
    user.save()
    assert User.objects.filter(username=username).exists()


@pytest.mark.parametrize("username", BADLY_FORMED_USERNAMES)
def test_full_clean_refuses_badly_formed_username(username):
    messages = field_errors(unsaved_user(username), "username")
    assert any("letters, numbers" in message for message in messages)


@pytest.mark.parametrize("username", BADLY_FORMED_USERNAMES)
def test_database_refuses_badly_formed_username(username):
    refused_by_database(User, username=username)


def test_full_clean_refuses_username_longer_than_30():
    field_errors(unsaved_user("a" * 31), "username")


def test_database_refuses_username_longer_than_30():
    # SQLite ignores varchar lengths, so its format CHECK refuses it (IntegrityError);
    # PostgreSQL's varchar(30) refuses it before any CHECK runs (DataError).
    refused_by_database(User, errors=(IntegrityError, DataError), username="a" * 31)


@pytest.mark.parametrize("username", ["admin", "discover", "settings", "api", "me", "Admin", "DISCOVER", "SeTtInGs"])
def test_full_clean_refuses_reserved_username(username):
    messages = field_errors(unsaved_user(username), "username")
    assert any("reserved" in message for message in messages)


@pytest.mark.parametrize("username", ["admin", "discover", "settings", "Admin", "DISCOVER", "SeTtInGs"])
def test_database_refuses_reserved_username(username):
    refused_by_database(User, username=username)


@pytest.mark.parametrize("username", ["administrator", "settings2", "my_admin", "discovery"])
def test_names_that_merely_contain_a_reserved_word_are_allowed(username):
    user = unsaved_user(username)
    user.full_clean()
    User.objects.create(username=username)


def test_full_clean_refuses_exact_duplicate_username_on_the_field():
    UserFactory(username="Ada")
    messages = field_errors(unsaved_user("Ada"), "username")
    assert "That username is taken." in messages


@pytest.mark.parametrize("username", ["ada", "ADA", "aDa"])
def test_full_clean_refuses_username_differing_only_in_case(username):
    UserFactory(username="Ada")
    with pytest.raises(ValidationError) as excinfo:
        unsaved_user(username).full_clean()
    assert "That username is taken." in all_messages(excinfo)


def test_case_insensitive_duplicate_username_error_is_on_the_username_field():
    UserFactory(username="Ada")
    messages = field_errors(unsaved_user("ada"), "username")
    assert "That username is taken." in messages


@pytest.mark.parametrize("username", ["ada", "ADA", "Ada"])
def test_database_refuses_username_differing_only_in_case(username):
    UserFactory(username="Ada")
    refused_by_database(User, username=username)


def test_changing_own_username_case_is_allowed():
    user = UserFactory(username="Ada")
    user.username = "ada"
    user.full_clean()
    user.save()
    assert reload(user).username == "ada"


def test_natural_key_lookup_ignores_case():
    user = UserFactory(username="Ada")
    assert User.objects.get_by_natural_key("ADA") == user


# --- Phone numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("phone", ["+14155550123", "+442079460958", ""])
def test_valid_e164_phone_or_none_is_accepted(phone):
    user = unsaved_user("phoney", phone_number=phone)
    user.full_clean()
    user.save()
    assert reload(user).phone_number == phone


@pytest.mark.parametrize("phone", [
    pytest.param("4155550123", id="no-plus"),
    pytest.param("+1 415", id="space-and-short"),
    pytest.param("+99999", id="too-short"),
    pytest.param("+1 415 555 0123", id="spaces"),
    pytest.param("+0123456789", id="leading-zero"),
    pytest.param("+10000000000", id="well-formed-but-not-a-real-number"),
])
def test_full_clean_refuses_malformed_phone(phone):
    field_errors(unsaved_user("phoney", phone_number=phone), "phone_number")


@pytest.mark.parametrize("phone", ["4155550123", "+1 415", "+99999", "+0123456789", "tel:+1415555"])
def test_database_refuses_malformed_phone(phone):
    refused_by_database(User, username="phoney", phone_number=phone)


def test_has_verified_phone_needs_number_and_verification(member):
    assert not member.has_verified_phone
    member.phone_number = "+14155550123"
    assert not member.has_verified_phone
    member.phone_verified_at = timezone.now()
    assert member.has_verified_phone


# --- Time zones ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tz", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])
def test_known_time_zone_is_accepted(tz):
    unsaved_user("tzuser", time_zone=tz).full_clean()


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "Europe/Pariss", "GMT+25", ""])
def test_full_clean_refuses_unknown_time_zone(tz):
    field_errors(unsaved_user("tzuser", time_zone=tz), "time_zone")


def test_new_member_defaults_to_utc(member):
    assert member.time_zone == "UTC"


# --- Agents --------------------------------------------------------------------------------------------------

def test_agent_profile_for_agent_owned_by_human_is_valid(member):
    agent = AgentFactory()
    profile = AgentProfile(user=agent, owner=member)
    profile.full_clean()
    profile.save()
    assert member.owned_agents.get() == profile
    assert agent.agent_profile.owner == member


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CREATOR, Role.CURATOR, Role.ADMIN])
def test_only_agent_accounts_can_have_an_agent_profile(role, member):
    human = UserFactory(role=role)
    messages = field_errors(AgentProfile(user=human, owner=member), "user")
    assert any("agent role" in message for message in messages)


def test_an_agent_cannot_own_agents():
    owner_agent = AgentFactory()
    messages = field_errors(AgentProfile(user=AgentFactory(), owner=owner_agent), "owner")
    assert any("cannot own agents" in message for message in messages)


def test_database_refuses_agent_owning_itself():
    agent = AgentFactory()
    refused_by_database(AgentProfile, user=agent, owner=agent)


def test_full_clean_refuses_agent_owning_itself():
    agent = AgentFactory()
    with pytest.raises(ValidationError):
        AgentProfile(user=agent, owner=agent).full_clean()


def test_database_refuses_second_profile_for_same_agent(member):
    profile = AgentProfileFactory(owner=member)
    refused_by_database(AgentProfile, user=profile.user, owner=UserFactory())


# --- Follows -------------------------------------------------------------------------------------------------

def test_database_refuses_self_follow(member):
    refused_by_database(Follow, follower=member, following=member)


def test_full_clean_refuses_self_follow(member):
    with pytest.raises(ValidationError) as excinfo:
        Follow(follower=member, following=member).full_clean()
    assert "You can't follow yourself." in excinfo.value.message_dict[NON_FIELD_ERRORS]


def test_database_refuses_duplicate_follow(member, other_member):
    Follow.objects.create(follower=member, following=other_member)
    refused_by_database(Follow, follower=member, following=other_member)


def test_full_clean_refuses_duplicate_follow(member, other_member):
    Follow.objects.create(follower=member, following=other_member)
    with pytest.raises(ValidationError) as excinfo:
        Follow(follower=member, following=other_member).full_clean()
    assert "You already follow this member." in all_messages(excinfo)


def test_following_back_is_allowed(member, other_member):
    Follow.objects.create(follower=member, following=other_member)
    Follow.objects.create(follower=other_member, following=member)
    assert Follow.objects.count() == 2


def test_creating_follow_increments_both_counters(member, other_member):
    Follow.objects.create(follower=member, following=other_member)
    assert reload(other_member).followers_count == 1
    assert reload(other_member).following_count == 0
    assert reload(member).following_count == 1
    assert reload(member).followers_count == 0


def test_saving_an_existing_follow_does_not_count_it_again(member, other_member):
    follow = Follow.objects.create(follower=member, following=other_member)
    follow.save()
    assert reload(other_member).followers_count == 1
    assert reload(member).following_count == 1


def test_deleting_follow_decrements_both_counters(member, other_member):
    follow = Follow.objects.create(follower=member, following=other_member)
    follow.delete()
    assert reload(other_member).followers_count == 0
    assert reload(member).following_count == 0


def test_queryset_delete_of_several_follows_decrements_every_counter():
    star = UserFactory()
    fans = UserFactory.create_batch(3)
    for fan in fans:
        Follow.objects.create(follower=fan, following=star)
    assert reload(star).followers_count == 3

    deleted, _ = Follow.objects.filter(following=star).delete()

    assert deleted == 3
    assert reload(star).followers_count == 0
    assert all(reload(fan).following_count == 0 for fan in fans)


def test_queryset_delete_of_some_follows_leaves_the_rest_counted():
    star = UserFactory()
    fans = UserFactory.create_batch(3)
    for fan in fans:
        Follow.objects.create(follower=fan, following=star)
    Follow.objects.filter(follower__in=fans[:2]).delete()
    assert reload(star).followers_count == 1
    assert reload(fans[2]).following_count == 1


def test_follow_counters_never_go_negative(member, other_member):
    follow = Follow.objects.create(follower=member, following=other_member)
    # Counters drifted to 0 (e.g. a manual fix); deleting the follow must not push them below 0.
    User.objects.filter(pk__in=[member.pk, other_member.pk]).update(followers_count=0, following_count=0)
    follow.delete()
    assert reload(other_member).followers_count == 0
    assert reload(member).following_count == 0


def test_database_refuses_negative_counter(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=member.pk).update(followers_count=-1)


def test_saving_a_stale_user_does_not_overwrite_follow_counters(member, other_member):
    stale = User.objects.get(pk=other_member.pk)
    Follow.objects.create(follower=member, following=other_member)
    stale.display_name = "Grace B. Hopper"
    stale.save()
    assert reload(other_member).followers_count == 1


def test_increment_helped_count_is_safe_with_stale_instances(member):
    first = User.objects.get(pk=member.pk)
    second = User.objects.get(pk=member.pk)
    first.increment_helped_count()
    second.increment_helped_count()
    assert second.helped_count == 2
    assert reload(member).helped_count == 2


# --- What deleting a member takes along (on_delete) ----------------------------------------------------------

def test_deleting_user_deletes_their_follows_in_both_directions(member, other_member):
    third = UserFactory()
    Follow.objects.create(follower=member, following=other_member)
    Follow.objects.create(follower=other_member, following=member)
    Follow.objects.create(follower=other_member, following=third)

    member.delete()

    assert list(Follow.objects.values_list("follower", "following")) == [(other_member.pk, third.pk)]


def test_deleting_user_updates_counters_of_the_members_they_followed_and_were_followed_by(member, other_member):
    fan, idol = UserFactory(), UserFactory()
    Follow.objects.create(follower=fan, following=member)
    Follow.objects.create(follower=member, following=idol)
    Follow.objects.create(follower=other_member, following=idol)

    member.delete()

    assert reload(fan).following_count == 0
    assert reload(idol).followers_count == 1


def test_deleting_user_deletes_their_offers_and_asks(member, other_member):
    OfferFactory.create_batch(2, user=member)
    AskFactory(user=member)
    kept_offer, kept_ask = OfferFactory(user=other_member), AskFactory(user=other_member)

    member.delete()

    assert list(Offer.objects.all()) == [kept_offer]
    assert list(Ask.objects.all()) == [kept_ask]


def test_deleting_user_deletes_connections_they_initiated(member, other_member):
    ConnectionFactory(initiator=member, offer=OfferFactory(user=other_member))
    AskResponseFactory(initiator=member, ask=AskFactory(user=other_member))
    kept = ConnectionFactory(initiator=other_member)

    member.delete()

    assert list(Connection.objects.all()) == [kept]


def test_deleting_user_deletes_connections_they_received(member, other_member):
    ConnectionFactory(initiator=other_member, offer=OfferFactory(user=member))
    AskResponseFactory(initiator=other_member, ask=AskFactory(user=member))
    Connection.objects.create(initiator=other_member, responder=member, connection_type="direct", initial_message="Hi")
    kept = ConnectionFactory(initiator=other_member)

    member.delete()

    assert list(Connection.objects.all()) == [kept]


def test_deleting_owner_deletes_the_agent_profiles_of_their_agents(member):
    profiles = AgentProfileFactory.create_batch(2, owner=member)
    other_profile = AgentProfileFactory()

    member.delete()

    assert list(AgentProfile.objects.all()) == [other_profile]
    assert not AgentProfile.objects.filter(pk__in=[p.pk for p in profiles]).exists()


def test_deleting_agent_deletes_its_profile_but_not_its_owner(member):
    profile = AgentProfileFactory(owner=member)
    profile.user.delete()
    assert not AgentProfile.objects.exists()
    assert User.objects.filter(pk=member.pk).exists()


def test_follow_factory_builds_a_counted_follow():
    follow = FollowFactory()
    assert reload(follow.following).followers_count == 1
    assert reload(follow.follower).following_count == 1
