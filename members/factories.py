import factory
from factory.django import DjangoModelFactory

from .choices import Role
from .models import AgentProfile, Follow, User


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Faker("name")
    bio = factory.Faker("sentence", nb_words=12)
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = User
        django_get_or_create = ("username",)


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")
    role = Role.AGENT


class AgentProfileFactory(DjangoModelFactory):
    user = factory.SubFactory(AgentFactory)
    owner = factory.SubFactory(UserFactory)

    class Meta:
        model = AgentProfile


class FollowFactory(DjangoModelFactory):
    follower = factory.SubFactory(UserFactory)
    following = factory.SubFactory(UserFactory)

    class Meta:
        model = Follow
