"""Making clips: charged once per clip, refunded when drawing fails, only from the member's own things."""
import pytest
from django.conf import settings

from clips import render, rendering, services
from clips.choices import ClipStatus
from clips.models import Clip
from collective.factories import OfferFactory
from core.errors import ApplicationError, NotFound
from economy.models import CreditTransaction
from members.factories import UserFactory


def make(owner, offer, key="k1", **extra):
    return services.clip_create(owner=owner, source_kind="offer", source_id=offer.pk, request_key=key, **extra)


def test_a_clip_costs_five_credits_and_renders_after_commit(creator, offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clip = make(creator, offer)
    creator.refresh_from_db()
    assert creator.credit_balance == 12 - 5
    clip.refresh_from_db()
    assert clip.status == ClipStatus.READY and clip.progress == 100
    assert clip.image.name.endswith(".png")
    assert clip.link == f"{settings.SITE_URL}{offer.get_absolute_url()}"
    assert "Landing page teardown" in clip.alt_text and "Maya Okafor" in clip.alt_text
    assert set(clip.captions) == {"x", "linkedin", "instagram"}


def test_a_double_submit_charges_once(creator, offer):
    first = make(creator, offer, key="same")
    second = make(creator, offer, key="same")
    assert first.pk == second.pk
    creator.refresh_from_db()
    assert creator.credit_balance == 7
    assert CreditTransaction.objects.filter(user=creator, amount__lt=0).count() == 1
    make(creator, offer, key="another")  # positive control: a new clip is a new charge
    creator.refresh_from_db()
    assert creator.credit_balance == 2


def test_short_of_credits_is_a_402_and_nothing_is_made(creator, offer):
    make(creator, offer, key="a")
    make(creator, offer, key="b")
    with pytest.raises(ApplicationError) as refused:
        make(creator, offer, key="c")
    assert refused.value.status == 402
    assert Clip.objects.filter(owner=creator).count() == 2
    creator.refresh_from_db()
    assert creator.credit_balance == 2


def test_a_failed_render_refunds_once(creator, offer, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(render, "render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        clip = make(creator, offer)
    clip.refresh_from_db()
    assert clip.status == ClipStatus.FAILED and clip.credits_refunded
    assert not clip.image
    creator.refresh_from_db()
    assert creator.credit_balance == 12
    rendering.clip_fail(clip, reason="again")  # a retried failure doesn't pay twice
    rendering.clip_render(clip.pk)  # nor does re-running a finished job
    creator.refresh_from_db()
    assert creator.credit_balance == 12


def test_someone_elses_offer_cannot_be_clipped(creator, db):
    stranger_offer = OfferFactory(user=UserFactory(username="noor"), status="active")
    with pytest.raises(NotFound):
        make(creator, stranger_offer)
    creator.refresh_from_db()
    assert creator.credit_balance == 12


def test_a_draft_offer_cannot_be_clipped(creator):
    draft = OfferFactory(user=creator, status="draft")
    with pytest.raises(NotFound):
        make(creator, draft)


def test_video_is_refused_where_ffmpeg_is_missing(creator, offer, monkeypatch):
    monkeypatch.setattr(render, "video_available", lambda: False)
    with pytest.raises(ApplicationError) as refused:
        make(creator, offer, wants_video=True)
    assert "wants_video" in refused.value.fields


def test_milestone_needs_a_helped_count(creator):
    with pytest.raises(NotFound):
        services.clip_create(owner=creator, source_kind="milestone", request_key="m")
    creator.helped_count = 3
    creator.save(update_fields=["helped_count"])
    clip = services.clip_create(owner=creator, source_kind="milestone", request_key="m2")
    assert clip.title == "I've helped 3 people in the All Thrive AI Collective"


def test_delete_removes_the_files(creator, offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clip = make(creator, offer)
    clip.refresh_from_db()
    storage, name = clip.image.storage, clip.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.clip_delete(owner=creator, clip=clip)
    assert not storage.exists(name)
    assert not Clip.objects.filter(pk=clip.pk).exists()


def test_captions_come_from_the_model_when_configured(creator, offer):
    from clips import captions

    class Model:
        uses_model = True

        def _json(self, messages, max_tokens):
            return {"x": "Short one", "linkedin": "Long one", "instagram": "Visual one"}

    card = render.Card(kicker="Offer", title="T", subtitle="", name="n", handle="@n", initials="N", tint=0,
                       frame="none", url="http://testserver/x/", short_link="testserver/x")
    assert captions.suggest(card, provider=Model())["x"] == "Short one"
    templated = captions.templates(render.Card(**{**card.__dict__, "title": "t" * 400}))
    assert len(templated["x"]) <= 280 and "http://testserver/x/" in templated["x"]
