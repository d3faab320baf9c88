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
        skip_postgeneration_save = True

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """Staff get an authenticator app (staff need one for the admin); pass two_factor=False to leave it out,
        or two_factor=True to give one to a member."""
        wanted = self.is_staff if extracted is None else extracted
        if create and wanted:
            from allauth.mfa.models import Authenticator
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            if not Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(self, generate_totp_secret())


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
