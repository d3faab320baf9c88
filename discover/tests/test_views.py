"""/discover/ and /discover/offers|asks|people/: problem categories, natural-language search, filters, htmx."""
import pytest
from django.core.management import call_command

from collective.factories import AskFactory, CategoryFactory, OfferFactory, ToolTaxonomyFactory
from members.factories import FollowFactory, UserFactory
from tools_directory.factories import ToolPageFactory

pytestmark = pytest.mark.django_db

RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "discover-results"}


@pytest.fixture
def marketing(db):
    return CategoryFactory(name="Marketing & Content", slug="marketing-content")


@pytest.fixture
def design(db):
    return CategoryFactory(name="Creative & Design", slug="creative-design")


@pytest.fixture
def site(db):
    call_command("seed_pages", verbosity=0)


def test_discover_offers_problem_categories_and_a_natural_language_search_box(client, marketing, design):
    html = client.get("/discover/").content.decode()
    assert "What do you need help with?" in html and "Marketing &amp; Content" in html
    assert 'placeholder="e.g. I need help writing blog posts"' in html
    assert "Can't find it? Post an ask" in html


def test_natural_language_query_finds_tools_experts_courses_offers_and_asks(client, site, marketing):
    writer = UserFactory(username="maya", display_name="Maya Okafor", bio="I write blog posts for small businesses.")
    OfferFactory(user=writer, title="Blog post ghostwriting", offer_type="service", category=marketing)
    OfferFactory(title="Blog writing for beginners", offer_type="course", category=marketing)
    OfferFactory(title="Spreadsheet formula helper", offer_type="app")
    OfferFactory(title="Blog post draft", status="draft")
    AskFactory(title="Need someone to review my blog posts")
    ToolPageFactory(title="Surfer", tagline="Writes and optimises blog posts",
                    description=[{"type": "paragraph", "value": "<p>An editor for writing blog posts that rank.</p>"}])
    html = client.get("/discover/", {"q": "I need help writing blog posts"}).content.decode()
    assert "Results for “I need help writing blog posts”" in html
    assert "Surfer" in html and "Tools that solve this" in html
    assert "Maya Okafor" in html and "Experts who can help" in html
    assert "Blog writing for beginners" in html and "Courses to get started" in html
    assert "Blog post ghostwriting" in html and "Need someone to review my blog posts" in html
    assert "Spreadsheet formula helper" not in html and "Blog post draft" not in html
    assert "/my/asks/new/?title=I%20need%20help%20writing%20blog%20posts" in html


def test_picking_a_problem_narrows_every_section(client, marketing, design):
    OfferFactory(title="Newsletter drafting", category=marketing)
    OfferFactory(title="Logo critique", category=design)
    AskFactory(title="Help with my launch copy", category=marketing)
    html = client.get("/discover/", {"category": "marketing-content"}).content.decode()
    assert "Popular for Marketing &amp; Content" in html
    assert "Newsletter drafting" in html and "Help with my launch copy" in html and "Logo critique" not in html


def test_filter_changes_with_htmx_return_only_the_results(client, marketing):
    OfferFactory(title="Newsletter drafting", category=marketing)
    response = client.get("/discover/", {"category": "marketing-content"}, **RESULTS)
    html = response.content.decode()
    assert "<html" not in html and "Newsletter drafting" in html
    page = client.get("/discover/offers/", {"q": "newsletter"}, **RESULTS).content.decode()
    assert "<html" not in page and "Newsletter drafting" in page and "Showing 1–1 of 1" in page


def test_signed_in_member_sees_asks_they_could_help_with(client, member, marketing):
    OfferFactory(user=member, category=marketing)
    AskFactory(title="Write my product launch email", category=marketing)
    client.force_login(member)
    html = client.get("/discover/").content.decode()
    assert "For you: asks you could help with" in html and "Write my product launch email" in html


def test_offers_filter_by_type_price_tool_and_category(client, marketing):
    claude = ToolTaxonomyFactory(name="Claude", slug="claude")
    OfferFactory(title="Free prompt pack", offer_type="template", category=marketing, tools=[claude])
    OfferFactory(title="Paid consulting", offer_type="service", pricing_type="hourly", price_cents=15000, is_paid=True)
    OfferFactory(title="Mentoring circle", offer_type="mentorship")

    def titles(**params):
        html = client.get("/discover/offers/", params).content.decode()
        return {t for t in ("Free prompt pack", "Paid consulting", "Mentoring circle") if t in html}

    assert titles() == {"Free prompt pack", "Paid consulting", "Mentoring circle"}
    assert titles(type="template") == {"Free prompt pack"}
    assert titles(type="work_with_me") == {"Paid consulting", "Mentoring circle"}
    assert titles(price="paid") == {"Paid consulting"}
    assert titles(price="free") == {"Free prompt pack", "Mentoring circle"}
    assert titles(tool="claude") == {"Free prompt pack"}
    assert titles(category="marketing-content") == {"Free prompt pack"}


def test_offers_sort_by_price(client):
    OfferFactory(title="Cheap", pricing_type="one_time", price_cents=500, is_paid=True)
    OfferFactory(title="Pricey", pricing_type="one_time", price_cents=90000, is_paid=True)
    html = client.get("/discover/offers/", {"sort": "-price_cents"}).content.decode()
    assert html.index("Pricey") < html.index("Cheap")
    html = client.get("/discover/offers/", {"sort": "price_cents"}).content.decode()
    assert html.index("Cheap") < html.index("Pricey")


def test_unknown_filter_values_are_ignored_with_a_notice(client):
    OfferFactory(title="Still listed")
    response = client.get("/discover/offers/", {"type": "spaceship", "sort": "chaos", "page": "99"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "weren't recognised" in html and "Still listed" in html


def test_asks_show_open_ones_by_default(client):
    AskFactory(title="Open one")
    AskFactory(title="Done one", status="fulfilled")
    html = client.get("/discover/asks/").content.decode()
    assert "Open one" in html and "Done one" not in html
    html = client.get("/discover/asks/", {"status": "any"}).content.decode()
    assert "Open one" in html and "Done one" in html


def test_asks_filter_paid_opportunities(client):
    AskFactory(title="Paid gig", is_paid_opportunity=True, budget_max_cents=50000)
    AskFactory(title="Favour")
    html = client.get("/discover/asks/", {"price": "paid"}).content.decode()
    assert "Paid gig" in html and "Favour" not in html


def test_people_search_by_name_and_bio(client):
    UserFactory(username="kenji", display_name="Kenji Sato", bio="I benchmark language models.")
    UserFactory(username="rosa", display_name="Rosa Delgado", bio="Baker.")
    html = client.get("/discover/people/", {"q": "benchmark models"}).content.decode()
    assert "Kenji Sato" in html and "Rosa Delgado" not in html


def test_lists_paginate(client):
    OfferFactory.create_batch(14)
    html = client.get("/discover/offers/").content.decode()
    assert "Showing 1–12 of 14" in html and 'rel="next"' in html
    assert "Showing 13–14 of 14" in client.get("/discover/offers/", {"page": 2}).content.decode()


@pytest.mark.parametrize(("path", "params"), [
    ("/discover/offers/", {}),
    ("/discover/offers/", {"q": "offer"}),
    ("/discover/asks/", {}),
    ("/discover/people/", {}),
    ("/discover/", {}),
    ("/discover/", {"q": "looking for help with offers"}),
])
def test_discover_pages_use_a_constant_number_of_queries(client, member, marketing, path, params,
                                                          django_assert_max_num_queries):
    def grow(n):
        # Fixed texts: with random ones a search may fill a result section at one size and not the other.
        text = "Help with offers, asks and marketing for small teams."
        tools = ToolTaxonomyFactory.create_batch(2)
        owners = UserFactory.create_batch(n, bio=text)
        for owner in owners:
            OfferFactory(user=owner, category=marketing, tools=tools, offer_type="service", description=text)
            OfferFactory(user=owner, offer_type="course", tools=tools, description=text)
            AskFactory(user=owner, category=marketing, tools=tools, description=text)
            FollowFactory(follower=member, following=owner)

    grow(2)
    client.force_login(member)
    with django_assert_max_num_queries(45) as small:
        assert client.get(path, params).status_code == 200
    grow(14)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path, params).status_code == 200
