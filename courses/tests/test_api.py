"""The Wagtail API v2 exposes published course pages; /api/v1/learning/ has enrollment and progress endpoints."""
import pytest

from courses.models import Enrollment, LessonProgress
from payments.factories import OfferPaymentFactory

from .conftest import lessons_of

pytestmark = pytest.mark.django_db

PAGES = "/api/cms/v2/pages/"


def test_published_courses_are_in_the_wagtail_api(client, course, courses_index, creator):
    from courses.factories import CoursePageFactory

    CoursePageFactory(owner=creator, title="Unpublished draft", publish=False)
    data = client.get(PAGES, {"type": "courses.CoursePage", "fields": "*"}).json()
    assert [item["title"] for item in data["items"]] == ["Prompt Basics"]
    item = data["items"][0]
    assert item["summary"] and item["difficulty"] == "beginner" and item["price_display"] == "Free"
    assert item["creator"]["username"] == "cora" and item["offer_id"] == course.offer_id
    assert item["outcomes"] == ["Do the thing"]


def test_the_api_never_sends_quiz_answers_and_hides_paid_lessons(client, course, paid_course, learner):
    free_lesson = lessons_of(course)[0]
    body = client.get(f"{PAGES}{free_lesson.pk}/").json()["body"]
    quiz = next(block for block in body if block["type"] == "quiz")
    assert quiz["value"] == {"question": "Is Lesson 1.1 useful?", "choices": ["Yes", "No", "Maybe"]}
    paid_lesson = lessons_of(paid_course)[0]
    assert client.get(f"{PAGES}{paid_lesson.pk}/").json()["body"] is None
    client.force_login(learner)
    assert client.get(f"{PAGES}{paid_lesson.pk}/").json()["body"] is None
    OfferPaymentFactory(checkout__buyer=learner, checkout__offer=paid_course.offer)
    assert client.get(f"{PAGES}{paid_lesson.pk}/").json()["body"] is not None


def test_enrolling_and_progress_through_the_api(client, course, learner):
    client.force_login(learner)
    response = client.post("/api/v1/learning/enrollments/", {"course": course.pk}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["lessons_total"] == 4 and response.json()["percent"] == 0
    again = client.post("/api/v1/learning/enrollments/", {"course": course.pk}, content_type="application/json")
    assert again.status_code == 200 and Enrollment.objects.count() == 1

    lesson = lessons_of(course)[0]
    quiz_id = next(b.id for b in lesson.body if b.block_type == "quiz")
    result = client.post(f"/api/v1/learning/lessons/{lesson.pk}/quiz/", {"block_id": quiz_id, "choice": 1},
                         content_type="application/json").json()
    assert result == {"correct": False, "explanation": "", "attempts": 1}
    result = client.post(f"/api/v1/learning/lessons/{lesson.pk}/quiz/", {"block_id": quiz_id, "choice": 0},
                         content_type="application/json").json()
    assert result["correct"] and result["explanation"] == "It is, with practice."
    done = client.post(f"/api/v1/learning/lessons/{lesson.pk}/complete/").json()
    assert done["next_lesson"] == lessons_of(course)[1].pk and not done["course_completed"]

    detail = client.get(f"/api/v1/learning/enrollments/{course.pk}/").json()
    assert detail["lessons_completed"] == 1 and detail["next_lesson"] == lessons_of(course)[1].pk
    assert detail["modules"][0]["lessons"][0]["completed"] is True
    listing = client.get("/api/v1/learning/enrollments/").json()
    assert listing["count"] == 1 and listing["results"][0]["percent"] == 25
    lesson_data = client.get(f"/api/v1/learning/lessons/{lesson.pk}/").json()
    assert lesson_data["completed"] and "is_correct" not in str(lesson_data["body"])


def test_a_paid_course_needs_buying_first(client, paid_course, learner):
    client.force_login(learner)
    response = client.post("/api/v1/learning/enrollments/", {"course": paid_course.pk},
                           content_type="application/json")
    assert response.status_code == 402 and response.json()["error"]["code"] == "payment_required"
    lesson = lessons_of(paid_course)[0]
    assert client.get(f"/api/v1/learning/lessons/{lesson.pk}/").status_code == 402
    assert client.post(f"/api/v1/learning/lessons/{lesson.pk}/complete/").status_code == 402
    assert not LessonProgress.objects.exists()


def test_bad_input_gets_clear_errors(client, course, learner):
    assert client.get("/api/v1/learning/enrollments/").status_code in (401, 403)
    client.force_login(learner)
    response = client.post("/api/v1/learning/enrollments/", {}, content_type="application/json")
    assert response.status_code == 400 and "course" in response.json()["error"]["fields"]
    assert client.post("/api/v1/learning/enrollments/", {"course": 999999},
                       content_type="application/json").status_code == 404
    lesson = lessons_of(course)[0]
    bad = client.post(f"/api/v1/learning/lessons/{lesson.pk}/quiz/", {"block_id": "nope", "choice": 0},
                      content_type="application/json")
    assert bad.status_code == 404
    assert client.get(f"/api/v1/learning/enrollments/{course.pk}/").status_code == 404  # not enrolled


def test_the_enrollment_list_needs_constant_queries(client, courses_index, creator, learner,
                                                   django_assert_max_num_queries):
    from courses import services
    from courses.factories import CoursePageFactory

    for _ in range(2):
        services.enrollment_create(user=learner, course=CoursePageFactory(owner=creator, modules=1))
    client.force_login(learner)
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/learning/enrollments/")
    for _ in range(3):
        services.enrollment_create(user=learner, course=CoursePageFactory(owner=creator, modules=1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/learning/enrollments/").json()["count"] == 5
