"""/api/v1/asks/: each endpoint × anonymous, another member, the owner and staff; status transitions."""
import pytest

from collective.choices import AskStatus, TaxonomyType
from collective.factories import AskFactory, CategoryFactory, TaxonomyFactory, ToolTaxonomyFactory
from collective.models import Ask

from .conftest import client_for, error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(owner):
    return AskFactory(user=owner, title="Need beta testers for my app", ask_type="beta_tester")


@pytest.fixture
def archived_ask(owner):
    return AskFactory(user=owner, title="Old ask", is_archived=True)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_everyone_lists_asks_but_never_archived_ones(anon, as_stranger, as_owner, as_staff, ask, archived_ask, owner):
    closed = AskFactory(user=owner, title="Closed ask", status=AskStatus.CLOSED)
    for client in (anon, as_stranger, as_owner, as_staff):
        assert sorted(titles(client.get("/api/v1/asks/"))) == sorted([ask.title, closed.title])
    assert titles(anon.get("/api/v1/asks/?status=open")) == [ask.title]


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_a_constant_number_of_queries(anon, django_assert_num_queries, rows):
    category = CategoryFactory()
    tool = ToolTaxonomyFactory()
    tag = TaxonomyFactory(taxonomy_type=TaxonomyType.TOPIC)
    for _ in range(rows):
        AskFactory(category=category, tools=[tool]).tags.add(tag)
    with django_assert_num_queries(4):
        assert anon.get("/api/v1/asks/?page_size=100").json()["count"] == rows


def test_filters(anon):
    dev = CategoryFactory(slug="development")
    cursor = ToolTaxonomyFactory(slug="cursor")
    AskFactory(title="Hire a React dev", ask_type="hire", category=dev, is_paid_opportunity=True,
               budget_min_cents=50_000, budget_max_cents=100_000, tools=[cursor])
    AskFactory(title="Advice on pricing", ask_type="advice")
    AskFactory(title="Small paid review", ask_type="feedback", is_paid_opportunity=True, budget_max_cents=5_000)

    def get(query):
        return sorted(titles(anon.get(f"/api/v1/asks/?{query}")))

    assert get("type=hire,advice") == ["Advice on pricing", "Hire a React dev"]
    assert get("category=development") == ["Hire a React dev"]
    assert get("tool=cursor") == ["Hire a React dev"]
    assert get("is_paid_opportunity=true") == ["Hire a React dev", "Small paid review"]
    assert get("budget_min=10000") == ["Hire a React dev"]
    assert get("budget_max=10000") == ["Small paid review"]
    assert get("q=pricing advice") == ["Advice on pricing"]


def test_detail_visibility(anon, as_stranger, as_owner, as_staff, ask, archived_ask):
    for client in (anon, as_stranger, as_owner, as_staff):
        assert client.get(f"/api/v1/asks/{ask.pk}/").json()["title"] == ask.title
    assert anon.get(f"/api/v1/asks/{archived_ask.pk}/").status_code == 404
    assert as_stranger.get(f"/api/v1/asks/{archived_ask.pk}/").status_code == 404
    assert as_owner.get(f"/api/v1/asks/{archived_ask.pk}/").status_code == 200
    assert as_staff.get(f"/api/v1/asks/{archived_ask.pk}/").status_code == 200


def test_create(anon, as_stranger, stranger):
    payload = {"title": "Feedback on my landing page", "description": "Is it clear?", "ask_type": "feedback",
               "is_paid_opportunity": True, "budget_min_cents": 1000, "budget_max_cents": 5000}
    assert anon.post("/api/v1/asks/", payload).status_code == 401
    response = as_stranger.post("/api/v1/asks/", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open"
    assert body["budget_display"] == "$10–$50"
    assert Ask.objects.get(pk=body["id"]).user == stranger


@pytest.mark.parametrize(("payload", "field"), [
    ({"title": "x", "description": "y", "ask_type": "feedback", "is_paid_opportunity": True,
      "budget_min_cents": 5000, "budget_max_cents": 100}, "budget_min_cents"),
    ({"title": "x", "description": "y", "ask_type": "feedback", "budget_max_cents": 100}, "is_paid_opportunity"),
    ({"title": "x", "description": "y", "ask_type": "nonsense"}, "ask_type"),
    ({"title": "x", "description": "y", "ask_type": "feedback", "is_paid_opportunity": "yes"},
     "is_paid_opportunity"),
    ({"title": "", "description": "y", "ask_type": "feedback"}, "title"),
])
def test_bad_ask_input_is_400(as_stranger, payload, field):
    response = as_stranger.post("/api/v1/asks/", payload)
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"]


def test_update_permissions(anon, as_stranger, as_owner, as_staff, ask, archived_ask):
    assert anon.patch(f"/api/v1/asks/{ask.pk}/", {"title": "x"}).status_code == 401
    assert as_stranger.patch(f"/api/v1/asks/{ask.pk}/", {"title": "x"}).status_code == 403
    assert as_staff.patch(f"/api/v1/asks/{ask.pk}/", {"title": "x"}).status_code == 403
    assert as_stranger.patch(f"/api/v1/asks/{archived_ask.pk}/", {"title": "x"}).status_code == 404
    response = as_owner.patch(f"/api/v1/asks/{ask.pk}/", {"title": "Need 10 beta testers"})
    assert response.status_code == 200
    assert response.json()["title"] == "Need 10 beta testers"


def test_archive(anon, as_stranger, as_owner, ask):
    assert anon.delete(f"/api/v1/asks/{ask.pk}/").status_code == 401
    assert as_stranger.delete(f"/api/v1/asks/{ask.pk}/").status_code == 403
    assert as_owner.delete(f"/api/v1/asks/{ask.pk}/").status_code == 204
    assert anon.get(f"/api/v1/asks/{ask.pk}/").status_code == 404
    assert titles(as_owner.get("/api/v1/asks/me/?archived=true")) == [ask.title]
    assert titles(as_owner.get("/api/v1/asks/me/")) == []


def test_staff_archive_for_moderation(as_staff, ask):
    assert as_staff.delete(f"/api/v1/asks/{ask.pk}/").status_code == 204
    assert Ask.objects.get(pk=ask.pk).is_archived


def test_my_asks(anon, as_owner, as_stranger, ask):
    assert anon.get("/api/v1/asks/me/").status_code == 401
    assert titles(as_owner.get("/api/v1/asks/me/")) == [ask.title]
    assert titles(as_stranger.get("/api/v1/asks/me/")) == []


@pytest.mark.parametrize("rows", [5, 50])
def test_my_asks_costs_a_constant_number_of_queries(owner, django_assert_num_queries, rows):
    for _ in range(rows):
        AskFactory(user=owner)
    with django_assert_num_queries(4):
        assert client_for(owner).get("/api/v1/asks/me/?page_size=100").json()["count"] == rows


# --- status -------------------------------------------------------------------------------------


ALLOWED = {
    "open": {"in_progress", "fulfilled", "closed"},
    "in_progress": {"open", "fulfilled", "closed"},
    "fulfilled": {"open"},
    "closed": {"open"},
}


@pytest.mark.parametrize("start", list(ALLOWED))
@pytest.mark.parametrize("target", list(ALLOWED))
def test_status_transitions(owner, start, target):
    ask = AskFactory(user=owner, status=start)
    response = client_for(owner).patch(f"/api/v1/asks/{ask.pk}/status/", {"status": target})
    if target == start or target in ALLOWED[start]:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == target
    else:
        assert response.status_code == 400
        assert error_of(response)["code"] == "invalid_transition"
        assert Ask.objects.get(pk=ask.pk).status == start


def test_fulfilling_stamps_fulfilled_at_and_reopening_clears_it(as_owner, ask):
    assert as_owner.patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "fulfilled"}).json()["fulfilled_at"]
    assert as_owner.patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "open"}).json()["fulfilled_at"] is None


def test_status_permissions(anon, as_stranger, as_staff, ask, archived_ask, owner):
    assert anon.patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "closed"}).status_code == 401
    assert as_stranger.patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "closed"}).status_code == 403
    assert as_staff.patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "closed"}).status_code == 403
    assert as_stranger.patch(f"/api/v1/asks/{archived_ask.pk}/status/", {"status": "closed"}).status_code == 404
    assert client_for(owner).patch(f"/api/v1/asks/{archived_ask.pk}/status/",
                                   {"status": "closed"}).status_code == 400
    bad = client_for(owner).patch(f"/api/v1/asks/{ask.pk}/status/", {"status": "done"})
    assert bad.status_code == 400
    assert "status" in error_of(bad)["fields"]


def test_views(anon, as_owner, ask):
    assert anon.post(f"/api/v1/asks/{ask.pk}/view/").json() == {"counted": True, "view_count": 1}
    assert anon.post(f"/api/v1/asks/{ask.pk}/view/").json()["counted"] is False
    assert as_owner.post(f"/api/v1/asks/{ask.pk}/view/").json()["counted"] is False
