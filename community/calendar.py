"""iCalendar (RFC 5545) files with `icalendar`: one event's .ics download and a member's personal feed."""
from django.conf import settings
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .models import Event

PRODID = "-//All Thrive AI Collective//Community events//EN"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _component(event: Event) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"event-{event.pk}@allthrive.ai")
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("description", f"{event.description}\n\n{_absolute(event.get_absolute_url())}")
    item.add("url", _absolute(event.get_absolute_url()))
    item.add("location", event.location or event.online_url)
    item.add("organizer", "mailto:noreply@allthrive.ai", parameters={"cn": event.host.get_display_name})
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def calendar_bytes(events, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_component(event))
    return cal.to_ical()
