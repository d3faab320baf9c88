"""The community journey (issue 19): a 600-point member hosts an event; a second member RSVPs and downloads
the .ics; a third is waitlisted and promoted when the second cancels; a member submits to this week's
challenge and a curator picks it in the Wagtail admin; a 400-point member posts in the Givers Circle,
which a 100-point member can't open."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from community.models import ChallengePage, ChallengeSubmission, CommunityIndexPage
from home.services import editorial_pages_seed
from members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_community(live_server):
    locale, _ = Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    editorial_pages_seed()
    today = timezone.now().date()
    challenge = ChallengePage(title="Ship a tiny agent", slug="ship-a-tiny-agent", week_start=today,
                              week_end=today + timedelta(days=6),
                              brief=[("rich_text", "<p>Build one small agent.</p>")])
    CommunityIndexPage.objects.get().add_child(instance=challenge)
    challenge.save_revision().publish()
    UserFactory(username="hana", display_name="Hana Host", points=600)
    UserFactory(username="sam", display_name="Sam Second")
    UserFactory(username="tia", display_name="Tia Third")
    UserFactory(username="gil", display_name="Gil Giver", points=400)
    UserFactory(username="nia", display_name="Nia Newer", points=100)
    UserFactory(username="cora", display_name="Cora Curator", is_staff=True, is_superuser=True, role="curator")
    return live_server


def test_host_rsvp_waitlist_challenge_pick_and_givers_circle(member_browser, live_community):
    # Hana (600 points) hosts an event with one seat.
    hana = member_browser("hana")
    hana.goto("/community/events/new/")
    day = (timezone.now() + timedelta(days=5)).date()
    hana.fill("#id_title", "Evals night")
    hana.fill("#id_description", "We write **evals** together.")
    hana.fill("#id_starts_at", f"{day}T18:00")
    hana.fill("#id_ends_at", f"{day}T20:00")
    hana.fill("#id_online_url", "https://meet.example.com/evals")
    hana.fill("#id_capacity", "1")
    hana.get_by_role("button", name="Publish event").click()
    expect(hana).to_have_url(re.compile(r"/community/events/\d+/$"))
    expect(hana.get_by_role("heading", level=1)).to_have_text("Evals night")
    event_url = hana.url

    # Sam RSVPs and downloads the .ics.
    sam = member_browser("sam")
    sam.goto(event_url)
    sam.get_by_role("button", name="RSVP").click()
    expect(sam.locator("[data-rsvp-status]")).to_have_text("You're going")
    with sam.expect_download() as download:
        sam.get_by_role("link", name="Add to calendar (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115 — read once
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Evals night" in ics

    # Tia finds it full and joins the waitlist; when Sam cancels, Tia is in.
    tia = member_browser("tia")
    tia.goto(event_url)
    tia.get_by_role("button", name="Join the waitlist").click()
    expect(tia.locator("[data-rsvp-status]")).to_have_text("You're #1 on the waitlist")
    sam.goto(event_url)
    sam.get_by_role("button", name="Can't make it").click()
    tia.goto(event_url)
    expect(tia.locator("[data-rsvp-status]")).to_have_text("You're going")
    tia.goto("/notifications/")
    expect(tia.get_by_text("A spot opened up")).to_be_visible()

    # Sam submits to this week's challenge (from /community); Cora picks it in the admin.
    sam.goto("/community/")
    sam.get_by_role("link", name="Take part").click()
    sam.fill("#id_text", "An agent that names my screenshots.")
    sam.get_by_role("button", name="Submit").click()
    expect(sam.locator(".cm-submission")).to_contain_text("An agent that names my screenshots.")
    cora = member_browser("cora")
    cora.goto("/admin/snippets/community/challengesubmission/")
    cora.get_by_role("link", name="Pick", exact=True).click()
    cora.get_by_role("button", name="Pick").click()
    expect(cora.get_by_text("@sam picked.")).to_be_visible()
    assert ChallengeSubmission.objects.get(member__username="sam").is_pick
    sam.goto(ChallengePage.objects.get().url)
    expect(sam.locator(".cm-submission.is-pick")).to_contain_text("Curator's pick")

    # Gil (400 points) posts in the Givers Circle; Nia (100 points) gets a 404.
    gil = member_browser("gil")
    gil.goto("/community/givers-circle/")
    gil.fill("#id_title", "Office hours swap?")
    gil.fill("#id_body", "Anyone up for trading office hours next week?")
    gil.get_by_role("button", name="Post").click()
    expect(gil.get_by_role("heading", level=1)).to_have_text("Office hours swap?")
    nia = member_browser("nia")
    response = nia.goto(gil.url)
    assert response.status == 404
    assert response.status == nia.goto("/community/givers-circle/").status

    for browser_page in (hana, sam, tia, cora, gil):
        assert browser_page.console_errors == []
