import pytest
from django.urls import reverse
from collective.factories import OfferFactory
pytestmark = pytest.mark.django_db

def test_dbg(client, member, django_assert_max_num_queries):
    offer = OfferFactory(user=member, content=[])
    client.force_login(member)
    url = reverse("mine:offer_content", args=[offer.pk])
    client.post(reverse("mine:offer_content_add", args=[offer.pk]), {"block_type": "rich_text", "new-text": "One"})
    with django_assert_max_num_queries(25) as small:
        r = client.get(url)
    print("STATUS", r.status_code, len(small.captured_queries), small)
