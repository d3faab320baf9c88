"""Discovery, people, taxonomy and tools endpoints (all public)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collective.choices import AskStatus, OfferStatus, TaxonomyType
from collective.factories import AskFactory, CategoryFactory, OfferFactory, TaxonomyFactory, ToolTaxonomyFactory
from collective.models import Taxonomy
from members.factories import FollowFactory, UserFactory

from .conftest import client_for, error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(db):
    # Every searchable field is spelled out (no Faker bios): a generated "maybe" would match `?q=may`.
    maya = UserFactory(username="maya", display_name="Maya Writer", tagline="Blog posts that convert",
                       bio="Writer for small studios.", helped_count=7)
    leo = UserFactory(username="leo", display_name="Leo Designer", bio="I make logos in Figma.", helped_count=2)
    UserFactory(username="quiet", display_name="Quiet Member", bio="Reading along.")
    figma = ToolTaxonomyFactory(name="Figma", slug="figma", description="Collaborative design tool.")
    ToolTaxonomyFactory(name="Claude", slug="claude", description="An AI assistant for writing and code.")
    OfferFactory(user=maya, title="Blog post writing coaching", description="I help you write posts people read.")
    OfferFactory(user=leo, title="Logo design sprint", description="Three concepts in a week.", tools=[figma])
    OfferFactory(user=leo, title="Hidden draft about blogs", status=OfferStatus.DRAFT)
    AskFactory(user=leo, title="Need a blog writer for my studio", description="Two posts a month.")
    AskFactory(user=maya, title="Closed ask about blogs", status=AskStatus.CLOSED)
    return {"maya": maya, "leo": leo, "figma": figma}


def test_unified_discovery_answers_a_natural_language_question(anon, community):
    response = anon.get("/api/v1/discover/?q=I need help writing blog posts")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "I need help writing blog posts"
    assert body["offers"]["results"][0]["title"] == "Blog post writing coaching"
    assert all("draft" not in o["title"].lower() for o in body["offers"]["results"])
    assert [a["title"] for a in body["asks"]["results"]] == ["Need a blog writer for my studio"]  # open asks only
    assert body["people"]["results"][0]["username"] == "maya"
    assert body["offers"]["more_url"].endswith("/api/v1/discover/offers/?q=I+need+help+writing+blog+posts")


def test_unified_discovery_without_a_query_shows_creators_and_tools(anon, community):
    body = anon.get("/api/v1/discover/?limit=1").json()
    assert body["offers"]["count"] == 2
    assert len(body["offers"]["results"]) == 1
    assert [p["username"] for p in body["people"]["results"]] == ["maya"]  # creators, most helpful first
    assert body["people"]["count"] == 2
    assert body["tools"]["count"] == 2


@pytest.mark.parametrize("query", ["limit=0", "limit=21", "limit=many", "q=" + "x" * 201])
def test_unified_discovery_rejects_bad_parameters(anon, query):
    response = anon.get(f"/api/v1/discover/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in error_of(response)["fields"]


def test_unified_discovery_costs_a_constant_number_of_queries(anon, community):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert anon.get(url).status_code == 200
        return len(captured)

    urls = ("/api/v1/discover/", "/api/v1/discover/?q=blog")
    for url in urls:  # a process's first search loads the dense index and the typo vocabulary once
        queries(url)
    few = {url: queries(url) for url in urls}
    for n in range(45):
        OfferFactory(title=f"Blog idea {n}", tools=[community["figma"]])
        AskFactory(title=f"Blog question {n}")
        UserFactory(tagline="Blog person")
    for url in urls:  # writes invalidate the shared caches (counts, rankings); the first request refills them
        queries(url)
    assert {url: queries(url) for url in few} == few


def test_discover_offers_puts_featured_first(anon, community):
    logo = community["leo"].offers.get(title="Logo design sprint")
    logo.is_featured = True
    logo.save()
    titles = [o["title"] for o in anon.get("/api/v1/discover/offers/").json()["results"]]
    assert titles == ["Logo design sprint", "Blog post writing coaching"]
    assert [o["title"] for o in anon.get("/api/v1/discover/offers/?tool=figma").json()["results"]] == [
        "Logo design sprint"]


def test_discover_asks_shows_open_asks_unless_asked_otherwise(anon, community):
    assert [a["title"] for a in anon.get("/api/v1/discover/asks/").json()["results"]] == [
        "Need a blog writer for my studio"]
    assert [a["title"] for a in anon.get("/api/v1/discover/asks/?status=closed").json()["results"]] == [
        "Closed ask about blogs"]


def test_discover_people(anon, community, as_stranger, stranger):
    FollowFactory(follower=stranger, following=community["leo"])
    people = anon.get("/api/v1/discover/people/").json()["results"]
    assert [p["username"] for p in people][:2] == ["maya", "leo"]
    assert [p["username"] for p in anon.get("/api/v1/discover/people/?q=logos").json()["results"]] == ["leo"]
    assert [p["username"] for p in anon.get("/api/v1/discover/people/?q=may").json()["results"]] == ["maya"]
    assert [p["username"] for p in anon.get("/api/v1/discover/people/?tool=figma").json()["results"]] == ["leo"]
    creators = {p["username"] for p in anon.get("/api/v1/discover/people/?has_offers=true").json()["results"]}
    assert creators == {"maya", "leo"}
    mine = {p["username"]: p["is_followed"] for p in as_stranger.get("/api/v1/discover/people/?q=leo").json()["results"]}
    assert mine == {"leo": True}


@pytest.mark.parametrize("rows", [5, 50])
def test_discover_people_costs_a_constant_number_of_queries(stranger, django_assert_num_queries, rows):
    for _ in range(rows):
        UserFactory()
    with django_assert_num_queries(2):
        assert client_for(stranger).get("/api/v1/discover/people/?page_size=100").json()["count"] == rows + 1


@pytest.mark.parametrize("rows", [5, 50])
def test_discover_offers_and_asks_cost_a_constant_number_of_queries(anon, django_assert_num_queries, rows):
    for _ in range(rows):
        OfferFactory(tools=[ToolTaxonomyFactory()])
        AskFactory(tools=[ToolTaxonomyFactory()])
    with django_assert_num_queries(4):
        assert anon.get("/api/v1/discover/offers/?page_size=100").json()["count"] == rows
    with django_assert_num_queries(4):
        assert anon.get("/api/v1/discover/asks/?page_size=100").json()["count"] == rows


# --- taxonomy -----------------------------------------------------------------------------------


def test_categories(anon):
    CategoryFactory(name="Marketing & Content", slug="marketing-content")
    CategoryFactory(name="Retired", slug="retired", is_active=False)
    assert [c["slug"] for c in anon.get("/api/v1/categories/").json()["results"]] == ["marketing-content"]


def test_tags_search_by_prefix(anon):
    TaxonomyFactory(name="Python", slug="python", taxonomy_type=TaxonomyType.SKILL)
    TaxonomyFactory(name="Prompt engineering", slug="prompt-engineering", taxonomy_type=TaxonomyType.TOPIC)
    TaxonomyFactory(name="Figma", slug="figma-tool", taxonomy_type=TaxonomyType.TOOL)
    assert [t["slug"] for t in anon.get("/api/v1/tags/").json()["results"]] == ["prompt-engineering", "python"]
    assert [t["slug"] for t in anon.get("/api/v1/tags/?q=pyth").json()["results"]] == ["python"]
    assert [t["slug"] for t in anon.get("/api/v1/tags/?type=topic").json()["results"]] == ["prompt-engineering"]


@pytest.mark.parametrize("rows", [5, 50])
def test_taxonomy_lists_cost_a_constant_number_of_queries(anon, django_assert_num_queries, rows):
    for _ in range(rows):
        CategoryFactory()
        TaxonomyFactory(taxonomy_type=TaxonomyType.SKILL)
        ToolTaxonomyFactory()
    for url in ("/api/v1/categories/", "/api/v1/tags/", "/api/v1/tools/"):
        with django_assert_num_queries(2):
            assert anon.get(f"{url}?page_size=100").json()["count"] == rows


def test_tools_list_and_search(anon, community):
    Taxonomy.objects.filter(slug="claude").update(is_active=False)
    assert [t["slug"] for t in anon.get("/api/v1/tools/").json()["results"]] == ["figma"]
    ToolTaxonomyFactory(name="Midjourney", slug="midjourney", description="Images from text prompts.")
    assert [t["slug"] for t in anon.get("/api/v1/tools/?q=images").json()["results"]] == ["midjourney"]
    assert [t["slug"] for t in anon.get("/api/v1/tools/?q=midj").json()["results"]] == ["midjourney"]


def test_tool_detail_with_its_offers_and_asks(anon, community):
    AskFactory(title="Figma auto-layout help", tools=[community["figma"]])
    AskFactory(title="Closed figma ask", tools=[community["figma"]], status=AskStatus.CLOSED)
    OfferFactory(title="Draft figma kit", tools=[community["figma"]], status=OfferStatus.DRAFT)
    body = anon.get("/api/v1/tools/figma/").json()
    assert body["name"] == "Figma"
    assert [o["title"] for o in body["offers"]] == ["Logo design sprint"]
    assert [a["title"] for a in body["asks"]] == ["Figma auto-layout help"]
    assert (body["offer_count"], body["ask_count"]) == (1, 1)
    assert anon.get("/api/v1/tools/no-such-tool/").status_code == 404
    Taxonomy.objects.filter(slug="figma").update(is_active=False)
    assert anon.get("/api/v1/tools/figma/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/offers/", "/api/v1/asks/", "/api/v1/discover/", "/api/v1/discover/offers/",
                                 "/api/v1/discover/asks/", "/api/v1/discover/people/", "/api/v1/categories/",
                                 "/api/v1/tags/", "/api/v1/tools/", "/api/v1/tools/figma/",
                                 "/api/v1/members/maya/", "/api/v1/members/maya/followers/",
                                 "/api/v1/members/maya/following/"])
def test_public_endpoints_answer_visitors_members_and_staff(url, community, anon, as_stranger, as_staff):
    for client in (anon, as_stranger, as_staff):
        assert client.get(url).status_code == 200, (url, client)
