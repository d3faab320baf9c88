from django.db import models


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class RSVPStatus(models.TextChoices):
    GOING = "going", "Going"
    WAITLISTED = "waitlisted", "Waitlisted"
    CANCELLED = "cancelled", "Cancelled"


# Reminders before an event starts: (key, how long before). Each goes out once per attendee.
REMINDERS = (("24h", 24 * 60), ("1h", 60))

# A completed event earns its host points once if at least this many members attended (RSVP "going").
HOST_POINTS_MIN_ATTENDEES = 3

# Up to this many picks per weekly challenge.
CHALLENGE_MAX_PICKS = 3

# Pinned offers on a storefront (the 150-point unlock).
MAX_PINNED_OFFERS = 3
