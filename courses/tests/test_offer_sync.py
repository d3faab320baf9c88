"""Publishing a course creates or updates exactly one offer owned by its creator; unpublishing pauses it."""
import pytest
from wagtail.models import Page

from collective.choices import OfferStatus, OfferType, PricingType, TaxonomyType
from collective.models import Offer, Taxonomy
from courses import services
from courses.factories import CoursePageFactory
from courses.models import CoursePage

pytestmark = pytest.mark.django_db


def test_publishing_creates_exactly_one_course_offer(courses_index, creator):
    category = Taxonomy.objects.get(slug="learning-education")
    claude = Taxonomy.objects.create(name="Claude", taxonomy_type=TaxonomyType.TOOL)
    course = CoursePageFactory(owner=creator, title="Prompt Basics", category=category, tools=[claude])
    offer = Offer.objects.get()
    assert course.offer_id == offer.pk
    assert (offer.user, offer.offer_type, offer.status, offer.title) == (creator, OfferType.COURSE,
                                                                         OfferStatus.ACTIVE, "Prompt Basics")
    assert offer.category == category and list(offer.tools.all()) == [claude]
    assert offer.pricing_type == PricingType.FREE and offer.price_display == "Free"
    cta = next(b for b in offer.content.raw_data if b["id"] == services.COURSE_CTA_ID)
    assert cta["value"]["url"].endswith("/discover/courses/prompt-basics/")


def test_republishing_updates_the_same_offer(courses_index, creator):
    course = CoursePageFactory(owner=creator, title="Prompt Basics")
    offer_id = course.offer_id
    services.course_update(course=course, actor=creator,
                           data={"title": "Prompt Basics II", "pricing_type": "one_time", "price_cents": 2900})
    services.course_publish(course=course, actor=creator)
    services.course_publish(course=CoursePage.objects.get(pk=course.pk), actor=creator)  # nothing new: no-op
    assert Offer.objects.count() == 1
    offer = Offer.objects.get()
    assert offer.pk == offer_id and offer.title == "Prompt Basics II"
    assert (offer.pricing_type, offer.price_cents, offer.is_paid) == (PricingType.ONE_TIME, 2900, True)
    assert [b["id"] for b in offer.content.raw_data].count(services.COURSE_CTA_ID) == 1


def test_unpublishing_pauses_the_offer_and_republishing_reactivates_it(courses_index, creator):
    course = CoursePageFactory(owner=creator)
    services.course_unpublish(course=course, actor=creator)
    assert Offer.objects.get().status == OfferStatus.PAUSED
    assert not Page.objects.descendant_of(course, inclusive=True).live().exists()
    services.course_publish(course=CoursePage.objects.get(pk=course.pk), actor=creator)
    assert Offer.objects.get().status == OfferStatus.ACTIVE
    assert Page.objects.descendant_of(course, inclusive=True).live().count() == 7  # course, 2 modules, 4 lessons


def test_deleting_a_course_archives_its_offer(courses_index, creator):
    course = CoursePageFactory(owner=creator)
    Page.objects.get(pk=course.pk).delete()
    assert Offer.objects.get().is_archived


def test_a_published_course_appears_on_the_creators_profile_and_in_discovery(client, courses_index, creator):
    CoursePageFactory(owner=creator, title="Prompt Basics")
    profile = client.get(creator.get_absolute_url()).content.decode()
    assert "Learn From Me" in profile and "Prompt Basics" in profile
    assert "Prompt Basics" in client.get("/discover/?q=prompt").content.decode()


def test_the_course_offer_page_leads_to_the_course(client, course, learner):
    course.refresh_from_db()
    client.force_login(learner)
    html = client.get(course.offer.get_absolute_url()).content.decode()
    assert "Go to the course" in html and f'href="{course.url}"' in html
    assert f"/connections/new/?offer={course.offer.pk}" not in html
