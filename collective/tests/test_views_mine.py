"""/my/offers/ and /my/asks/: creating, editing, pausing, archiving and changing status of your own."""
import re

import pytest
from django.urls import reverse

from collective.factories import AskFactory, CategoryFactory, OfferFactory, ToolTaxonomyFactory
from collective.models import Ask, Offer

pytestmark = pytest.mark.django_db


def offer_data(**overrides) -> dict:
    data = {"title": "MeetingBot", "offer_type": "app", "description": "AI meeting summaries in Slack.",
            "category": "", "pricing_type": "free", "price": "", "external_url": "", "status": "active"}
    data.update(overrides)
    return data


def ask_data(**overrides) -> dict:
    data = {"title": "Beta testers for TaskAI", "ask_type": "beta_tester", "description": "Five people, one week.",
            "category": ""}
    data.update(overrides)
    return data


def test_my_pages_need_a_signed_in_member(client):
    for path in ("/my/offers/", "/my/offers/new/", "/my/asks/", "/my/asks/new/"):
        assert client.get(path).url.startswith("/accounts/login/")


def test_new_offer_page_offers_avas_link_import_outside_the_offer_form(client, member):
    client.force_login(member)
    html = client.get("/my/offers/new/").content.decode()
    import_box = html.index('hx-post="/ava/import/"')
    offer_form = html.index('<form method="post" novalidate')
    assert import_box < offer_form  # a form can't nest in another: the import box comes first
    assert 'id="ava-import-result"' in html
    assert 'hx-post="/ava/import/"' not in client.get("/my/offers/").content.decode()


def test_member_shares_an_offer_and_goes_on_to_build_its_page(client, member):
    category, claude = CategoryFactory(name="Operations"), ToolTaxonomyFactory(name="Claude")
    client.force_login(member)
    response = client.post("/my/offers/new/", offer_data(category=category.pk, tools=[claude.pk],
                                                          pricing_type="monthly", price="9.50"))
    offer = Offer.objects.get(user=member)
    assert response.status_code == 302 and response.url == reverse("mine:offer_content", args=[offer.pk])
    assert (offer.status, offer.category, offer.price_cents, offer.is_paid) == ("active", category, 950, True)
    assert list(offer.tools.all()) == [claude]
    assert "MeetingBot" in client.get("/@ada/").content.decode()


def test_offer_form_shows_field_errors_and_keeps_what_was_typed(client, member):
    client.force_login(member)
    response = client.post("/my/offers/new/", offer_data(title="", description="Keep this text",
                                                          pricing_type="one_time", price=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "Set a price, or choose Free." in html
    assert "Keep this text" in html and re.search(r'value="app"[^>]*checked', html)
    assert not Offer.objects.exists()


def test_service_errors_land_on_the_form(client, member):
    tag_not_a_tool = CategoryFactory()  # a category is not a tool
    client.force_login(member)
    response = client.post("/my/offers/new/", offer_data(tools=[tag_not_a_tool.pk]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Offer.objects.exists()


def test_member_edits_their_offer(client, member):
    offer = OfferFactory(user=member, title="Old title")
    client.force_login(member)
    edit_url = reverse("mine:offer_edit", args=[offer.pk])
    assert 'value="Old title"' in client.get(edit_url).content.decode()
    response = client.post(edit_url, offer_data(title="New title", status="paused"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("New title", "paused")


def test_someone_elses_offer_cannot_be_edited_paused_archived_or_built(client, member, other_member):
    offer = OfferFactory(user=other_member, title="Grace's offer")
    client.force_login(member)
    assert client.get(reverse("mine:offer_edit", args=[offer.pk])).status_code == 404
    assert client.post(reverse("mine:offer_edit", args=[offer.pk]), offer_data()).status_code == 404
    assert client.post(reverse("mine:offer_status", args=[offer.pk]), {"status": "paused"}).status_code == 404
    assert client.post(reverse("mine:offer_archive", args=[offer.pk])).status_code == 404
    assert client.get(reverse("mine:offer_content", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Grace's offer", "active")


def test_pause_resume_unpublish_and_archive_from_the_list(client, member):
    offer = OfferFactory(user=member, title="MeetingBot")
    client.force_login(member)
    status_url = reverse("mine:offer_status", args=[offer.pk])
    for status in ("paused", "active", "draft"):
        response = client.post(status_url, {"status": status, "next": "/my/offers/?show=active"})
        assert response.status_code == 302 and response.url == "/my/offers/?show=active"
        offer.refresh_from_db()
        assert offer.status == status
    assert client.post(status_url, {"status": "archived"}, follow=True).status_code == 200
    offer.refresh_from_db()
    assert offer.status == "draft"  # archiving has its own button
    client.post(reverse("mine:offer_archive", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.is_archived
    assert "MeetingBot" in client.get("/my/offers/?show=archived").content.decode()
    assert client.get(offer.get_absolute_url()).status_code == 200  # the owner still sees it


def test_my_offers_tabs_count_by_status(client, member):
    OfferFactory.create_batch(2, user=member)
    OfferFactory(user=member, status="draft", title="Draft idea")
    client.force_login(member)
    html = client.get("/my/offers/?show=draft").content.decode()
    assert "Draft idea" in html
    assert 'Active<span class="tabs__count">2</span>' in html and 'Drafts<span class="tabs__count">1</span>' in html


def test_my_offers_paginates_with_a_constant_number_of_queries(client, member, django_assert_max_num_queries):
    tool = ToolTaxonomyFactory()
    OfferFactory.create_batch(3, user=member, tools=[tool])
    client.force_login(member)
    with django_assert_max_num_queries(25) as small:
        client.get("/my/offers/")
    OfferFactory.create_batch(30, user=member, tools=[tool])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/my/offers/").content.decode()
    assert 'rel="next"' in html


# --- Asks ----------------------------------------------------------------------------------------------------

def test_member_posts_an_ask(client, member):
    client.force_login(member)
    response = client.post("/my/asks/new/", ask_data(is_paid_opportunity="on", budget_min="50", budget_max="200"))
    ask = Ask.objects.get(user=member)
    assert response.status_code == 302 and response.url == ask.get_absolute_url()
    assert (ask.status, ask.budget_min_cents, ask.budget_max_cents) == ("open", 5000, 20000)


def test_discover_prefills_the_ask_title(client, member):
    client.force_login(member)
    assert 'value="help with blog posts"' in client.get("/my/asks/new/?title=help+with+blog+posts").content.decode()


def test_ask_form_errors_keep_input(client, member):
    client.force_login(member)
    response = client.post("/my/asks/new/", ask_data(title="", description="Still here", is_paid_opportunity="on",
                                                     budget_min="300", budget_max="100"))
    html = response.content.decode()
    assert "This field is required." in html and "can&#x27;t be above the highest" in html and "Still here" in html
    assert not Ask.objects.exists()


def test_ask_status_moves_along_the_allowed_transitions(client, member):
    ask = AskFactory(user=member)
    client.force_login(member)
    url = reverse("mine:ask_status", args=[ask.pk])
    client.post(url, {"status": "in_progress"})
    ask.refresh_from_db()
    assert ask.status == "in_progress"
    client.post(url, {"status": "fulfilled"})
    ask.refresh_from_db()
    assert ask.status == "fulfilled" and ask.fulfilled_at
    response = client.post(url, {"status": "in_progress"}, follow=True)  # fulfilled can only reopen
    assert "can only become: open" in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == "fulfilled"


def test_status_menu_offers_only_allowed_moves(client, member):
    AskFactory(user=member, status="closed")
    client.force_login(member)
    html = client.get("/my/asks/?show=done").content.decode()
    assert '<option value="open">Open</option>' in html and 'value="in_progress"' not in html


def test_someone_elses_ask_cannot_be_changed(client, member, other_member):
    ask = AskFactory(user=other_member)
    client.force_login(member)
    assert client.get(reverse("mine:ask_edit", args=[ask.pk])).status_code == 404
    assert client.post(reverse("mine:ask_status", args=[ask.pk]), {"status": "closed"}).status_code == 404
    assert client.post(reverse("mine:ask_archive", args=[ask.pk])).status_code == 404
    ask.refresh_from_db()
    assert ask.status == "open" and not ask.is_archived


def test_edit_and_archive_my_ask(client, member):
    ask = AskFactory(user=member, title="Old")
    client.force_login(member)
    client.post(reverse("mine:ask_edit", args=[ask.pk]), ask_data(title="Clearer title"))
    ask.refresh_from_db()
    assert ask.title == "Clearer title"
    client.post(reverse("mine:ask_archive", args=[ask.pk]))
    ask.refresh_from_db()
    assert ask.is_archived
    assert "Clearer title" in client.get("/my/asks/?show=archived").content.decode()
    assert "Clearer title" not in client.get("/my/asks/").content.decode()


def test_my_asks_query_count_is_constant(client, member, django_assert_max_num_queries):
    AskFactory.create_batch(2, user=member, tools=[ToolTaxonomyFactory()])
    client.force_login(member)
    with django_assert_max_num_queries(25) as small:
        client.get("/my/asks/")
    AskFactory.create_batch(25, user=member, tools=[ToolTaxonomyFactory()])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/my/asks/")
