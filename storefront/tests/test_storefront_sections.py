"""A big storefront: each section shows at most 12 offers and a "See all" link to a paginated page."""
import datetime

import pytest
from django.utils import timezone

from collective.factories import OfferFactory
from collective.models import Offer

pytestmark = pytest.mark.django_db


def apps(member, n: int) -> list[Offer]:
    made = [OfferFactory(user=member, title=f"App number {i:02d}", offer_type="app") for i in range(n)]
    now = timezone.now()
    for i, offer in enumerate(made):  # App number 00 is the newest
        Offer.objects.filter(pk=offer.pk).update(created_at=now - datetime.timedelta(minutes=i))
    return made


def test_a_section_shows_twelve_newest_and_links_to_all(client, member):
    apps(member, 15)
    OfferFactory(user=member, title="A favourite link", offer_type="link")
    html = client.get("/@ada/").content.decode()
    assert all(f"App number {i:02d}" in html for i in range(12))
    assert not any(f"App number {i:02d}" in html for i in range(12, 15))
    assert "See all 15" in html and "/@ada/offers/?section=working_on" in html
    assert "A favourite link" in html and "section=things_i_love" not in html  # nothing more to see


def test_see_all_pages_through_the_section(client, member):
    apps(member, 30)
    first = client.get("/@ada/offers/?section=working_on").content.decode()
    assert first.count("App number") == 24 and "30 offers by" in first
    second = client.get("/@ada/offers/?section=working_on&page=2").content.decode()
    assert second.count("App number") == 6 and "App number 29" in second


def test_see_all_of_an_unknown_section_or_member_is_404(client, member):
    assert client.get("/@ada/offers/?section=nope").status_code == 404
    assert client.get("/@ada/offers/").status_code == 404
    assert client.get("/@nobody-here/offers/?section=working_on").status_code == 404


def test_drafts_stay_out_of_see_all(client, member):
    apps(member, 2)
    OfferFactory(user=member, title="App draft", offer_type="app", status="draft")
    assert "App draft" not in client.get("/@ada/offers/?section=working_on").content.decode()


def test_a_storefront_costs_the_same_queries_with_12_or_40_offers(client, member, django_assert_max_num_queries):
    apps(member, 12)
    with django_assert_max_num_queries(40) as small:
        client.get("/@ada/")
    apps(member, 28)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/@ada/")
