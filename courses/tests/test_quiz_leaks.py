"""Which quiz choice is right, and its explanation, never reach the learner before they answer: not in the
lesson page, not in a wrong answer's feedback, not in either API. Checked differentially: the parsed output
must be identical when the right answer moves to another choice and the explanation is rewritten."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from courses.models import LessonPage, LessonProgress
from tests.leaks import carriers, dom, html_strings, json_leaves

from .conftest import lessons_of

pytestmark = pytest.mark.django_db

PAGES = "/api/cms/v2/pages/"
EXPLANATION = "It is, with practice."


def rewrite_quiz(lesson, *, correct: int | None = None, explanation: str | None = None, question: str | None = None):
    lesson = LessonPage.objects.get(pk=lesson.pk)
    raw = [dict(block) for block in lesson.body.raw_data]
    quiz = next(block for block in raw if block["type"] == "quiz")
    value = dict(quiz["value"])
    if correct is not None:
        value["choices"] = [{**choice, "is_correct": n == correct} for n, choice in enumerate(value["choices"])]
    if explanation is not None:
        value["explanation"] = explanation
    if question is not None:
        value["question"] = question
    quiz["value"] = value
    lesson.body = raw
    lesson.save()
    cache.clear()
    return quiz["id"]


def views(client, lesson, quiz_id, wrong_choice: int):
    """What a learner receives before they get it right: the page, a wrong answer's fragment, both APIs.
    Each round starts from the same state: no answer recorded, no toast waiting."""
    LessonProgress.objects.filter(lesson=lesson).delete()
    client.get(lesson.url)
    page = client.get(lesson.url)
    assert page.status_code == 200
    wrong = client.post(reverse("courses:quiz_answer", args=[lesson.pk, quiz_id]), {"choice": wrong_choice},
                        headers={"HX-Request": "true"})
    assert "Not quite." in wrong.content.decode()
    wagtail_api = client.get(f"{PAGES}{lesson.pk}/").json()
    learning_api = client.get(f"/api/v1/learning/lessons/{lesson.pk}/").json()
    for volatile in ("completed", "quiz_answers", "progress"):
        learning_api.pop(volatile, None)
    return {"page": dom(page), "wrong answer": dom(wrong), "wagtail api": wagtail_api["body"],
            "learning api": learning_api}


@pytest.fixture
def lesson(client, course, learner):
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    return lessons_of(course)[0]


def test_nothing_a_learner_receives_depends_on_which_choice_is_right(client, lesson, learner):
    quiz_id = rewrite_quiz(lesson, correct=0, explanation=EXPLANATION)
    before = views(client, lesson, quiz_id, wrong_choice=1)
    rewrite_quiz(lesson, correct=2, explanation="Maybe is right now: a different explanation.")
    after = views(client, lesson, quiz_id, wrong_choice=1)
    for name in before:
        assert after[name] == before[name], f"the {name} tells which choice is right"


def test_the_comparison_sees_the_quiz(client, lesson, learner):
    # Positive control: the same comparison notices a changed question, and the explanation once answered.
    quiz_id = rewrite_quiz(lesson, correct=0, explanation=EXPLANATION)
    before = views(client, lesson, quiz_id, wrong_choice=1)
    rewrite_quiz(lesson, question="Is Lesson 1.1 worth it?")
    after = views(client, lesson, quiz_id, wrong_choice=1)
    assert all(after[name] != before[name] for name in before)
    right = client.post(reverse("courses:quiz_answer", args=[lesson.pk, quiz_id]), {"choice": 0},
                        headers={"HX-Request": "true"})
    assert carriers(html_strings(right), EXPLANATION)


def test_the_explanation_is_nowhere_before_the_right_answer(client, lesson, learner):
    quiz_id = rewrite_quiz(lesson, correct=0, explanation=EXPLANATION)
    got = views(client, lesson, quiz_id, wrong_choice=2)
    assert not carriers(html_strings(client.get(lesson.url)), EXPLANATION, "is_correct", "is-right")
    for name in ("wagtail api", "learning api"):
        assert not carriers(json_leaves(got[name]), EXPLANATION, "is_correct", "correct"), name
