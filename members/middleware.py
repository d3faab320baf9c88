"""Suspended members can't act: any signed-in request from one ends their session with a notice."""
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import render

from .safety import is_suspended, is_suspended_for_good


class SuspendedMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_suspended(user):
            until, for_good = user.suspended_until, is_suspended_for_good(user)
            logout(request)
            if request.path.startswith(("/api/", "/_allauth/")):
                return JsonResponse({"detail": "This account is suspended.", "code": "suspended"}, status=403)
            text = ("A curator suspended it for breaking the community guidelines." if for_good else
                    f"A curator suspended it until {until:%B %-d, %Y, %H:%M} UTC. You can sign in again after that.")
            return render(request, "members/suspended.html", {"suspension_text": text}, status=403)
        return self.get_response(request)
