"""Learners: enrolling (free or bought), progress per learner, quizzes checked on the server, resuming,
completion, paid lessons closed to those who haven't bought them, and /my/learning/."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import selectors, services
from courses.factories import CoursePageFactory
from courses.models import Enrollment, LessonProgress
from members.factories import UserFactory
from payments.factories import OfferPaymentFactory

from .conftest import lessons_of

pytestmark = pytest.mark.django_db


def quiz_of(lesson):
    return next(b for b in lesson.body if b.block_type == "quiz")


def count_queries(client, url) -> int:
    cache.clear()
    client.get(url)  # warm the site-root cache so both sizes are measured alike
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_learner_enrolls_in_a_free_course_and_lands_on_the_first_lesson(client, course, learner):
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Enroll for free" in html
    response = client.post(reverse("courses:enroll", args=[course.pk]))
    assert response.url == lessons_of(course)[0].url
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1
    client.post(reverse("courses:enroll", args=[course.pk]))  # twice is still once
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1
    assert "Start the first lesson" in client.get(course.url).content.decode()


def test_visitors_are_asked_to_sign_in_to_enroll(client, course):
    response = client.post(reverse("courses:enroll", args=[course.pk]))
    assert response.url.startswith(reverse("account_login"))
    assert not Enrollment.objects.exists()


def test_progress_is_per_learner(client, course, learner):
    other = UserFactory(username="omar")
    first, second, *_ = lessons_of(course)
    services.lesson_complete(user=learner, lesson_id=first.pk)
    services.lesson_complete(user=other, lesson_id=second.pk)
    assert selectors.completed_lesson_ids(learner, course) == {first.pk}
    assert selectors.completed_lesson_ids(other, course) == {second.pk}
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "1 of 4 lessons complete" in html and 'aria-valuenow="1"' in html


def test_completing_a_lesson_moves_on_and_the_last_one_completes_the_course(client, course, learner):
    client.force_login(learner)
    lessons = lessons_of(course)
    response = client.post(reverse("courses:lesson_complete", args=[lessons[0].pk]))
    assert response.url == lessons[1].url
    for lesson in lessons[1:]:
        response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.url == course.url
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.completed_at is not None
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Completed" in html and "4 of 4 lessons complete" in html


def test_continue_resumes_at_the_next_unfinished_lesson(client, course, learner):
    lessons = lessons_of(course)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    services.lesson_complete(user=learner, lesson_id=lessons[0].pk)
    client.get(lessons[2].url)  # opening a lesson remembers it
    assert Enrollment.objects.get(user=learner).last_lesson_id == lessons[2].pk
    assert client.get(reverse("courses:resume", args=[course.pk])).url == lessons[2].url
    services.lesson_complete(user=learner, lesson_id=lessons[2].pk)
    assert client.get(reverse("courses:resume", args=[course.pk])).url == lessons[3].url


def test_a_quiz_answer_is_checked_on_the_server(client, course, learner):
    lesson = lessons_of(course)[0]
    quiz = quiz_of(lesson)
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    # The page carries the question and the choices, never which one is right.
    assert "Is Lesson 1.1 useful?" in html
    assert "is_correct" not in html and "is-right" not in html and "It is, with practice." not in html

    url = reverse("courses:quiz_answer", args=[lesson.pk, quiz.id])
    wrong = client.post(url, {"choice": 1}, HTTP_HX_REQUEST="true")
    assert wrong.status_code == 200 and "Not quite." in wrong.content.decode()
    assert "It is, with practice." not in wrong.content.decode()
    right = client.post(url, {"choice": 0}, HTTP_HX_REQUEST="true")
    assert "Correct!" in right.content.decode() and "It is, with practice." in right.content.decode()
    answers = LessonProgress.objects.get(user=learner, lesson=lesson).quiz_answers
    assert answers[quiz.id] == {"choice": 0, "correct": True, "attempts": 2}
    # Without JavaScript: a redirect back to the quiz, and the page remembers the result.
    assert client.post(url, {"choice": 0}).url == f"{lesson.url}#quiz-{quiz.id}"
    assert "Correct!" in client.get(lesson.url).content.decode()


def test_a_quiz_rejects_answers_that_are_not_choices(client, course, learner):
    lesson = lessons_of(course)[0]
    quiz = quiz_of(lesson)
    client.force_login(learner)
    response = client.post(reverse("courses:quiz_answer", args=[lesson.pk, quiz.id]), {"choice": 9},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Pick one of the answers." in response.content.decode()
    assert client.post(reverse("courses:quiz_answer", args=[lesson.pk, "no-such-quiz"]), {"choice": 0}).status_code \
        == 404


def test_an_unenrolled_learner_cannot_read_a_paid_lesson(client, paid_course, learner):
    lesson = lessons_of(paid_course)[0]
    client.force_login(learner)
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This lesson is part of a paid course" in html and "Buy for $49" in html
    assert "This is the lesson Lesson 1.1." not in html and "Is Lesson 1.1 useful?" not in html
    # Nor through the actions.
    assert client.post(reverse("courses:lesson_complete", args=[lesson.pk])).status_code == 302
    assert not LessonProgress.objects.filter(user=learner).exists()
    enroll = client.post(reverse("courses:enroll", args=[paid_course.pk]))
    assert enroll.url == reverse("payments:offer_buy", args=[paid_course.offer_id])
    assert not Enrollment.objects.filter(user=learner).exists()
    # The creator can read it.
    client.force_login(paid_course.owner)
    assert "This is the lesson Lesson 1.1." in client.get(lesson.url).content.decode()


def test_buying_a_course_opens_its_lessons(client, paid_course, learner):
    OfferPaymentFactory(checkout__buyer=learner, checkout__offer=paid_course.offer)
    lesson = lessons_of(paid_course)[0]
    client.force_login(learner)
    assert "Start learning" in client.get(paid_course.url).content.decode()
    assert client.get(lesson.url).status_code == 200
    client.post(reverse("courses:enroll", args=[paid_course.pk]))
    assert Enrollment.objects.filter(user=learner, course=paid_course).exists()


def test_a_free_preview_lesson_is_open_to_everyone(client, paid_course, creator):
    lesson = lessons_of(paid_course)[0]
    services.lesson_update(course=paid_course, lesson=lesson, actor=creator, data={"is_preview": True})
    services.course_publish(course=paid_course, actor=creator)
    response = client.get(lesson.url)
    assert response.status_code == 200 and "This is the lesson Lesson 1.1." in response.content.decode()
    assert client.get(lessons_of(paid_course)[1].url).status_code == 403


def test_anyone_can_read_a_free_lesson_and_is_invited_to_sign_in(client, course):
    html = client.get(lessons_of(course)[0].url).content.decode()
    assert "This is the lesson Lesson 1.1." in html and "Sign in to keep your progress." in html


def test_my_learning_is_for_members_and_invites_the_first_course(client, courses_index, learner):
    assert client.get(reverse("courses:my_learning")).status_code == 302
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "not taking a course yet" in html


def test_suggestions_follow_the_learners_goals(client, courses_index, creator, learner):
    from collective.models import Taxonomy

    ops = Taxonomy.objects.get(slug="operations")
    CoursePageFactory(owner=creator, title="Painting with light")
    CoursePageFactory(owner=creator, title="Automate invoices", category=ops)
    services.learner_profile_update(user=learner, goals="automate my invoices", interests=[ops])
    suggested = [c.title for c in selectors.courses_suggested_for(learner, profile=selectors.learner_profile_for(learner))]
    assert suggested[0] == "Automate invoices"
    client.force_login(learner)
    response = client.post(reverse("courses:preferences"), {"goals": "draw", "preferred_difficulty": "advanced",
                                                            "interests": [ops.pk]})
    assert response.url == reverse("courses:my_learning")


def test_the_catalogue_filters_and_needs_constant_queries(client, courses_index, creator):
    from collective.models import Taxonomy

    ops = Taxonomy.objects.get(slug="operations")
    CoursePageFactory(owner=creator, title="Automate invoices", category=ops, modules=1, lessons_per_module=1)
    CoursePageFactory(owner=creator, title="Deep agents", difficulty="advanced", pricing_type="one_time",
                      price_cents=1500, modules=1, lessons_per_module=1)
    small = count_queries(client, courses_index.url)
    html = client.get(courses_index.url + "?category=operations").content.decode()
    assert "Automate invoices" in html and "Deep agents" not in html
    html = client.get(courses_index.url + "?difficulty=advanced&price=paid").content.decode()
    assert "Deep agents" in html and "Automate invoices" not in html and "$15" in html
    html = client.get(courses_index.url + "?q=invoice").content.decode()
    assert "Automate invoices" in html and "Deep agents" not in html
    assert "recognised and were ignored" in client.get(courses_index.url + "?difficulty=expert").content.decode()
    for n in range(4):
        # Not "More n": "more" is an English stop word, which full-text search rightly ignores.
        CoursePageFactory(owner=UserFactory(), title=f"Ledger {n}", modules=1, lessons_per_module=1)
    assert count_queries(client, courses_index.url) == small
    partial = client.get(courses_index.url + "?q=ledger", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="course-results")
    assert "<html" not in partial.content.decode() and "Ledger 3" in partial.content.decode()


def test_course_and_lesson_pages_need_the_same_queries_for_small_and_big_courses(client, courses_index, creator,
                                                                                learner):
    small_course = CoursePageFactory(owner=creator, modules=1, lessons_per_module=2)
    big_course = CoursePageFactory(owner=creator, modules=3, lessons_per_module=4)
    client.force_login(learner)
    for course in (small_course, big_course):
        services.enrollment_create(user=learner, course=course)
        services.lesson_complete(user=learner, lesson_id=lessons_of(course)[0].pk)
    assert count_queries(client, small_course.url) == count_queries(client, big_course.url)
    assert count_queries(client, lessons_of(small_course)[1].url) == count_queries(client, lessons_of(big_course)[5].url)


def test_my_learning_needs_constant_queries(client, courses_index, creator, learner):
    for _ in range(2):
        course = CoursePageFactory(owner=creator, modules=1, lessons_per_module=1)
        services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    small = count_queries(client, reverse("courses:my_learning"))
    for _ in range(4):
        course = CoursePageFactory(owner=creator, modules=1, lessons_per_module=2)
        services.lesson_complete(user=learner, lesson_id=lessons_of(course)[0].pk)
    assert count_queries(client, reverse("courses:my_learning")) == small


def test_one_catalogue_lists_studio_courses_and_creators_course_offers_alike(client, courses_index, creator):
    from collective.factories import OfferFactory

    CoursePageFactory(owner=creator, title="Automate invoices", modules=1, lessons_per_module=1)
    hosted = OfferFactory(title="Grant writing with AI", offer_type="course", user=UserFactory(display_name="Ingrid"))
    OfferFactory(title="Paused workshop", offer_type="course", status="paused")
    OfferFactory(title="Not a course", offer_type="app")
    catalogue = client.get(courses_index.url).content.decode()
    discover = client.get("/discover/").content.decode()
    for html in (catalogue, discover):
        assert "Automate invoices" in html and hosted.title in html
        assert "Paused workshop" not in html
    assert "Not a course" not in catalogue
    assert hosted.get_absolute_url() in catalogue
    searched = client.get(courses_index.url + "?q=grant").content.decode()
    assert hosted.title in searched and "Automate invoices" not in searched
