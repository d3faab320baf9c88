"""The directory and tool pages as visitors see them: listing, search, filters, sort, htmx, community sections."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collective.choices import AskStatus, OfferStatus
from collective.factories import AskFactory, OfferFactory
from members.factories import UserFactory
from tools_directory.choices import ToolPricing, ToolStatus
from tools_directory.factories import ToolPageFactory
from tools_directory.models import SECTION_PER_PAGE, TOOLS_PER_PAGE

pytestmark = pytest.mark.django_db

INDEX = "/discover/tools/"


def html_of(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def count_queries(client, url) -> int:
    cache.clear()
    client.get(url)  # warm the site-root cache so both sizes are measured alike
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def directory(tools_index, categories):
    """Four tools across categories and pricing; Claude is the most used in offers."""
    tools = {
        "claude": ToolPageFactory(title="Claude", tagline="Anthropic's assistant", pricing=ToolPricing.FREEMIUM,
                                  categories=[categories["development"], categories["marketing-content"]]),
        "midjourney": ToolPageFactory(title="Midjourney", tagline="Image generator", pricing=ToolPricing.PAID,
                                      categories=[categories["creative-design"]]),
        "ollama": ToolPageFactory(title="Ollama", tagline="Run models locally", pricing=ToolPricing.OPEN_SOURCE,
                                  categories=[categories["development"]]),
        "anki": ToolPageFactory(title="Anki", tagline="Flashcards with spaced repetition", pricing=ToolPricing.FREE,
                                categories=[categories["learning-education"]]),
    }
    OfferFactory.create_batch(2, tools=[tools["claude"].taxonomy])
    OfferFactory(tools=[tools["midjourney"].taxonomy])
    OfferFactory(tools=[tools["anki"].taxonomy], status=OfferStatus.DRAFT)  # not public: doesn't count
    return tools


def listed_names(html: str, names=("Claude", "Midjourney", "Ollama", "Anki")) -> list[str]:
    positions = {name: html.find(f">{name}</a>") for name in names}
    return [name for name, pos in sorted(positions.items(), key=lambda item: item[1]) if pos >= 0]


def test_the_directory_lists_published_active_tools_most_used_first(client, directory, tools_index):
    ToolPageFactory(title="Secret draft", publish=False)
    retired = ToolPageFactory(title="Old Retired Tool", status=ToolStatus.RETIRED)
    html = html_of(client, INDEX)
    assert listed_names(html) == ["Claude", "Midjourney", "Anki", "Ollama"]
    assert "2 offers built with it" in html and "1 offer built with it" in html
    assert "Secret draft" not in html and retired.title not in html
    assert 'href="/discover/tools/claude/"' in html


def test_sorting_by_name(client, directory):
    assert listed_names(html_of(client, INDEX + "?sort=name")) == ["Anki", "Claude", "Midjourney", "Ollama"]


def test_searching_by_name_or_tagline(client, directory):
    assert listed_names(html_of(client, INDEX + "?q=claude")) == ["Claude"]
    assert listed_names(html_of(client, INDEX + "?q=IMAGE")) == ["Midjourney"]
    html = html_of(client, INDEX + "?q=nothing-like-this")
    assert listed_names(html) == []
    assert "No tools match those filters" in html


def test_filtering_by_category_and_pricing(client, directory):
    assert listed_names(html_of(client, INDEX + "?category=development&sort=name")) == ["Claude", "Ollama"]
    assert listed_names(html_of(client, INDEX + "?pricing=open_source")) == ["Ollama"]
    assert listed_names(html_of(client, INDEX + "?category=development&pricing=paid")) == []


def test_unknown_filter_values_are_ignored_with_a_notice(client, directory):
    html = html_of(client, INDEX + "?pricing=cheap&category=robots&sort=weird")
    assert "weren&#x27;t recognised" in html or "weren't recognised" in html
    assert listed_names(html) == ["Claude", "Midjourney", "Anki", "Ollama"]


def test_htmx_gets_only_the_results_partial(client, directory):
    response = client.get(INDEX + "?q=mid", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tool-results")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert listed_names(html) == ["Midjourney"]
    assert "HX-Request" in response["Vary"]
    # A plain request for the same URL gets the whole page with the form filled in.
    full = html_of(client, INDEX + "?q=mid")
    assert "<html" in full and 'hx-get="/discover/tools/"' in full and 'value="mid"' in full


def test_the_directory_paginates_in_constant_queries(client, tools_index, categories):
    ToolPageFactory.create_batch(3, categories=[categories["other"]])
    small = count_queries(client, INDEX)
    ToolPageFactory.create_batch(TOOLS_PER_PAGE, categories=[categories["other"], categories["development"]])
    assert count_queries(client, INDEX) == small
    html = html_of(client, INDEX + "?page=2")
    assert f"Showing {TOOLS_PER_PAGE + 1}–{TOOLS_PER_PAGE + 3} of {TOOLS_PER_PAGE + 3} tools" in html


def test_a_tool_page_shows_what_it_is_and_who_uses_it(client, directory):
    claude = directory["claude"]
    expert = UserFactory(username="ellie", display_name="Ellie Brooks")
    offer = OfferFactory(user=expert, title="MeetingMint summaries", tools=[claude.taxonomy])
    draft = OfferFactory(user=expert, title="Unfinished draft", status=OfferStatus.DRAFT, tools=[claude.taxonomy])
    ask = AskFactory(title="Help me prompt Claude", tools=[claude.taxonomy])
    closed = AskFactory(title="Old closed ask", status=AskStatus.CLOSED, tools=[claude.taxonomy])
    other = OfferFactory(title="Image thing", tools=[directory["midjourney"].taxonomy])

    html = html_of(client, claude.url)
    assert "Claude is an AI tool for testing." in html
    assert "Drafting text" in html and "Say what you want and in which format." in html
    assert "Built with Claude" in html and offer.title in html
    assert "Help wanted with Claude" in html and ask.title in html
    assert "Ellie Brooks" in html and "@ellie" in html
    for hidden in (draft.title, closed.title, other.title):
        assert hidden not in html
    # Badges on the cards link back to tool pages that exist.
    assert 'href="/discover/tools/claude/"' in html


def test_tool_badges_on_offer_pages_lead_to_the_tool_page(client, directory):
    offer = OfferFactory(tools=[directory["claude"].taxonomy])
    html = html_of(client, offer.get_absolute_url())
    assert 'href="/discover/tools/claude/"' in html
    assert client.get("/discover/tools/claude/").status_code == 200


def test_each_section_pages_on_its_own_parameter(client, directory):
    claude = directory["claude"]
    OfferFactory.create_batch(SECTION_PER_PAGE + 1, tools=[claude.taxonomy])  # 2 from the fixture + 7
    AskFactory.create_batch(2, tools=[claude.taxonomy])
    first = html_of(client, claude.url)
    assert "?offers_page=2#offers" in first
    assert "asks_page=2" not in first
    second = html_of(client, claude.url + "?offers_page=2")
    assert second.count('class="card card--interactive offer-card"') == SECTION_PER_PAGE + 3 - SECTION_PER_PAGE
    assert second.count("ask-card tint-ask") == 2
    assert html_of(client, claude.url + "?offers_page=999&asks_page=abc")  # out of range → last/first page


def test_the_tool_page_needs_the_same_queries_with_3_or_30_offers(client, tools_index):
    tool = ToolPageFactory(title="Claude")
    for _ in range(3):
        OfferFactory(tools=[tool.taxonomy])
        AskFactory(tools=[tool.taxonomy])
    small = count_queries(client, tool.url)
    for _ in range(27):
        OfferFactory(tools=[tool.taxonomy])
        AskFactory(tools=[tool.taxonomy])
    assert count_queries(client, tool.url) == small
    assert small <= 25


def test_a_retired_tool_keeps_its_page_with_a_notice(client, tools_index):
    tool = ToolPageFactory(title="Old Tool", status=ToolStatus.RETIRED)
    html = html_of(client, tool.url)
    assert "Old Tool is retired." in html


def test_an_unpublished_tool_is_gone_from_the_directory_and_its_url(client, directory):
    directory["ollama"].unpublish()
    assert "Ollama" not in listed_names(html_of(client, INDEX))
    assert client.get("/discover/tools/ollama/").status_code == 404
