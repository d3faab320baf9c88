"""The learner's side: /my/learning/ (courses in progress, suggestions, saved paths, preferences) and the
actions on course and lesson pages (enroll, complete a lesson, answer a quiz, save to a path).

Every action is a plain POST that redirects back (works without JavaScript); quiz answers also come back
as an htmx fragment.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound

from .. import selectors, services
from ..forms import LearnerProfileForm, LearningPathForm, QuizAnswerForm, SaveToPathForm
from ..models import LearningPathItem, LessonPage, SavedLearningPath

PER_PAGE = 12


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@login_required
def my_learning(request):
    enrollments = Paginator(selectors.learning_enrollments(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"enrollment": e, "course": e.course, "card": e.course.card(request),
             "percent": selectors.enrollment_percent(e), "done": min(e.completed_count, e.lesson_count),
             "total": e.lesson_count, "finished": e.lesson_count and e.completed_count >= e.lesson_count}
            for e in enrollments.object_list]
    profile = selectors.learner_profile_for(request.user)
    return render(request, "courses/my_learning.html", {
        "page_obj": enrollments,
        "rows": rows,
        "in_progress": sum(1 for row in rows if not row["finished"]),
        "profile": profile,
        "suggested": selectors.course_cards(selectors.courses_suggested_for(request.user, profile=profile), request),
        "paths": list(selectors.learning_paths_of(request.user)[:10]),
        "path_form": LearningPathForm(),
        "index_url": _catalogue_url(request),
    })


def _catalogue_url(request) -> str:
    from ..models import CoursesIndexPage

    index_page = CoursesIndexPage.objects.live().first()
    return index_page.get_url(request) if index_page else "/discover/"


@login_required
def preferences(request):
    profile = selectors.learner_profile_for(request.user)
    form = LearnerProfileForm(request.POST or None, profile=profile)
    if form.submit(lambda data: services.learner_profile_update(user=request.user, **data)) is not None:
        messages.success(request, "Saved. Your suggestions now follow your goals.")
        return redirect("courses:my_learning")
    return render(request, "courses/preferences.html", {"form": form})


@login_required
def resume(request, pk: int):
    """"Continue": the next unfinished lesson of an enrolled course (or the course page when all are done)."""
    course = selectors.courses_visible_to(request.user).filter(pk=pk).first()
    if course is None:
        raise Http404("No such course")
    lesson = selectors.resume_target(request.user, course)
    return redirect(lesson.get_url(request) if lesson else course.get_url(request))


@require_POST
def enroll(request, pk: int):
    course = selectors.courses_visible_to(request.user).select_related("offer").filter(pk=pk).first()
    if course is None:
        raise Http404("No such course")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={course.get_url(request)}")
    try:
        services.enrollment_create(user=request.user, course=course)
    except ApplicationError as error:
        if error.code == "payment_required" and course.offer_id:
            messages.info(request, error.message)
            return redirect("payments:offer_buy", pk=course.offer_id)
        messages.error(request, error.message)
        return redirect(course.get_url(request))
    lesson = selectors.resume_target(request.user, course)
    messages.success(request, f"You're in! Welcome to “{course.title}”.")
    return redirect(lesson.get_url(request) if lesson else course.get_url(request))


@require_POST
def lesson_complete(request, pk: int):
    lesson = LessonPage.objects.live().filter(pk=pk).first()
    if lesson is None:
        raise Http404("No such lesson")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={lesson.get_url(request)}")
    try:
        done = services.lesson_complete(user=request.user, lesson_id=pk)
    except NotFound:
        raise  # not a form error: the 404 page (core.middleware)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(lesson.get_url(request))
    if done.course_completed:
        messages.success(request, "Course complete. Well done! 🎉")
        return redirect(lesson.get_course().get_url(request))
    messages.success(request, "Lesson complete.")
    return redirect(done.next_lesson.get_url(request) if done.next_lesson else lesson.get_url(request))


@require_POST
def quiz_answer(request, pk: int, block_id: str):
    lesson = LessonPage.objects.live().filter(pk=pk).first()
    if lesson is None:
        raise Http404("No such lesson")
    back = f"{lesson.get_url(request)}#quiz-{block_id}"
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={lesson.get_url(request)}")
    form = QuizAnswerForm(request.POST)
    result, error_message = None, ""
    if not form.is_valid():
        error_message = "Pick one of the answers."
    else:
        try:
            result = services.quiz_answer(user=request.user, lesson_id=pk, block_id=block_id,
                                          choice=form.cleaned_data["choice"])
        except NotFound:
            raise  # not a form error: the 404 page (core.middleware)
        except ApplicationError as error:
            error_message = error.message
    if request.htmx:
        quiz = next(block for block in lesson.body if block.id == block_id)
        stored = {"choice": result.choice, "correct": result.correct, "attempts": result.attempts} if result else None
        return TemplateResponse(request, "courses/blocks/quiz_block.html", {
            "value": quiz.value, "block_id": block_id, "lesson_page": lesson, "result": stored,
            "explanation": result.explanation if result else "", "error": error_message, "answerable": True,
        }, status=200 if result else 400)
    if error_message:
        messages.error(request, error_message)
    elif result.correct:
        messages.success(request, "Correct!")
    else:
        messages.info(request, "Not quite. Have another look and try again.")
    return redirect(back)


# --- Saved learning paths ----------------------------------------------------------------------------------


def _own_path(request, pk: int) -> SavedLearningPath:
    found = SavedLearningPath.objects.filter(pk=pk).first()
    if found is None or not (found.user_id == request.user.pk or selectors.AgentProfile.objects.filter(
            user_id=found.user_id, owner_id=request.user.pk).exists()):
        raise Http404("No such learning path")
    return found


@login_required
@require_POST
def path_create(request):
    form = LearningPathForm(request.POST)
    if form.is_valid():
        try:
            created = services.learning_path_create(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{created.title}” created. Save courses and lessons to it from their pages.")
    else:
        messages.error(request, "Give your path a name.")
    return redirect(reverse("courses:my_learning") + "#paths")


@login_required
def path_edit(request, pk: int):
    learning_path = _own_path(request, pk)
    form = LearningPathForm(request.POST or None, initial={
        "title": learning_path.title, "description": learning_path.description, "is_public": learning_path.is_public})
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_path_update(learning_path=learning_path, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Path saved.")
            return redirect("courses:path_edit", pk=learning_path.pk)
    return render(request, "courses/path_edit.html", {
        "form": form, "path": learning_path,
        "entries": selectors.learning_path_entries(learning_path, request=request, viewer=request.user),
        "public_url": learning_path.get_absolute_url(),
    })


@login_required
@require_POST
def path_delete(request, pk: int):
    learning_path = _own_path(request, pk)
    services.learning_path_delete(learning_path=learning_path, actor=request.user)
    messages.success(request, "Path deleted.")
    return redirect(reverse("courses:my_learning") + "#paths")


@login_required
@require_POST
def path_save(request):
    """Save a course or lesson to a path (an existing one, or a new one created on the way)."""
    form = SaveToPathForm(request.POST)
    back = _safe_next(request, reverse("courses:my_learning"))
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or "Choose a path.")
        return redirect(back)
    data = form.cleaned_data
    course = selectors.courses_visible_to(request.user).filter(pk=data["course"]).first() if data.get("course") else None
    lesson = LessonPage.objects.live().filter(pk=data["lesson"]).first() if data.get("lesson") else None
    if course is None and lesson is None:
        raise Http404("No such course or lesson")
    try:
        if data.get("path"):
            learning_path = _own_path(request, data["path"])
        else:
            learning_path = services.learning_path_create(user=request.user, title=data["new_title"])
        services.learning_path_add(learning_path=learning_path, actor=request.user, course=course, lesson=lesson)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Saved to “{learning_path.title}”.")
    return redirect(back)


def _own_item(request, pk: int, item_pk: int) -> LearningPathItem:
    learning_path = _own_path(request, pk)
    item = learning_path.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404("No such step")
    return item


@login_required
@require_POST
def path_item_move(request, pk: int, item_pk: int):
    item = _own_item(request, pk, item_pk)
    services.learning_path_item_move(item=item, actor=request.user, direction=request.POST.get("direction", ""))
    return redirect(reverse("courses:path_edit", args=[pk]) + f"#step-{item_pk}")


@login_required
@require_POST
def path_item_remove(request, pk: int, item_pk: int):
    item = _own_item(request, pk, item_pk)
    services.learning_path_item_remove(item=item, actor=request.user)
    messages.success(request, "Step removed.")
    return redirect("courses:path_edit", pk=pk)
