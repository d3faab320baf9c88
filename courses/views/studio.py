"""The creator studio at /creator/courses/: the Course Publisher, the course editor and the lesson editor.

A creator sees only the courses they own (or that an agent they own, like Sage, owns): anyone else's
course doesn't exist here (404). Edits are saved as Wagtail drafts; "Publish" publishes the whole course
and creates or updates its offer. Every action is a plain form post that redirects back.
"""
from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from economy.choices import FEATURE_COSTS, CreditFeature

from .. import selectors, services
from ..choices import ProposalSource
from ..forms import (
    LESSON_BLOCK_FORMS,
    LESSON_BLOCK_LABELS,
    CourseDetailsForm,
    LessonDetailsForm,
    OutlineForm,
    PublisherForm,
    TitleForm,
)
from ..models import CourseProposal


def _course_or_404(request, pk: int):
    course = selectors.studio_course(request.user, pk)
    if course is None:
        raise Http404("No such course")
    return course


def _lesson_or_404(course, pk: int):
    lesson = selectors.studio_lesson(course, pk)
    if lesson is None:
        raise Http404("No such lesson")
    return lesson


def _module_or_404(course, pk: int):
    module = selectors.studio_module(course, pk)
    if module is None:
        raise Http404("No such module")
    return module


def _course_url(course, anchor: str = "") -> str:
    return reverse("courses:studio_course", args=[course.pk]) + (f"#{anchor}" if anchor else "")


def _lesson_url(course, lesson, anchor: str = "") -> str:
    return reverse("courses:studio_lesson", args=[course.pk, lesson.pk]) + (f"#{anchor}" if anchor else "")


def _uses_model() -> bool:
    from assistant.llm import get_provider

    return get_provider().uses_model


@login_required
def course_list(request):
    courses = list(selectors.studio_courses(request.user))
    return render(request, "courses/studio/course_list.html", {
        "courses": courses,
        "own": [c for c in courses if c.owner_id == request.user.pk],
        "agents": [c for c in courses if c.owner_id != request.user.pk],
    })


# --- The Course Publisher ----------------------------------------------------------------------------------------


@login_required
def publisher(request):
    form = PublisherForm(request.POST or None)
    outcome = form.submit(lambda data: services.course_proposal_create(user=request.user, **data))
    if outcome is not None:
        if outcome.notice:
            messages.info(request, outcome.notice)
        return redirect("courses:studio_proposal", pk=outcome.proposal.pk)
    return render(request, "courses/studio/publisher.html", {
        "form": form, "uses_model": _uses_model(), "cost": FEATURE_COSTS[CreditFeature.COURSE_BUILDER_ASSIST],
    })


@login_required
def proposal(request, pk: int):
    found = CourseProposal.objects.filter(pk=pk, user=request.user).first()
    if found is None:
        raise Http404("No such proposal")
    if found.course_id:
        messages.info(request, "This proposal is already a draft course: edit it here.")
        return redirect("courses:studio_course", pk=found.course_id)
    form = OutlineForm(request.POST or None, outline=found.outline, topic=found.topic)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create_from_proposal(proposal=found, user=request.user,
                                                          outline=form.edited_outline())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your draft course is ready. Edit the lessons, then publish when it feels right.")
            return redirect("courses:studio_course", pk=course.pk)
    return render(request, "courses/studio/proposal.html", {
        "proposal": found, "form": form, "from_model": found.source == ProposalSource.MODEL,
    })


# --- The course editor -----------------------------------------------------------------------------------------------


def _course_context(request, course, *, form=None, module_form=None) -> dict:
    draft = course.get_latest_revision_as_object()
    return {
        "course": course,
        "draft": draft,
        "form": form or CourseDetailsForm(course=draft),
        "module_form": module_form or TitleForm(),
        "outline": selectors.studio_outline(course),
        "problems": services.course_publish_problems(course),
        "offer": course.offer,
    }


@login_required
def course_edit(request, pk: int):
    course = _course_or_404(request, pk)
    form = None
    if request.method == "POST":
        form = CourseDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.course_update(course=course, actor=request.user, data=form.service_data())
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, "Saved as a draft. Publish to show the changes to learners.")
                return redirect(_course_url(course))
    return render(request, "courses/studio/course_edit.html", _course_context(request, course, form=form))


@login_required
def course_preview(request, pk: int):
    course = _course_or_404(request, pk)
    draft = course.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = draft.default_preview_mode
    return draft.serve_preview(request, draft.default_preview_mode)


@login_required
@require_POST
def course_publish(request, pk: int):
    course = _course_or_404(request, pk)
    try:
        published = services.course_publish(course=course, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_course_url(course))
    messages.success(request, f"“{published.title}” is live, and listed in Courses and on your profile.")
    return redirect(_course_url(course))


@login_required
@require_POST
def course_unpublish(request, pk: int):
    course = _course_or_404(request, pk)
    try:
        services.course_unpublish(course=course, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Unpublished. Learners can't open it, and its offer is paused.")
    return redirect(_course_url(course))


@login_required
@require_POST
def module_add(request, pk: int):
    course = _course_or_404(request, pk)
    form = TitleForm(request.POST)
    if form.is_valid():
        try:
            module = services.module_create(course=course, actor=request.user, title=form.cleaned_data["title"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Module added. Now add its first lesson.")
            return redirect(_course_url(course, f"module-{module.pk}"))
    else:
        messages.error(request, "Give the module a title.")
    return redirect(_course_url(course, "curriculum"))


@login_required
@require_POST
def module_rename(request, pk: int, module_pk: int):
    course = _course_or_404(request, pk)
    module = _module_or_404(course, module_pk)
    form = TitleForm(request.POST)
    if form.is_valid():
        try:
            services.module_update(course=course, module=module, actor=request.user, title=form.cleaned_data["title"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Module renamed.")
    else:
        messages.error(request, "Give the module a title.")
    return redirect(_course_url(course, f"module-{module.pk}"))


@login_required
@require_POST
def lesson_add(request, pk: int, module_pk: int):
    course = _course_or_404(request, pk)
    module = _module_or_404(course, module_pk)
    form = TitleForm(request.POST)
    if form.is_valid():
        try:
            lesson = services.lesson_create(course=course, module=module, actor=request.user,
                                            title=form.cleaned_data["title"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Lesson added with a starter outline. Make it yours.")
            return redirect(_lesson_url(course, lesson))
    else:
        messages.error(request, "Give the lesson a title.")
    return redirect(_course_url(course, f"module-{module.pk}"))


def _structure_page(course, page_pk: int):
    page = selectors.studio_lesson(course, page_pk) or selectors.studio_module(course, page_pk)
    if page is None:
        raise Http404("No such module or lesson")
    return page


@login_required
@require_POST
def page_move(request, pk: int, page_pk: int):
    course = _course_or_404(request, pk)
    page = _structure_page(course, page_pk)
    try:
        services.page_move(course=course, page=page, actor=request.user, direction=request.POST.get("direction", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    anchor = f"lesson-{page.pk}" if page.specific_class.__name__ == "LessonPage" else f"module-{page.pk}"
    return redirect(_course_url(course, anchor))


@login_required
@require_POST
def page_delete(request, pk: int, page_pk: int):
    course = _course_or_404(request, pk)
    page = _structure_page(course, page_pk)
    try:
        services.page_delete(course=course, page=page, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{page.draft_title}” removed.")
    return redirect(_course_url(course, "curriculum"))


# --- The lesson editor -----------------------------------------------------------------------------------------------


def _lesson_context(request, course, lesson, *, details_form=None, add_form=None, bound_forms=None,
                    open_id: str = "") -> dict:
    draft = lesson.get_latest_revision_as_object()
    bound_forms = bound_forms or {}
    rows = []
    for raw, child in zip(draft.body.raw_data, draft.body, strict=False):
        form_class = LESSON_BLOCK_FORMS.get(raw["type"])
        label, icon = LESSON_BLOCK_LABELS.get(raw["type"], (raw["type"].title(), "package"))
        form = bound_forms.get(raw["id"]) or (form_class(value=raw["value"], prefix=f"b-{raw['id']}")
                                              if form_class else None)
        rows.append({"id": raw["id"], "type": raw["type"], "label": label, "icon": icon, "form": form,
                     "child": child, "open": raw["id"] == open_id or bool(form is not None and form.has_errors())})
    return {
        "course": course,
        "lesson": lesson,
        "draft": draft,
        "details_form": details_form or LessonDetailsForm(lesson=draft),
        "blocks": rows,
        "add_form": add_form,
        "block_types": [{"type": key, "label": cls.type_label, "icon": cls.type_icon,
                         "description": cls.type_description} for key, cls in LESSON_BLOCK_FORMS.items()],
        "max_blocks": services.LESSON_MAX_BLOCKS,
    }


def _raw_blocks(lesson) -> list[dict]:
    return [dict(item) for item in lesson.get_latest_revision_as_object().body.raw_data]


def _block_index(blocks: list[dict], block_id: str) -> int:
    for index, block in enumerate(blocks):
        if block.get("id") == block_id:
            return index
    raise Http404("No such block")


@login_required
def lesson_edit(request, pk: int, lesson_pk: int):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    details_form = None
    if request.method == "POST":
        details_form = LessonDetailsForm(request.POST)
        if details_form.is_valid():
            try:
                services.lesson_update(course=course, lesson=lesson, actor=request.user, data=details_form.cleaned_data)
            except ApplicationError as error:
                details_form.add_application_error(error)
            else:
                messages.success(request, "Lesson details saved.")
                return redirect(_lesson_url(course, lesson))
    add_type = request.GET.get("add", "")
    add_form = LESSON_BLOCK_FORMS[add_type](prefix="new") if add_type in LESSON_BLOCK_FORMS else None
    return render(request, "courses/studio/lesson_edit.html",
                  _lesson_context(request, course, lesson, details_form=details_form, add_form=add_form))


@login_required
def lesson_preview(request, pk: int, lesson_pk: int):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    draft = lesson.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = draft.default_preview_mode
    return draft.serve_preview(request, draft.default_preview_mode)


def _set_blocks(request, course, lesson, blocks: list[dict], *, message: str, anchor: str = "", form=None):
    try:
        services.lesson_body_set(course=course, lesson=lesson, actor=request.user, blocks=blocks)
    except ApplicationError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect(_lesson_url(course, lesson, "blocks"))
        form.add_error(None, error.message)
        return None
    messages.success(request, message)
    return redirect(_lesson_url(course, lesson, f"block-{anchor}" if anchor else "blocks"))


@login_required
@require_POST
def block_add(request, pk: int, lesson_pk: int):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    form_class = LESSON_BLOCK_FORMS.get(request.POST.get("block_type", ""))
    if form_class is None:
        messages.error(request, "Choose a kind of block to add.")
        return redirect(_lesson_url(course, lesson, "add-block"))
    form = form_class(request.POST, prefix="new")
    if form.is_valid():
        block_id = str(uuid.uuid4())
        blocks = [*_raw_blocks(lesson), {"type": form_class.block_type, "value": form.raw_value, "id": block_id}]
        response = _set_blocks(request, course, lesson, blocks, message=f"{form_class.type_label} added.",
                               anchor=block_id, form=form)
        if response is not None:
            return response
    return render(request, "courses/studio/lesson_edit.html",
                  _lesson_context(request, course, lesson, add_form=form), status=400)


@login_required
@require_POST
def block_update(request, pk: int, lesson_pk: int, block_id: str):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    blocks = _raw_blocks(lesson)
    index = _block_index(blocks, block_id)
    form_class = LESSON_BLOCK_FORMS.get(blocks[index]["type"])
    if form_class is None:
        raise Http404("This block is edited in the admin")
    form = form_class(request.POST, value=blocks[index]["value"], prefix=f"b-{block_id}")
    if form.is_valid():
        blocks[index] = {**blocks[index], "value": form.raw_value}
        response = _set_blocks(request, course, lesson, blocks, message=f"{form_class.type_label} saved.",
                               anchor=block_id, form=form)
        if response is not None:
            return response
    return render(request, "courses/studio/lesson_edit.html",
                  _lesson_context(request, course, lesson, bound_forms={block_id: form}, open_id=block_id), status=400)


@login_required
@require_POST
def block_move(request, pk: int, lesson_pk: int, block_id: str):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    blocks = _raw_blocks(lesson)
    index = _block_index(blocks, block_id)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if not 0 <= target < len(blocks):
        return redirect(_lesson_url(course, lesson, f"block-{block_id}"))
    blocks[index], blocks[target] = blocks[target], blocks[index]
    return _set_blocks(request, course, lesson, blocks, message="Block moved.", anchor=block_id)


@login_required
@require_POST
def block_delete(request, pk: int, lesson_pk: int, block_id: str):
    course = _course_or_404(request, pk)
    lesson = _lesson_or_404(course, lesson_pk)
    blocks = _raw_blocks(lesson)
    index = _block_index(blocks, block_id)
    label, _ = LESSON_BLOCK_LABELS.get(blocks[index]["type"], ("Block", ""))
    del blocks[index]
    return _set_blocks(request, course, lesson, blocks, message=f"{label} removed.")
