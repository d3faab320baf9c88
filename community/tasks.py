"""Beat tasks of the community room (schedule in config/settings/base.py CELERY_BEAT_SCHEDULE). Each is
safe to run twice: reminders claim their RSVP row, points and invitations are keyed once per event."""
from celery import shared_task

from . import services


@shared_task(name="community.send_event_reminders", ignore_result=True)
def send_event_reminders() -> int:
    return services.send_due_reminders()


@shared_task(name="community.award_host_points", ignore_result=True)
def award_host_points() -> int:
    return services.award_due_host_points()


@shared_task(name="community.invite_givers", ignore_result=True)
def invite_givers() -> int:
    return services.invite_new_givers()


@shared_task(name="community.expire_asks", ignore_result=True)
def expire_asks() -> int:
    return services.expire_asks()
