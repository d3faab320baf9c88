"""Saved learning paths (members and agents curate ordered courses and lessons) and Sage's seeded courses."""
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from collective.models import Offer
from courses.models import CoursePage, Enrollment, LearningPathItem, SavedLearningPath
from courses.seeding import sage_courses_seed
from tests.markup import soup

from .conftest import lessons_of

pytestmark = pytest.mark.django_db


def test_a_member_saves_courses_and_lessons_to_a_path_and_reorders_it(client, course, learner):
    client.force_login(learner)
    lesson = lessons_of(course)[2]
    client.post(reverse("courses:path_save"), {"new_title": "My AI path", "course": course.pk, "next": course.url})
    path = SavedLearningPath.objects.get(user=learner)
    client.post(reverse("courses:path_save"), {"path": path.pk, "lesson": lesson.pk, "next": lesson.url})
    duplicate = client.post(reverse("courses:path_save"), {"path": path.pk, "lesson": lesson.pk}, follow=True)
    assert "is already in" in duplicate.content.decode()
    steps = list(path.items.order_by("sort_order"))
    assert [(s.course_id, s.lesson_id) for s in steps] == [(course.pk, None), (None, lesson.pk)]
    client.post(reverse("courses:path_item_move", args=[path.pk, steps[1].pk]), {"direction": "up"})
    assert [s.pk for s in path.items.order_by("sort_order")] == [steps[1].pk, steps[0].pk]
    html = client.get(reverse("courses:path_edit", args=[path.pk])).content.decode()
    assert "Lesson in Prompt Basics" in html
    client.post(reverse("courses:path_item_remove", args=[path.pk, steps[0].pk]))
    assert list(path.items.values_list("pk", flat=True)) == [steps[1].pk]


def test_a_private_path_is_only_for_its_owner(client, course, learner, other_creator):
    path = SavedLearningPath.objects.create(user=learner, title="Secret", slug="secret")
    url = f"{course.get_parent().url}paths/{learner.username}/secret/"
    client.force_login(learner)
    assert client.get(url).status_code == 200
    client.force_login(other_creator)
    assert client.get(url).status_code == 404
    assert client.get(reverse("courses:path_edit", args=[path.pk])).status_code == 404
    assert client.post(reverse("courses:path_delete", args=[path.pk])).status_code == 404
    path.is_public = True
    path.save()
    assert client.get(url).status_code == 200


def test_a_path_step_is_a_course_or_a_lesson(course):
    from django.core.exceptions import ValidationError

    path = SavedLearningPath.objects.create(user=course.owner, title="P", slug="p")
    with pytest.raises(ValidationError):
        LearningPathItem(path=path).full_clean()


@pytest.fixture
def core_team(courses_index):
    call_command("seed_core_team")


def test_sage_publishes_three_courses_owned_by_sage(client, core_team, courses_index):
    report = sage_courses_seed()
    assert len(report.created) == 3
    courses = CoursePage.objects.live()
    assert courses.count() == 3 and {c.owner.username for c in courses} == {"sage"}
    assert Offer.objects.filter(user__username="sage", offer_type="course").count() == 3
    # Shown on @allierays's profile (courses by the agent she owns) and in the catalogue.
    profile = soup(client.get("/@allierays/")).get_text(" ")
    catalogue = soup(client.get("/discover/courses/")).get_text(" ")
    for course in courses:
        assert course.title in profile
        assert course.title in catalogue
    path = SavedLearningPath.objects.get(user__username="sage")
    assert path.is_public and path.items.count() == 3
    assert "Start here: AI for the curious" in catalogue
    assert client.get(f"/discover/courses/paths/sage/{path.slug}/").status_code == 200
    # Running it again changes nothing.
    again = sage_courses_seed()
    assert again.created == [] and len(again.kept) == 3 and CoursePage.objects.count() == 3


def test_sage_adopts_the_demo_offers_instead_of_duplicating_them(core_team, courses_index):
    from members.models import User

    sage = User.objects.get(username="sage")
    offer = Offer.objects.create(user=sage, title="Prompting 101", slug="prompting-101-talk-to-ai-like-a-colleague",
                                 description="Demo", offer_type="course", status="active",
                                 content=[{"type": "cta", "value": {"label": "Start lesson one", "style": "primary",
                                           "url": "https://allthrive.example.com/learn/prompting"}},
                                          {"type": "cta", "value": {"label": "Office hours", "style": "secondary",
                                           "url": "https://example.org/office-hours"}}])
    sage_courses_seed()
    offer.refresh_from_db()
    assert CoursePage.objects.get(slug=offer.slug).offer_id == offer.pk
    assert Offer.objects.filter(user=sage, slug=offer.slug).count() == 1
    # The placeholder button is dropped for one to the course page; the offer's own (control) button stays.
    urls = [b["value"]["url"] for b in offer.content.raw_data if b["type"] == "cta"]
    assert urls == ["https://example.org/office-hours",
                    f"{settings.SITE_URL.rstrip('/')}/discover/courses/prompting-101-talk-to-ai-like-a-colleague/"]


def test_the_demo_learner_gets_progress(core_team, courses_index):
    from members.factories import UserFactory

    maya = UserFactory(username="mayaokafor")
    report = sage_courses_seed(demo_progress=True)
    assert report.demo_progress
    assert Enrollment.objects.filter(user=maya).count() == 2
