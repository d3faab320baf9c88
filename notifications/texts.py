"""What each notification says: in the notification center, in email and in SMS (spec Sprint 7.2 table).

SMS use plain ASCII (straight quotes, "..."), so a message stays in the GSM-7 alphabet: 160 characters
per segment instead of 70.
"""
from dataclasses import dataclass

from django.conf import settings

from .choices import Event

SMS_TEMPLATES = {
    Event.CONNECTION_REQUESTED: "@{actor} wants to connect about your {title}. Reply in app: {link}",
    Event.ASK_RESPONDED: "Someone offered to help with your ask: {title}. See it: {link}",
    Event.CONNECTION_ACCEPTED: "@{actor} accepted! Start chatting: {link}",
    Event.CONNECTION_COMPLETED: "@{actor} marked your help as complete. You earned +{points} points!",
}
# A direct "Message" has no offer to name.
SMS_DIRECT_REQUEST = "@{actor} wants to connect with you. Reply in app: {link}"
SMS_VERIFICATION = "Your All Thrive verification code is {code}. It expires in {minutes} minutes."
SMS_HELP = ("All Thrive AI Collective: alerts about your connections. Manage them at {link}. "
            "Reply STOP to opt out, START to opt back in.")
SMS_TITLE_MAX = 40

STATUS_VERBS = {"declined": "declined", "cancelled": "cancelled", "in_progress": "started work on"}


@dataclass
class Copy:
    text: str
    email_subject: str
    email_body: str
    sms: str = ""


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def _sms_title(title: str) -> str:
    title = " ".join(title.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").split())
    return title if len(title) <= SMS_TITLE_MAX else title[:SMS_TITLE_MAX - 3].rstrip() + "..."


def _quoted(title: str) -> str:
    return f"\u201c{title}\u201d" if title else ""


def in_app_text(event: str, *, actor: str, title: str = "", kind: str = "", status: str = "", count: int = 1,
                rating: int | None = None, points: int = 0) -> str:
    """The one line shown in the notification center (and used as the email subject)."""
    about = f" about {_quoted(title)}" if title else ""
    if event in (Event.REPORT_RESOLVED, Event.MODERATION_NOTICE):
        return title  # written by the moderation room, whole
    if event == Event.CONNECTION_REQUESTED:
        if kind == "direct":
            return f"@{actor} wants to connect with you"
        return f"@{actor} wants to connect about your offer {_quoted(title)}" if title else f"@{actor} wants to connect"
    if event == Event.ASK_RESPONDED:
        return f"@{actor} offered to help with your ask {_quoted(title)}" if title else f"@{actor} offered to help"
    if event == Event.CONNECTION_ACCEPTED:
        return f"@{actor} accepted your connection{about}"
    if event == Event.CONNECTION_COMPLETED:
        earned = f" You earned +{points} points!" if points else ""
        return f"@{actor} marked your help{about} as complete.{earned}"
    if event == Event.CONNECTION_UPDATED:
        verb = STATUS_VERBS.get(status, f"marked {status.replace('_', ' ')}")
        if status == "in_progress":
            return f"@{actor} {verb} {_quoted(title) or 'your connection'}"
        return f"@{actor} {verb} the connection{about}"
    if event == Event.MESSAGE_RECEIVED:
        return f"@{actor} sent you {count} new messages" if count > 1 else f"@{actor} sent you a message"
    if event == Event.RATING_RECEIVED:
        return f"@{actor} rated your connection{about} {rating} out of 5"
    return f"News from @{actor}"


def sms_text(event: str, *, actor: str, title: str, link: str, kind: str = "", points: int = 0) -> str:
    if event == Event.CONNECTION_REQUESTED and (kind == "direct" or not title):
        return SMS_DIRECT_REQUEST.format(actor=actor, link=link)
    template = SMS_TEMPLATES.get(event)
    if template is None:
        return ""
    return template.format(actor=actor, title=_sms_title(title) or "your connection", link=link, points=points)


def email_body(*, name: str, text: str, link: str, excerpt: str = "") -> str:
    parts = [f"Hi {name},", "", text if text.endswith((".", "!")) else f"{text}."]
    if excerpt:
        parts += ["", *(f"> {line}" for line in excerpt.splitlines()[:12])]
    parts += ["", f"Open it: {link}", "", "--", "All Thrive AI Collective",
              f"Choose which emails you get: {absolute('/settings/notifications/')}"]
    return "\n".join(parts)


def compose(event: str, *, recipient, actor: str, url: str, title: str = "", kind: str = "", status: str = "",
            count: int = 1, rating: int | None = None, points: int = 0, excerpt: str = "") -> Copy:
    text = in_app_text(event, actor=actor, title=title, kind=kind, status=status, count=count, rating=rating,
                       points=points)
    link = absolute(url)
    return Copy(
        text=text,
        email_subject=text.rstrip(".")[:200],
        email_body=email_body(name=recipient.display_name or f"@{recipient.username}", text=text, link=link,
                              excerpt=excerpt),
        sms=sms_text(event, actor=actor, title=title, link=link, kind=kind, points=points),
    )
