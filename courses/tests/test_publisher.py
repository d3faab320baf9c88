"""The Course Publisher: topic, audience and goals in → a proposed curriculum the creator edits → a draft course."""
import json

import pytest
from django.urls import reverse

from courses import curriculum, services
from courses.choices import ProposalSource
from courses.models import CoursePage, CourseProposal, LessonPage, ModulePage
from economy.models import CreditTransaction

pytestmark = pytest.mark.django_db


class FakeModel:
    """Stands in for assistant.llm's OpenAI-compatible provider."""

    uses_model = True

    def __init__(self, answer: str):
        self.answer = answer
        self.calls = 0

    def complete(self, messages, **kwargs):
        self.calls += 1
        return self.answer


MODEL_ANSWER = json.dumps({
    "title": "Support replies with AI", "summary": "Draft and check replies.", "difficulty": "beginner",
    "outcomes": ["Draft replies"], "modules": [{"title": "Drafting", "summary": "", "lessons": [{
        "title": "Your first draft", "summary": "Draft a reply.", "duration_minutes": 12, "intro": "Hello.",
        "exercise": {"title": "Try", "instructions": "Draft one.", "hint": ""},
        "quiz": {"question": "First step?", "choices": ["Context", "Guess"], "correct": 0, "explanation": "Yes."},
        "takeaways": ["Context first."]}]}],
})


def test_the_built_in_outline_follows_the_creators_goals():
    outline = curriculum.scripted_outline(topic="prompt writing", audience="support leads",
                                          goals="Draft replies in our brand voice\nCheck answers before sending")
    titles = [lesson["title"] for module in outline["modules"] for lesson in module["lessons"]]
    assert "How to draft replies in our brand voice" in titles
    assert "How to check answers before sending" in titles
    assert outline["title"] == "Prompt writing for support leads"
    assert outline["modules"][1]["title"] == "Put prompt writing to work"
    assert curriculum.inline_topic("Zapier basics", {"zapier"}) == "Zapier basics"
    assert curriculum.inline_topic("AI for founders") == "AI for founders"
    for module in outline["modules"]:
        for lesson in module["lessons"]:
            kinds = [block["type"] for block in curriculum.lesson_blocks(lesson)]
            assert kinds == ["text", "exercise", "quiz", "summary"]


def test_without_a_model_the_proposal_is_free(creator):
    outcome = services.course_proposal_create(user=creator, topic="prompt writing", goals="Write better prompts")
    assert outcome.proposal.source == ProposalSource.SCRIPTED
    assert outcome.proposal.credits_spent == 0
    assert not CreditTransaction.objects.filter(user=creator).exists()


def test_a_model_proposal_costs_ten_credits_once(creator):
    creator.credit_balance = 25
    creator.save(update_fields=["credit_balance"])
    model = FakeModel(MODEL_ANSWER)
    outcome = services.course_proposal_create(user=creator, topic="support replies", provider=model)
    assert model.calls == 1
    assert outcome.proposal.source == ProposalSource.MODEL
    assert outcome.proposal.outline["title"] == "Support replies with AI"
    creator.refresh_from_db()
    assert creator.credit_balance == 15
    charge = CreditTransaction.objects.get(user=creator)
    assert (charge.amount, charge.metadata["feature"]) == (-10, "course_builder_assist")


def test_without_enough_credits_the_creator_gets_the_free_outline(creator):
    model = FakeModel(MODEL_ANSWER)
    outcome = services.course_proposal_create(user=creator, topic="support replies", provider=model)
    assert model.calls == 0
    assert outcome.proposal.source == ProposalSource.SCRIPTED
    assert "costs 10 credits and you have 0" in outcome.notice
    assert not CreditTransaction.objects.filter(user=creator).exists()


def test_an_unusable_model_answer_falls_back_for_free(creator):
    creator.credit_balance = 25
    creator.save(update_fields=["credit_balance"])
    outcome = services.course_proposal_create(user=creator, topic="support replies",
                                              provider=FakeModel('{"title": "No modules"}'))
    assert outcome.proposal.source == ProposalSource.SCRIPTED
    creator.refresh_from_db()
    assert creator.credit_balance == 25


def test_a_quiz_from_the_model_must_have_a_valid_right_answer():
    bad = json.loads(MODEL_ANSWER)
    bad["modules"][0]["lessons"][0]["quiz"]["correct"] = 7
    outline = curriculum.outline_clean(bad, topic="x")
    quiz = outline["modules"][0]["lessons"][0]["quiz"]
    assert quiz["question"] != "First step?"  # replaced by the built-in question
    assert 0 <= quiz["correct"] < len(quiz["choices"])


def test_the_publisher_flow_turns_an_edited_outline_into_a_draft_course(client, creator, courses_index):
    client.force_login(creator)
    assert client.get(reverse("courses:studio_new")).status_code == 200
    response = client.post(reverse("courses:studio_new"), {
        "topic": "Prompt writing", "audience": "support leads", "goals": "Draft replies\nCheck answers",
        "difficulty": "beginner",
    })
    proposal = CourseProposal.objects.get(user=creator)
    assert response.url == reverse("courses:studio_proposal", args=[proposal.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update(form.initial)
    data.update({"title": "Replies that help", "module_0": "The basics", "module_0_lesson_0": "What prompts are",
                 "module_0_lesson_1": "", "module_1_lesson_2": "A brand new lesson",
                 "module_3": "Bonus module", "module_3_lesson_0": "Bonus lesson"})
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse("courses:studio_proposal", args=[proposal.pk]), data)
    assert response.status_code == 302, (response.context["form"].errors, response.content.decode()[:3000])
    course = CoursePage.objects.get()
    assert response.url == reverse("courses:studio_course", args=[course.pk])
    assert not course.live and course.owner == creator and course.title == "Replies that help"
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    assert [m.title for m in modules] == ["The basics", "Put prompt writing to work", "Make it yours", "Bonus module"]
    first = [lesson.title for lesson in LessonPage.objects.child_of(modules[0])]
    assert first == ["What prompts are"]  # the cleared lesson is gone
    second = [lesson.title for lesson in LessonPage.objects.child_of(modules[1]).order_by("path")]
    assert second == ["How to draft replies", "How to check answers", "A brand new lesson"]
    new_lesson = LessonPage.objects.get(title="A brand new lesson")
    assert [b.block_type for b in new_lesson.body] == ["text", "exercise", "quiz", "summary"]
    assert {page.owner_id for page in LessonPage.objects.descendant_of(course)} == {creator.pk}
    # The proposal is spent: opening it again leads to the draft.
    again = client.get(reverse("courses:studio_proposal", args=[proposal.pk]))
    assert again.url == reverse("courses:studio_course", args=[course.pk])


def test_an_empty_outline_is_refused_with_a_message(client, creator, courses_index):
    client.force_login(creator)
    proposal = services.course_proposal_create(user=creator, topic="Prompt writing").proposal
    response = client.post(reverse("courses:studio_proposal", args=[proposal.pk]),
                           {"title": "Nothing", "summary": "Nothing at all"})
    assert response.status_code == 200
    assert "Keep at least one module with one lesson." in response.content.decode()
    assert not CoursePage.objects.exists()


def test_a_topic_is_required(client, creator):
    client.force_login(creator)
    response = client.post(reverse("courses:studio_new"), {"topic": "", "difficulty": "beginner"})
    assert response.status_code == 200
    assert response.context["form"].errors["topic"]


def test_someone_elses_proposal_does_not_exist(client, creator, other_creator):
    proposal = services.course_proposal_create(user=creator, topic="Prompt writing").proposal
    client.force_login(other_creator)
    assert client.get(reverse("courses:studio_proposal", args=[proposal.pk])).status_code == 404
