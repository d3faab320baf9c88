"""Celebratory toasts for points (spec 8.3), delivered to the member who earned them.

Services call `announce()` after their transaction commits. During a web request (see
`PointsToastMiddleware`) toasts for the member making the request are collected in a contextvar and
shown with this response: Django messages for normal pages, an htmx `toast` event for htmx requests.
Toasts for anyone else (the helper when the helped member completes a connection, a gift's recipient)
or from outside a web request (API, admin, commands) wait in a small per-member inbox in the cache
and appear on that member's next page.
"""

from __future__ import annotations

import contextvars
from dataclasses import asdict, dataclass

from django.core.cache import cache

INBOX_SIZE = 5
INBOX_TTL = 7 * 24 * 3600


@dataclass(frozen=True)
class Toast:
    message: str
    points: int | None = None
    total: int | None = None
    title: str = ""


@dataclass
class _Collector:
    user_id: int | None
    toasts: list[Toast]


_collector: contextvars.ContextVar[_Collector | None] = contextvars.ContextVar("economy_toasts", default=None)


def _inbox_key(member) -> str:
    # The join time tells apart accounts that reuse an id (deleted members, test databases).
    return f"economy:toasts:{member.pk}:{member.date_joined.timestamp():.6f}"


def announce(member, toast: Toast) -> None:
    """Show `toast` to `member` (any object with pk and date_joined): in this response if it's theirs,
    else on their next page."""
    collector = _collector.get()
    if collector is not None and collector.user_id == member.pk:
        collector.toasts.append(toast)
        return
    keep_for_next_page(member, toast)


def keep_for_next_page(member, toast: Toast) -> None:
    key = _inbox_key(member)
    inbox = cache.get(key) or []
    cache.set(key, [*inbox, asdict(toast)][-INBOX_SIZE:], INBOX_TTL)


def held(view):
    """A view whose pages show no toasts: what the member earns there waits for their next page
    (onboarding: a toast mustn't cover the chips and buttons of the question being answered)."""
    view.holds_toasts = True
    return view


def pop_inbox(member) -> list[Toast]:
    key = _inbox_key(member)
    inbox = cache.get(key)
    if not inbox:
        return []
    cache.delete(key)
    return [Toast(**item) for item in inbox]


def begin(user_id: int | None) -> contextvars.Token:
    return _collector.set(_Collector(user_id=user_id, toasts=[]))


def end(token: contextvars.Token) -> list[Toast]:
    collector = _collector.get()
    _collector.reset(token)
    return collector.toasts if collector else []


def combine(toasts: list[Toast]) -> Toast:
    """One toast for an htmx response (HX-Trigger carries one `toast` event): points summed, latest total."""
    points = sum(t.points or 0 for t in toasts) or None
    totals = [t.total for t in toasts if t.total is not None]
    titles = [t.title for t in toasts if t.title]
    message = toasts[0].message
    if len(toasts) > 1:
        message += f" (and {len(toasts) - 1} more)"
    return Toast(
        message=message, points=points, total=totals[-1] if totals else None, title=titles[-1] if titles else ""
    )
