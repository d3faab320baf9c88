"""Courses end to end in Chromium: a creator generates an outline with the Course Publisher, edits a lesson and
publishes; a learner finds the course in /discover/courses/, enrolls, answers a quiz, completes a lesson and
sees the progress in /my/learning/."""
import re

import pytest
from wagtail.models import Locale, Page

from collective.services import offer_categories_seed
from courses.services import courses_index_ensure
from home.services import editorial_pages_seed
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_courses(live_server):
    # Transactional tests start from a flushed database: put back the Wagtail root page and locale.
    locale, _ = Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    editorial_pages_seed()
    offer_categories_seed()
    courses_index_ensure()
    UserFactory(username="cora", display_name="Cora Creator")
    UserFactory(username="lena", display_name="Lena Learner")
    return live_server


def test_a_creator_publishes_a_course_and_a_learner_takes_it(page, login, live_courses):  # noqa: F811
    # The creator asks the Course Publisher for an outline…
    login("cora")
    page.goto("/creator/courses/")
    page.get_by_role("link", name="New course").first.click()
    page.fill("#id_topic", "Customer support with AI")
    page.fill("#id_audience", "support leads")
    page.fill("#id_goals", "Draft replies in our brand voice\nCheck answers before sending")
    page.get_by_role("button", name="Propose a curriculum").click()
    page.wait_for_url(re.compile(r"/creator/courses/new/\d+/$"))
    assert page.input_value("#id_module_1_lesson_0") == "How to draft replies in our brand voice"

    # …edits it, and gets a draft course.
    page.fill("#id_title", "Support replies that sound like you")
    page.get_by_role("button", name="Create the draft course").click()
    page.wait_for_url(re.compile(r"/creator/courses/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Support replies that sound like you"

    # Edits the first lesson's text…
    page.get_by_role("link", name=re.compile("Edit lesson What customer support with AI is")).click()
    page.wait_for_url(re.compile(r"/lessons/\d+/$"))
    page.locator(".editor-block").first.locator("summary").click()
    page.locator(".editor-block").first.locator("textarea").fill("Welcome! In our team, **every reply** starts "
                                                                  "with empathy.")
    page.get_by_role("button", name="Save text").click()
    page.wait_for_load_state()
    assert "every reply" in page.locator(".editor-block").first.inner_text()

    # …and publishes the course.
    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("button", name="Publish course").click()
    page.wait_for_load_state()
    assert "is live" in page.locator("body").inner_text()
    assert page.console_errors == []

    # A learner finds it in the catalogue…
    page.context.clear_cookies()
    login("lena")
    page.goto("/discover/courses/")
    page.get_by_role("link", name="Support replies that sound like you").click()
    page.get_by_role("button", name="Enroll for free").first.click()
    page.wait_for_url(re.compile(r"/discover/courses/support-replies-that-sound-like-you/.+/.+/$"))
    assert "every reply" in page.locator(".lesson__body").inner_text()

    # …answers the quiz in place (checked on the server)…
    quiz = page.locator(".quiz").first
    quiz.locator(".quiz__choice").nth(1).click()
    quiz.get_by_role("button", name="Check answer").click()
    page.wait_for_selector(".quiz .alert--warning")
    page.locator(".quiz").first.locator(".quiz__choice").nth(0).click()
    page.locator(".quiz").first.get_by_role("button", name="Try again").click()
    page.wait_for_selector(".quiz .alert--success")

    # …completes the lesson, and sees the progress in My learning.
    page.get_by_role("button", name="Mark lesson complete").click()
    page.wait_for_load_state()
    page.goto("/my/learning/")
    row = page.locator(".learning-row").first
    assert "Support replies that sound like you" in row.inner_text()
    assert "1 of 6 lessons complete" in row.inner_text()
    assert row.locator(".progress__track").get_attribute("aria-valuenow") == "1"
    assert page.console_errors == []
