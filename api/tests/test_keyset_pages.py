"""Keyset pages of the large lists (offers, asks): `next_cursor` / `?cursor=`, and cached counts."""
import datetime

import pytest
from django.utils import timezone

from collective.factories import AskFactory, OfferFactory
from collective.models import Ask, Offer

pytestmark = pytest.mark.django_db


def make(factory, model, n: int) -> list:
    rows = [factory(title=f"Row {i}") for i in range(n)]
    now = timezone.now()
    for i, row in enumerate(rows):  # distinct ages, plus a tie to check the id tie-breaker
        model.objects.filter(pk=row.pk).update(created_at=now - datetime.timedelta(minutes=i // 2))
    return rows


def walk(client, url: str) -> list[str]:
    seen, response = [], client.get(url).json()
    assert "page=2" in response["next"]  # the first page links on by number and offers a cursor
    while True:
        seen += [row["title"] for row in response["results"]]
        if not response["next_cursor"]:
            assert response["next"] is None
            return seen
        response = client.get(f"{url}&cursor={response['next_cursor']}").json()
        assert response["next"] is None or "cursor=" in response["next"]


@pytest.mark.parametrize(("factory", "model", "path"), [(OfferFactory, Offer, "offers"), (AskFactory, Ask, "asks")])
def test_cursor_pages_walk_every_row_once_in_page_order(anon, factory, model, path):
    make(factory, model, 7)
    by_pages = [row["title"] for page in (1, 2, 3, 4)
                for row in anon.get(f"/api/v1/{path}/?page_size=2&page={page}").json()["results"]]
    assert walk(anon, f"/api/v1/{path}/?page_size=2") == by_pages
    assert len(set(by_pages)) == 7


def test_a_cursor_page_keeps_the_filters_and_the_count(anon):
    make(OfferFactory, Offer, 5)
    first = anon.get("/api/v1/offers/?page_size=2").json()
    second = anon.get(f"/api/v1/offers/?page_size=2&cursor={first['next_cursor']}").json()
    assert second["count"] == 5 and second["previous"] is None
    assert {row["title"] for row in second["results"]}.isdisjoint(row["title"] for row in first["results"])


@pytest.mark.parametrize("query", ["cursor=bm9wZQ", "cursor=%00", "cursor=abc&ordering=title", "cursor=abc&q=row",
                                   "cursor=abc&page=2"])
def test_bad_cursors_are_400(anon, query):
    make(OfferFactory, Offer, 1)
    response = anon.get(f"/api/v1/offers/?{query}")
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["fields"]


def test_other_orders_have_no_cursor(anon):
    make(OfferFactory, Offer, 3)
    assert anon.get("/api/v1/offers/?page_size=1&ordering=title").json()["next_cursor"] is None


def test_the_cached_count_follows_writes(anon):
    make(OfferFactory, Offer, 2)
    assert anon.get("/api/v1/offers/").json()["count"] == 2
    OfferFactory()
    assert anon.get("/api/v1/offers/").json()["count"] == 3
    Offer.objects.first().delete()
    assert anon.get("/api/v1/offers/").json()["count"] == 2


@pytest.mark.parametrize("rows", [5, 50])
def test_a_cursor_page_costs_a_constant_number_of_queries(anon, django_assert_max_num_queries, rows):
    make(OfferFactory, Offer, rows)
    cursor = anon.get("/api/v1/offers/?page_size=2").json()["next_cursor"]
    # (cached) count, page, tools, tags
    with django_assert_max_num_queries(4):
        response = anon.get(f"/api/v1/offers/?page_size=2&cursor={cursor}")
    assert response.json()["count"] == rows
