"""Trust and safety in a real browser: a report handled by a curator in the Wagtail admin, a block that
makes a member disappear, and a member who exports their data and deletes their account."""
import datetime
import io
import json
import re
import urllib.request
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collective.factories import OfferFactory
from members.factories import UserFactory
from members.models import User
from moderation import tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _warm_server(live_server):
    """Render the sign-in page once before the browsers open it (a busy machine compiles templates slowly)."""
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120).read()  # noqa: S310 (local server)


def test_report_hide_suspend_and_the_reporter_sees_the_outcome(member_browser):
    UserFactory(username="rita", display_name="Rita Reporter")
    UserFactory(username="curie", display_name="Marie Curator", role="curator", is_staff=True, is_superuser=True)
    spammer = UserFactory(username="spammy", display_name="Spam Bot")
    offer = OfferFactory(user=spammer, title="Buy ten thousand followers")

    rita = member_browser("rita")
    rita.goto(offer.get_absolute_url())
    rita.get_by_role("link", name="Report this offer").click()
    expect(rita.get_by_role("heading", level=1)).to_have_text("Report this offer")
    rita.get_by_label("Spam or advertising").check()
    rita.get_by_label("Anything the curators should know?").fill("Selling fake followers.")
    rita.get_by_role("button", name="Send report").click()
    expect(rita).to_have_url(re.compile(r"/my/reports/$"))
    expect(rita.locator(".report-list")).to_contain_text("Under review")

    curie = member_browser("curie")
    curie.goto("/admin/moderation/")
    curie.get_by_role("link", name="Offer “Buy ten thousand followers”").click()
    expect(curie.locator("main")).to_contain_text("Selling fake followers.")
    curie.get_by_label("Hide the content").check()
    curie.get_by_label("The member responsible").select_option("suspend")
    curie.get_by_label("Suspension (days)").fill("7")
    curie.get_by_label("Note for the audit log").fill("Follower spam")
    curie.get_by_role("button", name="Apply decision").click()
    expect(curie.locator("main")).to_contain_text("Nothing to review")
    curie.goto("/admin/moderation/audit/")
    expect(curie.locator("main")).to_contain_text("Suspended the member")
    expect(curie.locator("main")).to_contain_text("Hid the content")

    # The offer is gone, and Rita hears what happened.
    assert rita.goto(offer.get_absolute_url()).status == 404
    rita.goto("/notifications/")
    expect(rita.locator("main")).to_contain_text("we removed the offer and suspended the member responsible")
    rita.goto("/my/reports/")
    expect(rita.locator(".report-list")).to_contain_text("Action taken")

    # The suspended member can't get back in to act.
    spam = member_browser("spammy")
    expect(spam.locator("main")).to_contain_text("Your account is suspended")
    spam.goto("/my/offers/new/")
    expect(spam).to_have_url(re.compile(r"/accounts/login/"))


def test_blocking_a_member_makes_them_disappear(member_browser):
    UserFactory(username="ada", display_name="Ada Lovelace")
    bob = UserFactory(username="bob", display_name="Bob Pest")
    OfferFactory(user=bob, title="Bob's prompt pack")

    ada = member_browser("ada")
    ada.goto("/discover/offers/")
    expect(ada.locator("main")).to_contain_text("Bob's prompt pack")
    ada.goto("/@bob/")
    ada.get_by_text("More").click()
    ada.get_by_role("button", name="Block @bob").click()
    expect(ada).to_have_url(re.compile(r"/settings/privacy/$"))
    expect(ada.locator(".toast, .alert, main").first).to_be_visible()
    expect(ada.locator("main")).to_contain_text("@bob")

    for path in ("/discover/offers/", "/discover/people/", "/discover/?q=prompt"):
        ada.goto(path)
        expect(ada.locator("main")).not_to_contain_text("Bob")
    assert ada.goto("/@bob/").status == 404

    bob_page = member_browser("bob")
    assert bob_page.goto("/@ada/").status == 404


def test_export_downloads_and_deletion_anonymises(member_browser, settings):
    UserFactory(username="ada", display_name="Ada Lovelace", password="correct-horse-battery")
    OfferFactory(user=User.objects.get(username="ada"), title="Ada's notebook")

    ada = member_browser("ada")
    ada.goto("/settings/privacy/")
    ada.get_by_role("button", name="Export my data").click()
    expect(ada.locator(".export-row")).to_have_count(1)  # the page after the redirect lists the request
    ada.reload()  # the worker has built it by now (Celery runs eagerly here)
    with ada.expect_download() as download_info:
        ada.get_by_role("link", name="Download your data").click()
    with open(download_info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    assert [row["fields"]["title"] for row in data["collective.offer"]] == ["Ada's notebook"]

    ada.get_by_label("Your password").fill("correct-horse-battery")
    ada.get_by_role("button", name="Delete my account").click()
    expect(ada).to_have_url(re.compile(r"/accounts/login/"))
    expect(ada.locator("body")).to_contain_text("will be deleted on")

    User.objects.filter(username="ada").update(
        deletion_requested_at=timezone.now() - datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS + 1))
    tasks.privacy_sweep()
    gone = User.objects.get(display_name="Deleted member")
    assert gone.username.startswith("deleted-") and not gone.is_active and gone.email == ""
    assert ada.goto("/@ada/").status == 404
