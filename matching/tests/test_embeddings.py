import pytest

from collective import services as collective_services
from collective.choices import OfferStatus
from collective.factories import OfferFactory
from matching.choices import Kind
from matching.models import Embedding
from matching.services import embeddings_refresh

pytestmark = pytest.mark.django_db


def _vector_row(offer):
    return Embedding.objects.filter(kind=Kind.OFFER, object_id=offer.pk).first()


def test_a_saved_offer_is_embedded_after_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer = collective_services.offer_create(user=member, title="Landing page teardown",
                                                 description="I review your sign-up page.", offer_type="feedback",
                                                 status=OfferStatus.ACTIVE)
        assert _vector_row(offer) is None  # nothing before the commit
    for callback in callbacks:
        callback()
    row = _vector_row(offer)
    assert row is not None and row.as_array().shape == (256,)
    assert Embedding.objects.filter(kind=Kind.MEMBER, object_id=member.pk).exists()


def test_only_a_changed_text_is_embedded_again(member, django_capture_on_commit_callbacks):
    offer = OfferFactory(user=member, title="Podcast editing", description="Clean audio.")
    assert embeddings_refresh(kind=Kind.OFFER, ids=[offer.pk]) == 1
    first = _vector_row(offer)
    offer.view_count = 5
    offer.save()
    assert embeddings_refresh(kind=Kind.OFFER, ids=[offer.pk]) == 0  # same text: nothing re-embedded
    with django_capture_on_commit_callbacks(execute=True):
        collective_services.offer_update(offer=offer, actor=member, data={"title": "Podcast editing and show notes"})
    second = _vector_row(offer)
    assert second.text_hash != first.text_hash
    assert (second.as_array() != first.as_array()).any()


def test_vectors_disappear_with_their_row(member, django_capture_on_commit_callbacks):
    offer = OfferFactory(user=member)
    embeddings_refresh(kind=Kind.OFFER, ids=[offer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        offer.delete()
    assert not Embedding.objects.filter(kind=Kind.OFFER, object_id=offer.pk).exists()


def test_reindex_command_embeds_everything_and_resumes(member):
    from io import StringIO

    from django.core.management import call_command

    offers = [OfferFactory(user=member) for _ in range(3)]
    out = StringIO()
    call_command("reindex_embeddings", "--kind", "offer", "--after", str(offers[0].pk), stdout=out)
    assert set(Embedding.objects.filter(kind=Kind.OFFER).values_list("object_id", flat=True)) == {
        o.pk for o in offers[1:]}
    assert "offer: 2 embedded of 2" in out.getvalue()
