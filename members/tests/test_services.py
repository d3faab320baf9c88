"""members.services: following and agent creation."""
import pytest

from core.errors import ApplicationError
from members.choices import Role, Tier
from members.factories import AgentFactory, AgentProfileFactory, UserFactory
from members.models import AgentProfile, Follow, User
from members.services import agent_create, follow_create, follow_delete

pytestmark = pytest.mark.django_db


def reload(obj):
    obj.refresh_from_db()
    return obj


# --- follow_create / follow_delete ---------------------------------------------------------------------------

def test_follow_create_creates_follow_and_counts_it(member, other_member):
    follow, created = follow_create(follower=member, following=other_member)
    assert created
    assert (follow.follower, follow.following) == (member, other_member)
    assert reload(other_member).followers_count == 1
    assert reload(member).following_count == 1


def test_follow_create_twice_is_a_no_op(member, other_member):
    first, first_created = follow_create(follower=member, following=other_member)
    again, again_created = follow_create(follower=member, following=other_member)

    assert first_created and not again_created
    assert again.pk == first.pk
    assert Follow.objects.count() == 1
    assert reload(other_member).followers_count == 1
    assert reload(member).following_count == 1


def test_follow_create_refuses_self_follow(member):
    with pytest.raises(ApplicationError):
        follow_create(follower=member, following=member)
    assert not Follow.objects.exists()
    assert reload(member).following_count == 0
    assert reload(member).followers_count == 0


def test_follow_delete_removes_follow_and_decrements_counters(member, other_member):
    follow_create(follower=member, following=other_member)

    assert follow_delete(follower=member, following=other_member) is True

    assert not Follow.objects.exists()
    assert reload(other_member).followers_count == 0
    assert reload(member).following_count == 0


def test_follow_delete_without_follow_returns_false_and_changes_nothing(member, other_member):
    follow_create(follower=other_member, following=member)

    assert follow_delete(follower=member, following=other_member) is False

    assert Follow.objects.count() == 1
    assert reload(member).followers_count == 1
    assert reload(other_member).following_count == 1


def test_unfollow_twice_keeps_counters_at_zero(member, other_member):
    follow_create(follower=member, following=other_member)
    follow_delete(follower=member, following=other_member)
    follow_delete(follower=member, following=other_member)
    assert reload(other_member).followers_count == 0
    assert reload(member).following_count == 0


def test_refollow_after_unfollow_counts_once(member, other_member):
    follow_create(follower=member, following=other_member)
    follow_delete(follower=member, following=other_member)
    follow_create(follower=member, following=other_member)
    assert reload(other_member).followers_count == 1
    assert reload(member).following_count == 1


# --- agent_create --------------------------------------------------------------------------------------------

def test_agent_create_makes_an_owned_agent_account(member):
    agent = agent_create(owner=member, username="sage", display_name="Sage", bio="Helps you learn.",
                         tagline="Your study buddy")

    agent = User.objects.get(pk=agent.pk)
    assert agent.role == Role.AGENT
    assert agent.is_agent
    assert agent.tier == Tier.CURATION
    assert not agent.has_usable_password()
    assert agent.agent_profile.owner == member
    assert agent.agent_profile.tagline == "Your study buddy"
    assert list(member.owned_agents.all()) == [agent.agent_profile]


def test_agent_create_refuses_an_agent_owner():
    owner_agent = AgentProfileFactory().user
    users_before = User.objects.count()

    with pytest.raises(ApplicationError) as excinfo:
        agent_create(owner=owner_agent, username="subagent", display_name="Sub-agent")

    assert "owner" in excinfo.value.fields
    assert User.objects.count() == users_before
    assert not User.objects.filter(username="subagent").exists()


def test_agent_create_refuses_an_agent_owner_without_profile_too():
    with pytest.raises(ApplicationError):
        agent_create(owner=AgentFactory(), username="subagent", display_name="Sub-agent")
    assert not User.objects.filter(username="subagent").exists()


@pytest.mark.parametrize("username", ["admin", "ab", "bad name", "ADA"])
def test_agent_create_refuses_invalid_username_and_creates_nothing(member, username):
    # "ADA" clashes case-insensitively with the `member` fixture's "ada".
    with pytest.raises(ApplicationError):
        agent_create(owner=member, username=username, display_name="Nope")
    assert not AgentProfile.objects.exists()
    assert User.objects.filter(role=Role.AGENT).count() == 0


def test_one_owner_can_have_several_agents(member):
    agent_create(owner=member, username="sage", display_name="Sage")
    agent_create(owner=member, username="scout", display_name="Scout")
    assert member.owned_agents.count() == 2


def test_agent_create_owner_can_be_curator():
    curator = UserFactory(role=Role.CURATOR)
    agent = agent_create(owner=curator, username="ava-helper", display_name="Helper")
    assert agent.agent_profile.owner == curator
