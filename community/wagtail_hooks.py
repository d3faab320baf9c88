"""Curator admin (Wagtail admin → Community): events (list, edit, cancel with everyone notified) and
challenge submissions (mark up to 3 picks per challenge). Cancelling and picking go through the services,
so notifications and points happen exactly as on the site."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.errors import ApplicationError

from . import services
from .models import ChallengeSubmission, CircleThread, Event


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = "Events"
    list_display = ["title", "host", "starts_at", "going_count", "capacity", "status", "cancel_link"]
    list_filter = ["status"]
    search_fields = ["title"]
    ordering = ["-starts_at"]


class SubmissionViewSet(SnippetViewSet):
    model = ChallengeSubmission
    icon = "pick"
    menu_label = "Challenge submissions"
    list_display = ["member", "challenge", "appreciation_count", "is_pick", "pick_link"]
    list_filter = ["challenge", "is_pick"]
    ordering = ["-created_at"]


class CircleThreadViewSet(SnippetViewSet):
    model = CircleThread
    icon = "group"
    menu_label = "Givers Circle"
    list_display = ["title", "author", "reply_count", "last_activity_at"]


class CommunityGroup(ViewSetGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 250
    items = (EventViewSet, SubmissionViewSet, CircleThreadViewSet)


register_snippet(CommunityGroup)


def _cancel_link(event: Event) -> str:
    if event.is_cancelled:
        return "—"
    return format_html('<a class="button button-small button-secondary" href="{}">Cancel event</a>',
                       reverse("community_admin_event_cancel", args=[event.pk]))


def _pick_link(submission: ChallengeSubmission) -> str:
    label = "Unpick" if submission.is_pick else "Pick"
    return format_html('<a class="button button-small" href="{}">{}</a>',
                       reverse("community_admin_submission_pick", args=[submission.pk]), label)


_cancel_link.short_description = "Cancel"
_pick_link.short_description = "Curator's pick"
Event.cancel_link = property(_cancel_link)
ChallengeSubmission.pick_link = property(_pick_link)


def _confirm(request, *, title: str, text: str, button: str, back: str):
    return TemplateResponse(request, "community/admin/confirm.html",
                            {"title": title, "text": text, "button": button, "back": back})


def event_cancel_view(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    back = reverse("wagtailsnippets_community_event:list")
    if request.method == "POST":
        services.event_cancel(actor=request.user, event=event)
        messages.success(request, f"“{event.title}” cancelled; everyone who RSVPed is told.")
        return redirect(back)
    return _confirm(request, title=f"Cancel “{event.title}”?", button="Yes, cancel it", back=back,
                    text=f"{event.going_count} going and everyone on the waitlist will be notified.")


def submission_pick_view(request, pk: int):
    submission = get_object_or_404(ChallengeSubmission.objects.select_related("member", "challenge"), pk=pk)
    back = reverse("wagtailsnippets_community_challengesubmission:list")
    pick = not submission.is_pick
    if request.method == "POST":
        try:
            services.submission_pick(curator=request.user, submission=submission, pick=pick)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"@{submission.member.username} {'picked' if pick else 'unpicked'}.")
        return redirect(back)
    verb = "Pick" if pick else "Unpick"
    return _confirm(request, title=f"{verb} @{submission.member.username}'s submission?", back=back,
                    button=verb, text=f"In “{submission.challenge.title}”. A pick earns its points once.")


@hooks.register("register_admin_urls")
def community_admin_urls():
    return [
        path("community/events/<int:pk>/cancel/", event_cancel_view, name="community_admin_event_cancel"),
        path("community/submissions/<int:pk>/pick/", submission_pick_view, name="community_admin_submission_pick"),
    ]
