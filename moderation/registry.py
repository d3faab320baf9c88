"""What members can report, found by name so this room imports none of the rooms it moderates.

A key is "app_label.model". Models of rooms that aren't installed (yet) are simply not reportable.
The member answerable for a piece of content is its first foreign key to a member among OWNER_FIELDS.
"""
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from core.errors import NotFound
from members.models import User

REPORTABLE = {
    "collective.offer": "offer",
    "collective.ask": "ask",
    "messaging.message": "message",
    "members.user": "member",
    "community.event": "event",
    "community.challengesubmission": "challenge submission",
    "agents.agent": "agent",
    "agents.agentprofile": "agent",
    "courses.coursepage": "course",
}
OWNER_FIELDS = ("user", "owner", "sender", "author", "host", "creator", "submitted_by", "created_by")


def model_for(key: str):
    if key not in REPORTABLE:
        raise NotFound("You can't report that.")
    try:
        return apps.get_model(key)
    except (LookupError, ValueError) as error:
        raise NotFound("You can't report that.") from error


def key_for(obj) -> str:
    meta = type(obj)._meta.concrete_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def noun_for(content_type: ContentType) -> str:
    return REPORTABLE.get(f"{content_type.app_label}.{content_type.model}", content_type.model)


def owner_of(obj) -> User | None:
    if isinstance(obj, User):
        return obj
    for name in OWNER_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, User):
            return value
    return None


def label_of(obj) -> str:
    noun = REPORTABLE.get(key_for(obj), "item")
    if isinstance(obj, User):
        return f"Member @{obj.username}"
    text = getattr(obj, "title", None) or getattr(obj, "name", None) or getattr(obj, "body", None) or str(obj)
    text = " ".join(str(text).split())
    return f"{noun.capitalize()} “{text[:200]}”"


def url_of(obj) -> str:
    for name in ("get_absolute_url", "get_url"):
        method = getattr(obj, name, None)
        if callable(method):
            try:
                return method() or ""
            except Exception:  # noqa: BLE001 — a link is a convenience; a broken one mustn't stop a report
                return ""
    return ""


def reporter_can_see(reporter, obj) -> bool:
    """Members report only what they can see: a message only by its thread's participants."""
    if key_for(obj) == "messaging.message":
        return obj.thread.participants.filter(pk=reporter.pk).exists()
    if isinstance(obj, User):
        return obj.is_active
    for flag in ("is_public", "live"):
        value = getattr(obj, flag, None)
        if value is False:
            return False
    return True
