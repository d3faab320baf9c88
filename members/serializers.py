"""How a member appears in the API (used by every room's API that names people)."""
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from core.serializers import absolute_url

from .choices import AvatarFrame, Role, Tier
from .safety import field_visible


class MemberSummarySerializer(serializers.Serializer):
    """Who posted or takes part in something."""

    username = serializers.CharField()
    display_name = serializers.CharField()
    avatar_url = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    web_url = serializers.SerializerMethodField()

    def get_web_url(self, member) -> str:
        return absolute_url(self, member.get_absolute_url())


@extend_schema_serializer(component_name="MemberProfile")
class MemberSerializer(MemberSummarySerializer):
    """A member's public profile."""

    tagline = serializers.CharField()
    bio = serializers.CharField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    avatar_frame = serializers.ChoiceField(choices=AvatarFrame.choices)
    helped_count = serializers.IntegerField()
    followers_count = serializers.IntegerField()
    following_count = serializers.IntegerField()
    points = serializers.IntegerField()
    date_joined = serializers.DateTimeField()
    is_followed = serializers.SerializerMethodField(
        help_text="Whether you follow this member (null when you're not signed in).")

    def get_is_followed(self, member) -> bool | None:
        return getattr(member, "is_followed", None)

    def to_representation(self, member):
        data = super().to_representation(member)
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        for field in ("tagline", "bio"):  # the member's profile field visibility (/settings/privacy/)
            if field in data and not field_visible(member, field, viewer):
                data[field] = ""
        return data


@extend_schema_serializer(component_name="Me")
class MeSerializer(MemberSerializer):
    """Your own profile, with the fields only you see."""

    email = serializers.EmailField()
    onboarding_completed_at = serializers.DateTimeField(allow_null=True)
