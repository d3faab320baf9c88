"""Fixtures for the courses app: a small page tree (home → discover → courses), creators and learners."""
import pytest

from collective.services import offer_categories_seed
from courses.factories import CoursePageFactory
from courses.services import courses_index_ensure
from home.services import editorial_pages_seed
from members.factories import UserFactory


@pytest.fixture
def courses_index(db):
    editorial_pages_seed()
    offer_categories_seed()
    return courses_index_ensure()


@pytest.fixture
def creator(db):
    return UserFactory(username="cora", display_name="Cora Creator")


@pytest.fixture
def other_creator(db):
    return UserFactory(username="otto", display_name="Otto Other")


@pytest.fixture
def learner(db):
    return UserFactory(username="lena", display_name="Lena Learner")


@pytest.fixture
def course(courses_index, creator):
    """A published free course: 2 modules × 2 lessons, each lesson with a quiz whose first choice is right."""
    return CoursePageFactory(owner=creator, title="Prompt Basics")


@pytest.fixture
def paid_course(courses_index, creator):
    return CoursePageFactory(owner=creator, title="Agents in Depth", pricing_type="one_time", price_cents=4900)


def lessons_of(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.descendant_of(course).order_by("path"))
