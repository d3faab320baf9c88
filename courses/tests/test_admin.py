"""The Wagtail editor: curators manage every course; members of "Course creators" build their own courses,
submit them for moderation, and can never edit, publish or add to another creator's course."""
import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from collective.models import Offer
from courses import services
from courses.factories import CoursePageFactory
from courses.models import CoursePage, ModulePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def creators_group(courses_index):
    return services.course_creators_group_ensure(courses_index)


@pytest.fixture
def admin_creator(creator, creators_group):
    creator.groups.add(creators_group)
    return creator


@pytest.fixture
def admin_other(other_creator, creators_group):
    other_creator.groups.add(creators_group)
    return other_creator


def course_form(course: CoursePage | None = None, **changes) -> dict:
    data = {
        "title": course.title if course else "Admin-made course", "slug": course.slug if course else "admin-made",
        "summary": course.summary if course else "Made in the page editor.", "overview": "", "audience": "",
        "outcomes": streamfield([("outcome", "Do the thing")]), "difficulty": "beginner", "duration_minutes": 30,
        "category": "", "pricing_type": "free", "price_cents": 0, "cover_image": "",
    }
    data.update(changes)
    return nested_form_data(data)


def test_a_creator_builds_a_course_in_the_page_editor_and_owns_it(client, admin_creator, courses_index):
    client.force_login(admin_creator)
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", courses_index.pk])
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, course_form())
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="admin-made")
    assert course.owner == admin_creator and not course.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).status_code == 200


def test_a_creator_cannot_publish_in_the_editor_but_can_submit_for_moderation(client, admin_creator, courses_index):
    course = CoursePageFactory(owner=admin_creator, title="Mine", publish=False)
    client.force_login(admin_creator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    client.post(edit_url, {**course_form(course, title="Mine, published?"), "action-publish": "action-publish"})
    course.refresh_from_db()
    assert not course.live and not Offer.objects.exists()
    client.post(edit_url, {**course_form(course), "action-submit": "action-submit"})
    assert WorkflowState.objects.filter(object_id=str(course.pk), status="in_progress").exists()


def test_a_creator_cannot_edit_another_creators_course_in_the_editor(client, admin_creator, admin_other,
                                                                      courses_index):
    course = CoursePageFactory(owner=admin_creator, title="Cora's course")
    client.force_login(admin_other)
    edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    client.post(edit_url, {**course_form(course, title="Hijacked"), "action-publish": "action-publish"})
    course.refresh_from_db()
    assert course.title == "Cora's course" and not course.has_unpublished_changes
    assert Offer.objects.get().title == "Cora's course"
    # Nor unpublish or delete it.
    client.post(reverse("wagtailadmin_pages:unpublish", args=[course.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))
    assert CoursePage.objects.get(pk=course.pk).live


def test_a_creator_cannot_add_a_lesson_to_another_creators_course(client, admin_creator, admin_other,
                                                                   courses_index):
    course = CoursePageFactory(owner=admin_creator)
    module = ModulePage.objects.child_of(course).first()
    client.force_login(admin_other)
    for model, parent in (("lessonpage", module), ("modulepage", course)):
        url = reverse("wagtailadmin_pages:add", args=["courses", model, parent.pk])
        assert client.get(url).status_code in (302, 403)  # Wagtail turns the refusal into a redirect home
        assert client.post(url, {"title": "Sneaky", "slug": "sneaky"}).status_code in (302, 403)
    assert not Page.objects.filter(title="Sneaky").exists()
    # Their own course is fine.
    own = CoursePageFactory(owner=admin_other, publish=False)
    own_module = ModulePage.objects.child_of(own).first()
    assert client.get(reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", own_module.pk])).status_code \
        == 200


def test_a_curator_edits_and_publishes_any_course(client, staff_user, courses_index, creator):
    course = CoursePageFactory(owner=creator, title="Cora's course", publish=False)
    client.force_login(staff_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    html = client.get(edit_url).content.decode()
    for label in ("Course title", "Summary", "Who it", "Outcomes", "Difficulty", "Duration", "Tools", "Pricing"):
        assert label in html
    response = client.post(edit_url, {**course_form(course, title="Cora's course, reviewed"),
                                      "action-publish": "action-publish"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live and course.title == "Cora's course, reviewed"
    offer = Offer.objects.get()
    assert offer.user == creator and offer.title == "Cora's course, reviewed"


def test_the_editor_refuses_a_paid_course_without_a_price(client, staff_user, courses_index, creator):
    course = CoursePageFactory(owner=creator, publish=False)
    client.force_login(staff_user)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]),
                           {**course_form(course, pricing_type="one_time", price_cents=0),
                            "action-publish": "action-publish"})
    assert response.status_code == 200
    assert "Set a price for a paid course" in response.content.decode()
    assert not CoursePage.objects.get(pk=course.pk).live


def test_the_admin_menu_opens_the_courses(client, staff_user, courses_index):
    client.force_login(staff_user)
    response = client.get(reverse("courses_explorer"))
    assert response.url == reverse("wagtailadmin_explore", args=[courses_index.pk])
    assert "Learning paths" in client.get(reverse("wagtailadmin_home")).content.decode()
    for model in ("savedlearningpath", "enrollment"):
        assert client.get(reverse(f"wagtailsnippets_courses_{model}:list")).status_code == 200


def test_course_pages_only_live_under_the_catalogue(courses_index):
    assert CoursePage.parent_page_types == ["courses.CoursesIndexPage"]
    assert [m.__name__ for m in courses_index.specific_class.allowed_subpage_models()] == ["CoursePage"]
    assert "CoursesIndexPage" in [m.__name__ for m in courses_index.get_parent().specific_class.allowed_subpage_models()]
