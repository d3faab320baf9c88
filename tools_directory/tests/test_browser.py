"""The directory in Chromium: filters update the results in place with htmx, and still work without JavaScript."""
import pytest
from wagtail.models import Locale, Page

from collective.services import offer_categories_seed
from home.services import editorial_pages_seed
from tools_directory.choices import ToolPricing
from tools_directory.factories import ToolPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_directory(live_server):
    # Transactional tests start from a flushed database (Playwright's greenlets defeat serialized_rollback):
    # put back the Wagtail root page and locale that migrations normally provide.
    locale, _ = Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    editorial_pages_seed()
    offer_categories_seed()
    from collective.models import Taxonomy

    design = Taxonomy.objects.get(slug="creative-design")
    dev = Taxonomy.objects.get(slug="development")
    ToolPageFactory(title="Claude", categories=[dev])
    ToolPageFactory(title="Midjourney", pricing=ToolPricing.PAID, categories=[design])
    ToolPageFactory(title="Cursor", categories=[dev])
    return live_server


def card_titles(page) -> list[str]:  # noqa: F811
    return page.locator("#tool-results .card__title").all_inner_texts()


def test_filters_update_results_in_place(page, live_directory):  # noqa: F811
    page.goto("/discover/tools/")
    page.evaluate("window.__sameDocument = true")
    assert sorted(card_titles(page)) == ["Claude", "Cursor", "Midjourney"]

    page.fill("#id_q", "mid")
    page.wait_for_url("**/discover/tools/?*q=mid*")
    page.wait_for_function("document.querySelectorAll('#tool-results .card__title').length === 1")
    assert card_titles(page) == ["Midjourney"]

    page.fill("#id_q", "")
    page.locator("label[for=category-development]").click()
    page.wait_for_url("**category=development*")
    page.wait_for_function("document.querySelectorAll('#tool-results .card__title').length === 2")
    assert sorted(card_titles(page)) == ["Claude", "Cursor"]
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    assert page.console_errors == []


def test_filters_work_without_javascript(browser, live_directory):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, base_url=live_directory.url)
    page = context.new_page()  # noqa: F811
    page.goto("/discover/tools/")
    page.select_option("#id_pricing", "paid")
    page.click("button[type=submit]")
    page.wait_for_url("**pricing=paid*")
    assert card_titles(page) == ["Midjourney"]
    context.close()
