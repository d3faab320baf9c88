"""The creator studio: a creator edits, reorders, previews and publishes their own course, and never anyone else's."""
import pytest
from django.urls import reverse

from collective.models import Offer
from courses import services
from courses.factories import CoursePageFactory
from courses.models import CoursePage, LessonPage, ModulePage
from members.factories import AgentProfileFactory

from .conftest import lessons_of

pytestmark = pytest.mark.django_db


def _block_id(lesson, block_type):
    return next(b.id for b in lesson.get_latest_revision_as_object().body if b.block_type == block_type)


def test_a_creator_never_reaches_another_creators_course(client, course, other_creator):
    """Every studio URL of someone else's course answers 404, and nothing changes."""
    client.force_login(other_creator)
    lesson = lessons_of(course)[0]
    module = ModulePage.objects.child_of(course).first()
    text_id = _block_id(lesson, "text")
    gets = [reverse("courses:studio_course", args=[course.pk]),
            reverse("courses:studio_course_preview", args=[course.pk]),
            reverse("courses:studio_lesson", args=[course.pk, lesson.pk]),
            reverse("courses:studio_lesson_preview", args=[course.pk, lesson.pk])]
    posts = [
        (reverse("courses:studio_course", args=[course.pk]), {"title": "Hijacked"}),
        (reverse("courses:studio_publish", args=[course.pk]), {}),
        (reverse("courses:studio_unpublish", args=[course.pk]), {}),
        (reverse("courses:studio_module_add", args=[course.pk]), {"title": "Mine now"}),
        (reverse("courses:studio_module_rename", args=[course.pk, module.pk]), {"title": "Mine now"}),
        (reverse("courses:studio_lesson_add", args=[course.pk, module.pk]), {"title": "Mine now"}),
        (reverse("courses:studio_page_move", args=[course.pk, lesson.pk]), {"direction": "down"}),
        (reverse("courses:studio_page_delete", args=[course.pk, lesson.pk]), {}),
        (reverse("courses:studio_lesson", args=[course.pk, lesson.pk]), {"title": "Hijacked", "duration_minutes": 5}),
        (reverse("courses:studio_block_update", args=[course.pk, lesson.pk, text_id]), {"b-x-text": "Hijacked"}),
        (reverse("courses:studio_block_delete", args=[course.pk, lesson.pk, text_id]), {}),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    course.refresh_from_db()
    assert course.title == "Prompt Basics" and course.live and not course.has_unpublished_changes
    assert LessonPage.objects.descendant_of(course).count() == 4
    assert "Prompt Basics" not in client.get(reverse("courses:studio")).content.decode()


def test_the_services_refuse_another_creator_too(course, other_creator):
    from core.errors import NotFound

    with pytest.raises(NotFound):
        services.course_update(course=course, actor=other_creator, data={"title": "Hijacked"})
    with pytest.raises(NotFound):
        services.course_publish(course=course, actor=other_creator)


def test_edits_are_drafts_until_the_creator_publishes(client, course, creator):
    client.force_login(creator)
    url = reverse("courses:studio_course", args=[course.pk])
    form = client.get(url).context["form"]
    data = {**form.initial, "title": "Prompt Basics, revised", "tools": [], "category": ""}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    course.refresh_from_db()
    assert course.title == "Prompt Basics" and course.has_unpublished_changes
    assert "Prompt Basics, revised" in client.get(url).content.decode()
    assert client.get(course.url).context["page"].title == "Prompt Basics"  # learners see the published version

    response = client.post(reverse("courses:studio_publish", args=[course.pk]))
    course.refresh_from_db()
    assert course.title == "Prompt Basics, revised" and not course.has_unpublished_changes
    assert Offer.objects.get(pk=course.offer_id).title == "Prompt Basics, revised"


def test_a_creator_edits_a_lesson_block_and_previews_it(client, course, creator):
    client.force_login(creator)
    lesson = lessons_of(course)[0]
    text_id = _block_id(lesson, "text")
    url = reverse("courses:studio_block_update", args=[course.pk, lesson.pk, text_id])
    response = client.post(url, {f"b-{text_id}-text": "Context is **everything**."})
    assert response.status_code == 302
    preview = client.get(reverse("courses:studio_lesson_preview", args=[course.pk, lesson.pk]))
    assert preview.status_code == 200
    assert "Context is <strong>everything</strong>." in preview.content.decode()
    assert "Context is" not in client.get(lesson.url).content.decode()  # still a draft


def test_a_quiz_needs_exactly_one_right_answer(client, course, creator):
    client.force_login(creator)
    lesson = lessons_of(course)[0]
    quiz_id = _block_id(lesson, "quiz")
    prefix = f"b-{quiz_id}"
    data = {f"{prefix}-question": "Which?", f"{prefix}-explanation": "",
            f"{prefix}-rows-TOTAL_FORMS": "3", f"{prefix}-rows-INITIAL_FORMS": "0",
            f"{prefix}-rows-MIN_NUM_FORMS": "0", f"{prefix}-rows-MAX_NUM_FORMS": "6",
            f"{prefix}-rows-0-text": "A", f"{prefix}-rows-1-text": "B", f"{prefix}-rows-2-text": ""}
    response = client.post(reverse("courses:studio_block_update", args=[course.pk, lesson.pk, quiz_id]), data)
    assert response.status_code == 400
    assert "Mark exactly one answer as correct." in response.content.decode()
    data[f"{prefix}-rows-1-is_correct"] = "on"
    response = client.post(reverse("courses:studio_block_update", args=[course.pk, lesson.pk, quiz_id]), data)
    assert response.status_code == 302
    quiz = next(b for b in LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().body
                if b.block_type == "quiz")
    assert [(c["text"], c["is_correct"]) for c in quiz.value["choices"]] == [("A", False), ("B", True)]


def test_a_creator_adds_and_removes_blocks(client, course, creator):
    client.force_login(creator)
    lesson = lessons_of(course)[0]
    add_url = reverse("courses:studio_block_add", args=[course.pk, lesson.pk])
    response = client.post(add_url, {"block_type": "video", "new-url": "https://example.com/not-a-video"})
    assert response.status_code == 400 and "YouTube, Vimeo or Loom" in response.content.decode()
    client.post(add_url, {"block_type": "video", "new-url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"})
    body = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().body
    assert [b.block_type for b in body][-1] == "video"
    client.post(reverse("courses:studio_block_delete", args=[course.pk, lesson.pk, body[-1].id]))
    body = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().body
    assert "video" not in [b.block_type for b in body]


def test_a_creator_reorders_lessons_and_modules(client, course, creator):
    client.force_login(creator)
    first, second, third, _ = lessons_of(course)
    move = lambda page, direction: client.post(  # noqa: E731
        reverse("courses:studio_page_move", args=[course.pk, page.pk]), {"direction": direction})
    move(first, "down")
    assert [lesson.pk for lesson in lessons_of(course)][:2] == [second.pk, first.pk]
    move(first, "down")  # last of module 1 → first of module 2
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    assert [lesson.pk for lesson in LessonPage.objects.child_of(modules[1]).order_by("path")][:2] == [first.pk,
                                                                                                      third.pk]
    move(modules[1], "up")
    assert list(ModulePage.objects.child_of(course).order_by("path"))[0].pk == modules[1].pk


def test_publishing_needs_a_lesson(client, courses_index, creator):
    course = CoursePageFactory(owner=creator, modules=1, lessons_per_module=1, publish=False)
    services.page_delete(course=course, page=lessons_of(course)[0], actor=creator)
    client.force_login(creator)
    response = client.post(reverse("courses:studio_publish", args=[course.pk]), follow=True)
    assert "Add at least one lesson." in response.content.decode()
    assert not CoursePage.objects.get(pk=course.pk).live


def test_the_owner_of_an_agent_manages_the_agents_courses(client, courses_index):
    profile = AgentProfileFactory(user__username="sage", owner__username="allie")
    course = CoursePageFactory(owner=profile.user, title="Sage's course")
    client.force_login(profile.owner)
    listing = client.get(reverse("courses:studio")).content.decode()
    assert "Sage&#x27;s course" in listing and "Courses by your agents" in listing
    assert client.get(reverse("courses:studio_course", args=[course.pk])).status_code == 200
    client.post(reverse("courses:studio_unpublish", args=[course.pk]))
    assert not CoursePage.objects.get(pk=course.pk).live


def test_the_studio_list_needs_a_constant_number_of_queries(client, courses_index, creator,
                                                           django_assert_max_num_queries):
    CoursePageFactory.create_batch(2, owner=creator, modules=1, lessons_per_module=1)
    client.force_login(creator)
    client.get(reverse("courses:studio"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("courses:studio"))
    CoursePageFactory.create_batch(4, owner=creator, modules=1, lessons_per_module=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("courses:studio")).status_code == 200
