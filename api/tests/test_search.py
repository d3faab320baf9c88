"""Full-text `q` through collective.search (stored weighted vectors on PostgreSQL): natural language, weighting, stemming, prefixes, freshness.

Stemming, stop words and field weights come from PostgreSQL's full-text search, so those tests run on
PostgreSQL only (SQLite's FTS5 fallback has no stemmer and ranks all columns alike).
"""
import pytest
from django.conf import settings
from django.core.management import call_command

from collective.choices import OfferStatus
from collective.factories import AskFactory, OfferFactory, ToolTaxonomyFactory
from collective.models import Ask, Offer
from collective.selectors import offers_search, search_terms
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
needs_postgres = pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                                    reason="stemming, stop words and weights are PostgreSQL full-text features")


def on_postgres(test):
    return pytest.mark.postgres(needs_postgres(test))


def titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_search_terms_drop_conversational_filler():
    assert search_terms("I need help writing blog posts") == ["writing", "blog", "posts"]
    assert search_terms("I'm looking for someone to review my landing page!") == ["review", "landing", "page"]
    assert search_terms("help") == ["help"]  # nothing else left: keep it
    assert search_terms("  ';--  ") == []


def test_natural_language_query_ranks_the_best_match_first(anon):
    OfferFactory(title="Blog post writing coaching", description="Posts that people finish reading.")
    OfferFactory(title="Landing page teardown", description="I also write the occasional blog post.")
    OfferFactory(title="Logo design", description="Three concepts.")
    found = titles(anon, "/api/v1/offers/?q=I need help writing blog posts")
    assert found[0] == "Blog post writing coaching"
    assert "Logo design" not in found


@on_postgres
def test_title_matches_rank_above_description_matches(anon):
    OfferFactory(title="Notion templates for freelancers", description="Ready to duplicate.")
    OfferFactory(title="Weekly planner", description="Works great inside notion.")
    assert titles(anon, "/api/v1/offers/?q=notion") == ["Notion templates for freelancers", "Weekly planner"]


def test_tool_names_are_searched(anon):
    OfferFactory(title="Album covers", tools=[ToolTaxonomyFactory(name="Midjourney")])
    assert titles(anon, "/api/v1/offers/?q=midjourney") == ["Album covers"]


def test_short_queries_match_word_prefixes(anon):
    OfferFactory(title="Prompt engineering clinic")
    OfferFactory(title="Album covers", tools=[ToolTaxonomyFactory(name="Midjourney")])
    assert titles(anon, "/api/v1/offers/?q=prompt eng") == ["Prompt engineering clinic"]
    assert titles(anon, "/api/v1/offers/?q=midj") == ["Album covers"]


def test_drafts_and_archived_offers_are_never_found(anon, owner):
    OfferFactory(user=owner, title="Secret chatbot draft", status=OfferStatus.DRAFT)
    OfferFactory(user=owner, title="Old chatbot", status=OfferStatus.ARCHIVED)
    OfferFactory(title="Support chatbot setup")
    assert titles(anon, "/api/v1/offers/?q=chatbot") == ["Support chatbot setup"]


def test_search_combines_with_filters_and_explicit_ordering(anon):
    OfferFactory(title="SEO audit", offer_type="service")
    OfferFactory(title="SEO checklist", offer_type="template")
    older = OfferFactory(title="SEO course", offer_type="course")
    Offer.objects.filter(pk=older.pk).update(view_count=50)
    assert sorted(titles(anon, "/api/v1/offers/?q=seo&type=service,template")) == ["SEO audit", "SEO checklist"]
    assert titles(anon, "/api/v1/offers/?q=seo&ordering=-view_count")[0] == "SEO course"


def test_the_index_follows_edits(as_owner, anon, owner):
    offer = OfferFactory(user=owner, title="Podcast editing")
    assert as_owner.patch(f"/api/v1/offers/{offer.pk}/", {"title": "Video editing"}).status_code == 200
    assert titles(anon, "/api/v1/offers/?q=video") == ["Video editing"]
    assert titles(anon, "/api/v1/offers/?q=podcast") == []
    tool = ToolTaxonomyFactory(name="Descript")
    assert as_owner.patch(f"/api/v1/offers/{offer.pk}/", {"tools": [tool.slug]}).status_code == 200
    assert titles(anon, "/api/v1/offers/?q=descript") == ["Video editing"]


def test_people_index_follows_profile_edits(anon):
    member = UserFactory(username="kim", tagline="Spreadsheet wizard")
    response = anon.get("/api/v1/discover/people/?q=spreadsheet").json()
    assert [p["username"] for p in response["results"]] == ["kim"]
    member.tagline = "Podcast producer"
    member.save()
    assert anon.get("/api/v1/discover/people/?q=spreadsheet").json()["count"] == 0
    assert anon.get("/api/v1/discover/people/?q=podcast").json()["count"] == 1


@on_postgres
def test_rebuild_search_index_rebuilds_everything(anon):
    OfferFactory(title="Churn analysis")
    AskFactory(title="Need churn help")
    Offer.objects.update(search_vector=None)
    Ask.objects.update(search_vector=None)
    assert titles(anon, "/api/v1/offers/?q=churn") == []
    call_command("rebuild_search_index", verbosity=0)
    assert titles(anon, "/api/v1/offers/?q=churn") == ["Churn analysis"]
    assert titles(anon, "/api/v1/asks/?q=churn") == ["Need churn help"]


@on_postgres
def test_stemming_finds_other_forms_of_a_word(anon):
    OfferFactory(title="I write landing pages", description="Conversion copy.")
    OfferFactory(title="Illustrations", description="Hand drawn.")
    assert titles(anon, "/api/v1/offers/?q=writing") == ["I write landing pages"]
    assert titles(anon, "/api/v1/asks/?q=writing") == []


@on_postgres
def test_stop_words_and_ranking_on_postgres(anon):
    OfferFactory(title="Email marketing automation", description="Sequences that convert.")
    OfferFactory(title="Brand strategy", description="Includes a short section on email marketing.")
    OfferFactory(title="Automation audits", description="Zapier and Make.")
    found = titles(anon, "/api/v1/offers/?q=what is the best way to automate my email marketing")
    assert found[0] == "Email marketing automation"
    assert set(found) == {"Email marketing automation", "Brand strategy", "Automation audits"}


@on_postgres
def test_selector_ranking_title_above_tags_above_description():
    tool = ToolTaxonomyFactory(name="Zapier")
    in_description = OfferFactory(title="Ops help", description="I love zapier.")
    in_tools = OfferFactory(title="Workflow setup", description="Done for you.", tools=[tool])
    in_title = OfferFactory(title="Zapier consulting", description="Automations.")
    assert list(offers_search(query="zapier")) == [in_title, in_tools, in_description]
