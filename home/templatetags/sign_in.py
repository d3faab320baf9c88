"""``{% sign_in_reason next_url as reason %}``: what a visitor was trying to do when we asked them to sign in.

A visitor who clicks Connect, Ava or Buy lands on the log-in page; the page says why ("Log in to chat
with Ava") instead of a bare "Welcome back". Longest matching path prefix wins.
"""
from django import template

register = template.Library()

# (path prefix, what they were doing): read as "Log in to …" / "Join to …".
SIGN_IN_REASONS = (
    ("/home/", "connect with members"),
    ("/ava/import/", "turn a link into an offer with Ava"),
    ("/ava/", "chat with Ava"),
    ("/onboarding/", "finish setting up with Ava"),
    ("/connections/new/", "connect with this member"),
    ("/connections/", "see your connections"),
    ("/messages/", "read your messages"),
    ("/notifications/", "see your notifications"),
    ("/payments/offers/", "buy this offer"),
    ("/credits/", "buy credits"),
    ("/my/offers/new/", "share an offer"),
    ("/my/asks/new/", "post an ask"),
    ("/my/learning/", "keep learning where you left off"),
    ("/my/purchases/", "see your purchases"),
    ("/my/", "manage your offers and asks"),
    ("/creator/courses/", "build a course"),
    ("/settings/", "change your settings"),
    ("/community/", "see the community"),
)


def sign_in_reason_for(next_url: str) -> str:
    path = (next_url or "").split("?", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return ""
    matches = [(len(prefix), reason) for prefix, reason in SIGN_IN_REASONS if path.startswith(prefix)]
    if matches:
        return max(matches)[1]
    # Following, saving or enrolling from a public page: the page itself is the reason.
    return "" if path == "/" else "continue"


@register.simple_tag
def sign_in_reason(next_url) -> str:
    return sign_in_reason_for(str(next_url or ""))
