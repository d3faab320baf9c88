"""Admin wiring for courses: a menu entry to the catalogue's pages, guards so members of the "Course creators"
group never add to or move into someone else's course, and learning paths and enrollments for curators.

Curators (superusers, Moderators/Editors) edit and publish every course. Course creators have Wagtail's
*add* permission under the catalogue (services.course_creators_group_ensure): they edit only pages they own
and submit them for moderation; the hooks below close the gaps that permission leaves (adding a lesson to
another creator's course, moving a page into it).
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CoursePage, CoursesIndexPage, Enrollment, SavedLearningPath
from .selectors import is_course_creator


def courses_explorer(request):
    index_page = CoursesIndexPage.objects.first()
    if index_page is None:
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", index_page.pk)


@hooks.register("register_admin_urls")
def register_courses_urls():
    return [path("courses/", courses_explorer, name="courses_explorer")]


@hooks.register("register_admin_menu_item")
def register_courses_menu_item():
    return MenuItem("Courses", reverse("courses_explorer"), icon_name="doc-full-inverse", order=215)


def _course_containing(page: Page) -> CoursePage | None:
    """The course a page is (or is inside), or None outside any course."""
    if page.specific_class is CoursePage:
        return CoursePage.objects.get(pk=page.pk)
    return CoursePage.objects.ancestor_of(page).first()


def _may_build_inside(user, page: Page) -> bool:
    course = _course_containing(page)
    if course is None or user.is_superuser:
        return True
    # Editors with "change" on the course (curators' groups) may; creators only inside their own courses.
    return page.permissions_for_user(user).can_publish() or is_course_creator(user, course)


@hooks.register("before_create_page")
def only_add_to_own_courses(request, parent_page, page_class):
    if not _may_build_inside(request.user, parent_page):
        raise PermissionDenied("You can only add modules and lessons to your own courses.")


@hooks.register("before_move_page")
def only_move_into_own_courses(request, page, destination):
    if not _may_build_inside(request.user, destination):
        raise PermissionDenied("You can only move pages into your own courses.")


class LearningPathViewSet(SnippetViewSet):
    model = SavedLearningPath
    icon = "list-ol"
    menu_label = "Learning paths"
    list_display = ["title", "user", "is_public", "updated_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "user__username"]

    def get_queryset(self, request):
        return SavedLearningPath.objects.select_related("user")


class EnrollmentViewSet(SnippetViewSet):
    model = Enrollment
    icon = "user"
    menu_label = "Enrollments"
    list_display = ["user", "course", "enrolled_at", "last_activity_at", "completed_at"]
    search_fields = ["user__username", "course__title"]
    list_per_page = 100
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Enrollment.objects.select_related("user", "course")


class LearningGroup(SnippetViewSetGroup):
    menu_label = "Learning"
    menu_icon = "doc-full"
    menu_order = 216
    items = (LearningPathViewSet, EnrollmentViewSet)


register_snippet(LearningGroup)
