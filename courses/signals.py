"""Keep each course's offer in step with the course page: published, unpublished, deleted."""
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import CoursePage
from .services import course_offer_pause, course_offer_retire, course_offer_sync


@receiver(page_published, sender=CoursePage)
def sync_course_offer(sender, instance: CoursePage, **kwargs) -> None:
    course_offer_sync(course=instance)


@receiver(page_unpublished, sender=CoursePage)
def pause_course_offer(sender, instance: CoursePage, **kwargs) -> None:
    course_offer_pause(course=instance)


@receiver(post_delete, sender=CoursePage)
def retire_course_offer(sender, instance: CoursePage, **kwargs) -> None:
    course_offer_retire(offer_id=instance.offer_id)
