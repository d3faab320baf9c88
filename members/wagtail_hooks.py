"""Curator admin for follows and agents (members themselves live in Wagtail's Users area)."""
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AgentProfile, Follow


class FollowViewSet(SnippetViewSet):
    model = Follow
    icon = "user"
    menu_label = "Follows"
    list_display = ["follower", "following", "created_at"]
    search_fields = ["follower__username", "following__username"]
    list_per_page = 100

    def get_queryset(self, request):
        return Follow.objects.select_related("follower", "following")


class AgentProfileViewSet(SnippetViewSet):
    model = AgentProfile
    icon = "cogs"
    menu_label = "Agents"
    list_display = ["user", "owner", "tagline", "created_at"]
    search_fields = ["user__username", "owner__username", "tagline"]

    def get_queryset(self, request):
        return AgentProfile.objects.select_related("user", "owner")


class MembersGroup(SnippetViewSetGroup):
    menu_label = "Members"
    menu_icon = "user"
    menu_order = 220
    items = (FollowViewSet, AgentProfileViewSet)


register_snippet(MembersGroup)
