"""What the course pages (Wagtail models in courses/models.py) hand off to: their context, the learning-path
sub-routes, a lesson's state and its API body. Registered with core.pages; imported by CoursesConfig.ready()."""
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from core.pages import page_hand_off

from .. import selectors
from ..forms import CourseFilterForm
from ..models import COURSES_PER_PAGE, PATHS_PER_PAGE, CoursePage, CoursesIndexPage, LessonPage
from ..services import lesson_visit


@page_hand_off(CoursesIndexPage)
def catalogue_context(page: CoursesIndexPage, request) -> dict:
    form = CourseFilterForm(request.GET or None)
    filters = form.cleaned_filters()
    # One catalogue for every list of courses: the public course offers (selectors.courses_catalogue).
    courses = selectors.courses_catalogue(viewer=request.user, **filters)
    page_obj = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "courses": selectors.catalogue_cards(page_obj.object_list, request),
        "is_filtered": any(filters[name] for name in ("q", "category", "difficulty", "price")),
        "paths": list(selectors.learning_paths_public(request.user)[:3]) if not request.GET else [],
    }


@page_hand_off(CoursesIndexPage, "learning_paths")
def learning_paths(page: CoursesIndexPage, request):
    page_obj = Paginator(selectors.learning_paths_public(request.user), PATHS_PER_PAGE).get_page(
        request.GET.get("page"))
    return TemplateResponse(request, "courses/learning_path_list.html", {
        "page": page, "self": page, "page_obj": page_obj, "paths": page_obj.object_list,
    })


@page_hand_off(CoursesIndexPage, "learning_path")
def learning_path(page: CoursesIndexPage, request, *, username: str, slug: str):
    found = selectors.learning_path_for_viewer(username=username, slug=slug, viewer=request.user)
    if found is None:
        raise Http404("No such learning path")
    return TemplateResponse(request, "courses/learning_path.html", {
        "page": page, "self": page, "path": found,
        "entries": selectors.learning_path_entries(found, request=request, viewer=request.user),
        "is_owner": request.user.is_authenticated and request.user.pk == found.user_id,
    })


@page_hand_off(CoursePage)
def course_context(course: CoursePage, request) -> dict:
    return selectors.course_page_context(course, request=request)


@page_hand_off(LessonPage, "state")
def lesson_state(lesson: LessonPage, request) -> selectors.LessonState:
    """The lesson as this viewer sees it (404 outside a visible course); a reader's visit is remembered."""
    state = selectors.lesson_page_state(lesson, request=request)
    if state.course is None:
        raise Http404("This lesson is not part of a course")
    if state.readable and not getattr(request, "is_preview", False) and state.enrollment is not None:
        lesson_visit(enrollment=state.enrollment, lesson=lesson)
    return state


@page_hand_off(LessonPage)
def lesson_context(lesson: LessonPage, request) -> dict:
    state = getattr(request, "lesson_state", None) or selectors.lesson_page_state(lesson, request=request)
    return {
        "lesson": state,
        "course": state.course,
        # Quizzes need their block id and the learner's last answer; other blocks render themselves.
        "body_rows": [{"block": block, "result": state.quiz_result(block.id)} for block in lesson.body]
        if state.readable else [],
        "my_paths": list(request.user.learning_paths.order_by("title")) if request.user.is_authenticated else [],
    }


@page_hand_off(LessonPage, "api_body")
def lesson_api_body(lesson: LessonPage, request, *, context: dict):
    """The lesson body for the Wagtail API, only for readers allowed to read it (else None)."""
    user = getattr(request, "user", None)
    course = lesson.get_course()
    if course is None or not selectors.lesson_readable(user=user, lesson=lesson, course=course):
        return None
    return lesson.body.stream_block.get_api_representation(lesson.body, context=context)
