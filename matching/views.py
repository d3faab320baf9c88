"""The two answers to a weekly introduction: "Introduce us" (opens the new conversation) and "Not now"."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound

from . import introductions


@login_required
@require_POST
def introduction_accept(request, pk: int):
    try:
        introduction = introductions.introduction_accept(member=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("dashboard")
    return redirect(reverse("messaging:thread", args=[introduction.thread_id]))


@login_required
@require_POST
def introduction_dismiss(request, pk: int):
    try:
        introduction = introductions.introduction_dismiss(member=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, f"Got it. We won't suggest @{introduction.suggested.username} again.")
    return redirect(reverse("dashboard") + "#introductions")
