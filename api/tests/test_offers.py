"""/api/v1/offers/: each endpoint × anonymous, another member, the owner and staff."""
import datetime

import pytest
from django.utils import timezone

from collective.choices import OfferStatus, TaxonomyType
from collective.factories import CategoryFactory, OfferFactory, TaxonomyFactory, ToolTaxonomyFactory
from collective.models import Offer
from members.factories import UserFactory

from .conftest import client_for, error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_offer(owner):
    return OfferFactory(user=owner, title="Landing page teardown", status=OfferStatus.ACTIVE)


@pytest.fixture
def draft_offer(owner):
    return OfferFactory(user=owner, title="Secret draft", status=OfferStatus.DRAFT)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


# --- list ---------------------------------------------------------------------------------------


def test_everyone_lists_only_public_offers(anon, as_stranger, as_owner, as_staff, public_offer, draft_offer, owner):
    paused = OfferFactory(user=owner, title="Paused one", status=OfferStatus.PAUSED)
    OfferFactory(user=owner, title="Archived one", status=OfferStatus.ARCHIVED)
    for client in (anon, as_stranger, as_owner, as_staff):
        assert sorted(titles(client.get("/api/v1/offers/"))) == sorted([public_offer.title, paused.title])


def test_offers_of_deactivated_members_are_hidden(anon):
    OfferFactory(user=UserFactory(is_active=False), title="Gone member's offer")
    assert titles(anon.get("/api/v1/offers/")) == []


def test_list_shape(anon, public_offer):
    body = anon.get("/api/v1/offers/").json()
    assert set(body) == {"count", "next", "previous", "results", "next_cursor"}
    row = body["results"][0]
    assert row["owner"]["username"] == "owner"
    assert row["web_url"].endswith(f"/@owner/{public_offer.slug}/")
    assert row["price_display"] == "Free"


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_a_constant_number_of_queries(anon, django_assert_num_queries, rows):
    tools = [ToolTaxonomyFactory() for _ in range(3)]
    tag = TaxonomyFactory(taxonomy_type=TaxonomyType.SKILL)
    category = CategoryFactory()
    for _ in range(rows):
        offer = OfferFactory(category=category, tools=tools)
        offer.tags.add(tag)
    # count, page, tools, tags
    with django_assert_num_queries(4):
        response = anon.get("/api/v1/offers/?page_size=100")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_search_list_costs_a_constant_number_of_queries(anon, django_assert_max_num_queries, rows):
    for n in range(rows):
        OfferFactory(title=f"Prompt clinic {n}")
    anon.get("/api/v1/offers/?q=prompt")  # a process's first search loads the dense index and typo vocabulary
    # count + ids (lexical, cached until offers change), the dense hits narrowed to the candidates, the page, its
    # tools: at most five whatever the rows.
    with django_assert_max_num_queries(5):
        response = anon.get("/api/v1/offers/?q=prompt&page_size=100")
    assert response.json()["count"] == rows


def test_filters(anon, owner):
    design = CategoryFactory(name="Creative & Design", slug="creative-design")
    dev = CategoryFactory(name="Development", slug="development")
    figma = ToolTaxonomyFactory(name="Figma", slug="figma")
    python = TaxonomyFactory(name="Python", slug="python", taxonomy_type=TaxonomyType.SKILL)
    other = UserFactory(username="maker")
    OfferFactory(user=owner, title="Logo design", category=design, offer_type="service",
                        pricing_type="one_time", price_cents=5000, is_paid=True, tools=[figma])
    api = OfferFactory(user=other, title="API review", category=dev, offer_type="skill")
    api.tags.add(python)
    course = OfferFactory(user=other, title="Python course", category=dev, offer_type="course",
                          pricing_type="one_time", price_cents=9900, is_paid=True, status=OfferStatus.PAUSED)
    Offer.objects.filter(pk=course.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    def get(query):
        return sorted(titles(anon.get(f"/api/v1/offers/?{query}")))

    assert get("type=service,course") == ["Logo design", "Python course"]
    assert get("status=paused") == ["Python course"]
    assert get("category=development") == ["API review", "Python course"]
    assert get("tool=figma") == ["Logo design"]
    assert get("tag=python") == ["API review"]
    assert get("pricing_type=free") == ["API review"]
    assert get("is_paid=true") == ["Logo design", "Python course"]
    assert get("price_min=6000") == ["Python course"]
    assert get("price_min=1&price_max=6000") == ["Logo design"]
    assert get("owner=MAKER") == ["API review", "Python course"]
    week_ago = (timezone.now() - datetime.timedelta(days=7)).isoformat().replace("+00:00", "Z")
    assert get(f"created_before={week_ago}") == ["Python course"]
    assert get(f"created_after={week_ago}") == ["API review", "Logo design"]
    assert get("category=development&q=python") == ["API review", "Python course"]  # a title, a tag
    assert get("category=nope") == []


def test_ordering(anon):
    OfferFactory(title="Cheap", pricing_type="one_time", price_cents=100)
    OfferFactory(title="Pricey", pricing_type="one_time", price_cents=10_000)
    free = OfferFactory(title="Free")
    Offer.objects.filter(pk=free.pk).update(view_count=99, is_featured=True)
    assert titles(anon.get("/api/v1/offers/?ordering=-price_cents")) == ["Pricey", "Cheap", "Free"]
    assert titles(anon.get("/api/v1/offers/?ordering=price_cents")) == ["Free", "Cheap", "Pricey"]
    assert titles(anon.get("/api/v1/offers/?ordering=-view_count"))[0] == "Free"
    assert titles(anon.get("/api/v1/offers/?ordering=featured"))[0] == "Free"
    assert titles(anon.get("/api/v1/offers/")) == ["Free", "Pricey", "Cheap"]  # newest first
    assert titles(anon.get("/api/v1/offers/?ordering=created_at")) == ["Cheap", "Pricey", "Free"]


@pytest.mark.parametrize("query", ["type=spaceship", "status=draft", "price_min=-1", "is_paid=maybe",
                                   "created_after=yesterday", "ordering=chaos", "page=0", "page=abc",
                                   "page_size=0", "page_size=101", "q=" + "x" * 201, "created_before=", "type=", "is_paid=", "tool=a%00b", "owner=a%00b"])
def test_bad_filters_are_400_with_the_parameter_named(anon, query):
    response = anon.get(f"/api/v1/offers/?{query}")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert query.split("=")[0] in error["fields"]


def test_pagination(anon):
    for n in range(25):
        OfferFactory(title=f"Offer {n:02}")
    first = anon.get("/api/v1/offers/?page_size=10&ordering=title").json()
    assert first["count"] == 25
    assert [r["title"] for r in first["results"]][:2] == ["Offer 00", "Offer 01"]
    assert "page=2" in first["next"]
    last = anon.get("/api/v1/offers/?page_size=10&ordering=title&page=3").json()
    assert len(last["results"]) == 5
    assert last["next"] is None
    beyond = anon.get("/api/v1/offers/?page_size=10&page=4")
    assert beyond.status_code == 404
    assert error_of(beyond)["message"] == "There is no page 4 of this list."


# --- detail -------------------------------------------------------------------------------------


def test_public_offer_detail_for_everyone(anon, as_stranger, as_owner, as_staff, public_offer):
    for client in (anon, as_stranger, as_owner, as_staff):
        response = client.get(f"/api/v1/offers/{public_offer.pk}/")
        assert response.status_code == 200
        assert response.json()["title"] == public_offer.title
        assert response.json()["content"] == []


def test_draft_offer_detail_is_404_for_everyone_but_its_owner_and_staff(anon, as_stranger, as_owner, as_staff,
                                                                         draft_offer):
    for client in (anon, as_stranger):
        response = client.get(f"/api/v1/offers/{draft_offer.pk}/")
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
    assert as_owner.get(f"/api/v1/offers/{draft_offer.pk}/").status_code == 200
    assert as_staff.get(f"/api/v1/offers/{draft_offer.pk}/").status_code == 200


def test_missing_offer_is_404(anon):
    assert error_of(anon.get("/api/v1/offers/999999/"))["code"] == "not_found"


# --- create -------------------------------------------------------------------------------------


def test_anonymous_cannot_create(anon):
    response = anon.post("/api/v1/offers/", {"title": "x", "description": "y", "offer_type": "app"})
    assert response.status_code == 401


def test_member_creates_an_offer_with_terms(as_stranger, stranger):
    category = CategoryFactory(slug="development")
    tool = ToolTaxonomyFactory(slug="claude")
    tag = TaxonomyFactory(slug="python", taxonomy_type=TaxonomyType.SKILL)
    response = as_stranger.post("/api/v1/offers/", {
        "title": "Code review for AI apps", "description": "I review your repo.", "offer_type": "service",
        "status": "active", "category": "development", "tools": ["claude"], "tags": ["python"],
        "pricing_type": "hourly", "price_cents": 12_000, "currency": "USD",
        "external_url": "https://example.com/review",
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/offers/{body['id']}/"
    assert body["slug"] == "code-review-for-ai-apps"
    assert body["status"] == "active"
    assert body["is_paid"] is True
    assert body["currency"] == "usd"
    assert body["price_display"] == "$120/hr"
    assert body["category"]["slug"] == "development"
    assert [t["slug"] for t in body["tools"]] == ["claude"]
    assert [t["slug"] for t in body["tags"]] == ["python"]
    offer = Offer.objects.get(pk=body["id"])
    assert offer.user == stranger
    assert list(offer.tools.all()) == [tool]
    assert list(offer.tags.all()) == [tag]
    assert offer.category == category


def test_new_offers_are_drafts_by_default(as_stranger, anon):
    body = as_stranger.post("/api/v1/offers/", {"title": "Idea", "description": "Soon.", "offer_type": "app"}).json()
    assert body["status"] == "draft"
    assert anon.get(f"/api/v1/offers/{body['id']}/").status_code == 404


@pytest.mark.parametrize(("payload", "field"), [
    ({"description": "y", "offer_type": "app"}, "title"),
    ({"title": "x", "description": "y", "offer_type": "spaceship"}, "offer_type"),
    ({"title": 5, "description": "y", "offer_type": "app"}, "title"),
    ({"title": "x", "description": "y", "offer_type": "app", "category": "no-such-category"}, "category"),
    ({"title": "x", "description": "y", "offer_type": "app", "tools": ["no-such-tool"]}, "tools"),
    ({"title": "x", "description": "y", "offer_type": "app", "pricing_type": "free", "price_cents": 500},
     "price_cents"),
    ({"title": "x", "description": "y", "offer_type": "app", "pricing_type": "monthly"}, "price_cents"),
    ({"title": "x", "description": "y", "offer_type": "app", "status": "archived"}, "status"),
    ({"title": "x", "description": "y", "offer_type": "app", "external_url": "javascript:alert(1)"},
     "external_url"),
    ({"title": "x", "description": "y", "offer_type": "app", "price_cents": 2**40}, "price_cents"),
    ({"title": "x", "description": "y", "offer_type": "app", "tools": ["nul\u0000byte"]}, "tools"),
    ({"title": "x", "description": "y", "offer_type": "app", "tools": {"claude": 1}}, "tools"),
    ({"title": "x\u0000", "description": "y", "offer_type": "app"}, "title"),
])
def test_bad_offer_input_is_400_with_field_messages(as_stranger, payload, field):
    response = as_stranger.post("/api/v1/offers/", payload)
    assert response.status_code == 400, response.content
    assert {name.split(".")[0] for name in error_of(response)["fields"]} == {field}


def test_a_tag_is_not_a_category(as_stranger):
    TaxonomyFactory(slug="python", taxonomy_type=TaxonomyType.SKILL)
    response = as_stranger.post("/api/v1/offers/", {"title": "x", "description": "y", "offer_type": "app",
                                                    "category": "python"})
    assert response.status_code == 400
    assert "category" in error_of(response)["fields"]


def test_malformed_json_is_400(as_stranger):
    response = as_stranger.generic("POST", "/api/v1/offers/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


# --- update -------------------------------------------------------------------------------------


def test_owner_updates_an_offer(as_owner, public_offer):
    tool = ToolTaxonomyFactory(slug="midjourney")
    response = as_owner.patch(f"/api/v1/offers/{public_offer.pk}/", {"title": "Landing page rescue",
                                                                     "tools": ["midjourney"], "status": "paused"})
    assert response.status_code == 200, response.content
    public_offer.refresh_from_db()
    assert public_offer.title == "Landing page rescue"
    assert public_offer.status == OfferStatus.PAUSED
    assert list(public_offer.tools.all()) == [tool]
    assert public_offer.slug == "landing-page-teardown"  # URLs stay stable


def test_update_permissions(anon, as_stranger, as_staff, public_offer, draft_offer):
    assert anon.patch(f"/api/v1/offers/{public_offer.pk}/", {"title": "x"}).status_code == 401
    forbidden = as_stranger.patch(f"/api/v1/offers/{public_offer.pk}/", {"title": "x"})
    assert forbidden.status_code == 403
    assert error_of(forbidden)["code"] == "permission_denied"
    assert as_stranger.patch(f"/api/v1/offers/{draft_offer.pk}/", {"title": "x"}).status_code == 404
    assert as_staff.patch(f"/api/v1/offers/{public_offer.pk}/", {"title": "x"}).status_code == 403
    public_offer.refresh_from_db()
    assert public_offer.title == "Landing page teardown"


def test_put_is_not_allowed(as_owner, public_offer):
    response = as_owner.put(f"/api/v1/offers/{public_offer.pk}/", {"title": "x"})
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


# --- archive ------------------------------------------------------------------------------------


def test_delete_archives_for_the_owner(as_owner, anon, public_offer):
    assert as_owner.delete(f"/api/v1/offers/{public_offer.pk}/").status_code == 204
    public_offer.refresh_from_db()
    assert public_offer.status == OfferStatus.ARCHIVED and public_offer.is_archived
    assert anon.get(f"/api/v1/offers/{public_offer.pk}/").status_code == 404
    assert titles(anon.get("/api/v1/offers/")) == []
    assert titles(as_owner.get("/api/v1/offers/me/")) == []
    assert titles(as_owner.get("/api/v1/offers/me/?archived=true")) == [public_offer.title]
    edit = as_owner.patch(f"/api/v1/offers/{public_offer.pk}/", {"title": "back"})
    assert edit.status_code == 400
    assert error_of(edit)["code"] == "archived"


def test_delete_permissions(anon, as_stranger, as_staff, public_offer, draft_offer):
    assert anon.delete(f"/api/v1/offers/{public_offer.pk}/").status_code == 401
    assert as_stranger.delete(f"/api/v1/offers/{public_offer.pk}/").status_code == 403
    assert as_stranger.delete(f"/api/v1/offers/{draft_offer.pk}/").status_code == 404
    assert Offer.objects.get(pk=public_offer.pk).status == OfferStatus.ACTIVE
    # Staff archive for moderation.
    assert as_staff.delete(f"/api/v1/offers/{public_offer.pk}/").status_code == 204
    assert Offer.objects.get(pk=public_offer.pk).is_archived


# --- me -----------------------------------------------------------------------------------------


def test_my_offers(anon, as_owner, as_stranger, as_staff, public_offer, draft_offer):
    assert anon.get("/api/v1/offers/me/").status_code == 401
    assert sorted(titles(as_owner.get("/api/v1/offers/me/"))) == ["Landing page teardown", "Secret draft"]
    assert titles(as_owner.get("/api/v1/offers/me/?status=draft")) == ["Secret draft"]
    assert titles(as_stranger.get("/api/v1/offers/me/")) == []
    assert titles(as_staff.get("/api/v1/offers/me/")) == []


@pytest.mark.parametrize("rows", [5, 50])
def test_my_offers_costs_a_constant_number_of_queries(owner, django_assert_num_queries, rows):
    for _ in range(rows):
        OfferFactory(user=owner, tools=[ToolTaxonomyFactory()])
    client = client_for(owner)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/offers/me/?page_size=100").json()["count"] == rows


# --- views --------------------------------------------------------------------------------------


def test_views_count_once_per_viewer_per_day(anon, as_stranger, as_owner, public_offer):
    first = anon.post(f"/api/v1/offers/{public_offer.pk}/view/")
    assert first.status_code == 200
    # Raw view counts are the owner's (the analytics unlock); others learn only whether theirs counted.
    assert first.json() == {"counted": True, "view_count": None}
    assert anon.post(f"/api/v1/offers/{public_offer.pk}/view/").json() == {"counted": False, "view_count": None}
    assert as_stranger.post(f"/api/v1/offers/{public_offer.pk}/view/").json() == {"counted": True, "view_count": None}
    assert as_owner.post(f"/api/v1/offers/{public_offer.pk}/view/").json() == {"counted": False, "view_count": 2}


def test_views_of_drafts_are_404_for_others(anon, as_stranger, as_staff, draft_offer):
    assert anon.post(f"/api/v1/offers/{draft_offer.pk}/view/").status_code == 404
    assert as_stranger.post(f"/api/v1/offers/{draft_offer.pk}/view/").status_code == 404
    assert as_staff.post(f"/api/v1/offers/{draft_offer.pk}/view/").json()["counted"] is True


def test_view_recording_is_throttled_separately(anon, public_offer, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "views": "2/minute"}}
    statuses = [anon.post(f"/api/v1/offers/{public_offer.pk}/view/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert anon.get("/api/v1/offers/").status_code == 200
