"""/creator/clips/ pages: the price before the click, the 402 page, progress, owner-only files."""
import pytest
from django.urls import reverse

from clips import services
from clips.models import Clip
from members.factories import UserFactory


@pytest.fixture
def ready_clip(creator, offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clip = services.clip_create(owner=creator, source_kind="offer", source_id=offer.pk, request_key="r")
    clip.refresh_from_db()
    return clip


def test_the_page_shows_the_price_and_balance_before_the_click(client, creator, offer):
    client.force_login(creator)
    page = client.get("/creator/clips/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Make clip · 5 credits" in html
    assert "You have <strong class=\"tabular\">12</strong>" in html
    assert f'value="offer:{offer.pk}"' in html


def test_posting_makes_the_clip_and_shows_it(client, creator, offer, django_capture_on_commit_callbacks):
    client.force_login(creator)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/creator/clips/", {"source": f"offer:{offer.pk}", "template": "sunrise",
                                                 "size": "story", "request_key": "abc"})
    clip = Clip.objects.get(owner=creator)
    assert answer.status_code == 302 and answer.url == reverse("clips:detail", args=[clip.pk])
    detail = client.get(answer.url).content.decode()
    assert "Download PNG" in detail and "hx-trigger" not in detail
    download = client.get(reverse("clips:download", args=[clip.pk, "png"]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert "attachment" in download["Content-Disposition"]


def test_a_busy_clip_polls_for_progress(client, creator, offer):
    client.force_login(creator)
    clip = services.clip_create(owner=creator, source_kind="offer", source_id=offer.pk, request_key="p")
    status = client.get(reverse("clips:status", args=[clip.pk])).content.decode()  # on_commit not run: pending
    assert 'hx-trigger="every 1s"' in status and "Drawing your clip" in status


def test_short_of_credits_answers_402_with_ways_to_get_them(client, db, offer):
    poor = UserFactory(username="poor")
    client.force_login(poor)
    from collective.factories import OfferFactory

    own = OfferFactory(user=poor, status="active")
    answer = client.post("/creator/clips/", {"source": f"offer:{own.pk}", "template": "paper", "size": "square",
                                             "request_key": "x"})
    assert answer.status_code == 402
    html = answer.content.decode()
    assert reverse("payments:credit_packs") in html and reverse("economy:my_points") in html
    assert not Clip.objects.exists()


def test_bad_input_is_a_form_error(client, creator):
    client.force_login(creator)
    answer = client.post("/creator/clips/", {"source": "offer:999999", "template": "nope", "size": "square",
                                             "request_key": "x"})
    assert answer.status_code == 400
    assert "field--invalid" in answer.content.decode()


@pytest.mark.parametrize("name", ["detail", "status", "download", "delete"])
def test_only_the_owner_sees_a_clip(client, ready_clip, name):
    client.force_login(UserFactory(username="intruder"))
    args = [ready_clip.pk, "png"] if name == "download" else [ready_clip.pk]
    url = reverse(f"clips:{name}", args=args)
    answer = client.post(url) if name == "delete" else client.get(url)
    assert answer.status_code == 404
    assert Clip.objects.filter(pk=ready_clip.pk).exists()


def test_the_owner_deletes_a_clip(client, creator, ready_clip):
    client.force_login(creator)
    assert client.post(reverse("clips:delete", args=[ready_clip.pk])).status_code == 302
    assert not Clip.objects.filter(pk=ready_clip.pk).exists()


def test_visitors_are_sent_to_sign_in(client, db):
    answer = client.get("/creator/clips/")
    assert answer.status_code == 302 and "/accounts/login/" in answer.url
