"""Learning services take a lesson id from the caller: lessons of an unpublished course, unpublished lessons and
pages that aren't lessons don't exist; a paid lesson needs buying first."""
import pytest

from core.errors import ApplicationError, NotFound
from courses import services
from courses.factories import CoursePageFactory
from courses.models import Enrollment, LessonProgress

from .conftest import lessons_of

pytestmark = pytest.mark.django_db


def quiz_id(lesson) -> str:
    return next(block.id for block in lesson.body if block.block_type == "quiz")


def refused(lesson_id: int, user, block_id: str = "x") -> list[type]:
    errors = []
    for call in (lambda: services.lesson_complete(user=user, lesson_id=lesson_id),
                 lambda: services.quiz_answer(user=user, lesson_id=lesson_id, block_id=block_id, choice=0)):
        with pytest.raises(ApplicationError) as error:
            call()
        errors.append((type(error.value), error.value.status))
    return errors


def test_a_lesson_of_an_unpublished_course_does_not_exist(creator, learner, courses_index):
    draft = CoursePageFactory(owner=creator, title="Still drafting", publish=False)
    lesson = lessons_of(draft)[0]
    assert refused(lesson.pk, learner, quiz_id(lesson)) == [(NotFound, 404)] * 2
    assert not LessonProgress.objects.exists() and not Enrollment.objects.exists()


def test_an_unpublished_lesson_of_a_live_course_does_not_exist(course, learner):
    lesson = lessons_of(course)[1]
    lesson.unpublish()
    assert refused(lesson.pk, learner, quiz_id(lesson)) == [(NotFound, 404)] * 2


def test_a_page_that_is_not_a_lesson_is_not_a_lesson(course, learner):
    assert refused(course.pk, learner) == [(NotFound, 404)] * 2
    assert refused(10**9, learner) == [(NotFound, 404)] * 2


def test_a_paid_lesson_needs_buying(paid_course, learner):
    lesson = lessons_of(paid_course)[0]
    assert refused(lesson.pk, learner, quiz_id(lesson)) == [(ApplicationError, 402)] * 2
    assert not LessonProgress.objects.exists()


def test_a_live_free_lesson_is_completed_and_answered(course, learner):
    # Positive control for the refusals above.
    lesson = lessons_of(course)[0]
    assert services.lesson_complete(user=learner, lesson_id=lesson.pk).next_lesson == lessons_of(course)[1]
    assert services.quiz_answer(user=learner, lesson_id=lesson.pk, block_id=quiz_id(lesson), choice=0).correct
