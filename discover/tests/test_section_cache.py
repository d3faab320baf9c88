"""/discover/'s sections are cached for every visitor and forgotten when an offer or ask changes."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collective.factories import OfferFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_second_visit_reads_the_cache_and_a_write_refreshes_it(client):
    OfferFactory(title="Prompt clinic", offer_type="service", is_featured=True)
    first, _ = queries(client, "/discover/")
    second, _ = queries(client, "/discover/")
    assert second < first
    OfferFactory(title="Brand new workshop", offer_type="service", is_featured=True)
    _, html = queries(client, "/discover/")
    assert "Brand new workshop" in html


def test_members_see_their_own_follow_state_among_experts(client, member):
    OfferFactory(title="Prompt clinic", offer_type="service")
    queries(client, "/discover/")  # a visitor fills the cache
    client.force_login(member)
    count, _ = queries(client, "/discover/")
    assert count > 0
