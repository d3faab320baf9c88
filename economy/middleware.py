"""Shows the points a member earns during a request as celebratory toasts (see economy.toasts)."""

import json

from django.contrib import messages

from . import toasts

# Machine clients and admin screens get no toasts; their awards wait in the member's inbox instead.
SKIPPED_PREFIXES = ("/api/", "/_allauth/", "/admin/", "/django-admin/", "/static/", "/media/")


def _as_message(request, toast: toasts.Toast) -> None:
    if toast.points:
        tags = f"points points:{toast.points}" + (f" total:{toast.total}" if toast.total is not None else "")
        messages.add_message(request, messages.SUCCESS, toast.message, extra_tags=tags)
    else:  # a milestone: no points of its own
        messages.add_message(request, messages.SUCCESS, " ".join(filter(None, [toast.title, toast.message])))


class PointsToastMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        token = toasts.begin(user_id)
        try:
            response = self.get_response(request)
        finally:
            earned = toasts.end(token)
        if earned:
            self._deliver(request, response, earned)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "holds_toasts", False):
            request.toasts_held = True
        elif request.user.is_authenticated and not request.path.startswith(SKIPPED_PREFIXES):
            # Toasts earned while away (someone completed your connection, sent you a gift).
            for toast in toasts.pop_inbox(request.user):
                _as_message(request, toast)

    def _deliver(self, request, response, earned: list[toasts.Toast]) -> None:
        if getattr(request, "toasts_held", False):
            toasts.keep_for_next_page(request.user, toasts.combine(earned))
            return
        if getattr(request, "htmx", False):
            # htmx swaps a fragment, so messages would wait for the next page: send an event now.
            toast = toasts.combine(earned)
            triggers = {}
            if response.get("HX-Trigger"):
                try:
                    triggers = json.loads(response["HX-Trigger"])
                except ValueError:
                    triggers = {name.strip(): None for name in response["HX-Trigger"].split(",")}
            triggers["toast"] = {
                "message": toast.message,
                "points": toast.points,
                "total": toast.total,
                "title": toast.title,
                "level": "points" if toast.points else "success",
            }
            response["HX-Trigger"] = json.dumps(triggers)
            return
        for toast in earned:
            _as_message(request, toast)
