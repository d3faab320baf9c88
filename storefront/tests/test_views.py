"""Profile storefront, follows, offer/ask detail pages."""
import pytest
from django.urls import reverse

from collective.factories import AskFactory, CategoryFactory, OfferFactory, ToolTaxonomyFactory
from collective.models import ViewRecord
from members.factories import AgentProfileFactory, FollowFactory, UserFactory
from members.models import Follow

pytestmark = pytest.mark.django_db


def test_profile_groups_offers_into_storefront_sections(client, member):
    OfferFactory(user=member, title="MeetingBot", offer_type="app")
    OfferFactory(user=member, title="1:1 AI strategy", offer_type="service", pricing_type="hourly", price_cents=20000)
    OfferFactory(user=member, title="Hidden draft", status="draft")
    AskFactory(user=member, title="Technical co-founder wanted")
    html = client.get("/@ada/").content.decode()
    assert "Things I&#x27;m Working On" in html or "Things I'm Working On" in html
    assert "Work With Me" in html
    assert "Things I Love" not in html  # empty subsections are hidden
    assert "MeetingBot" in html and "$200/hr" in html
    assert "Hidden draft" not in html
    assert "Technical co-founder wanted" in html


def test_profile_url_is_case_insensitive_and_unknown_member_is_404(client, member):
    assert client.get("/@ADA/").status_code == 200
    assert client.get("/@nobody-here/").status_code == 404


def test_courses_by_an_owned_agent_show_under_learn_from_me(client, member):
    profile = AgentProfileFactory(owner=member, user__username="sage-bot", user__display_name="Sage")
    OfferFactory(user=profile.user, title="AI Foundations", offer_type="course")
    html = client.get("/@ada/").content.decode()
    assert "Learn From Me" in html and "AI Foundations" in html


def test_draft_offer_is_visible_to_its_owner_only(client, member, other_member):
    offer = OfferFactory(user=member, title="Work in progress", status="draft")
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(offer.get_absolute_url()).status_code == 200


def test_offer_detail_renders_content_blocks_and_tool_badges(client, member):
    claude = ToolTaxonomyFactory(name="Claude", slug="claude")
    offer = OfferFactory(user=member, title="Prompt pack", offer_type="template", tools=[claude],
                         content=[{"type": "rich_text", "value": "<p>Hello <script>alert(1)</script><b>world</b></p>"},
                                  {"type": "faq", "value": {"heading": "Questions",
                                                            "items": [{"question": "Is it free?", "answer": "Yes"}]}}])
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Built with <strong>Claude</strong>" in html and "/discover/tools/claude/" in html
    assert "<b>world</b>" in html and "<script>alert(1)</script>" not in html
    assert "Is it free?" in html


# --- Profile header, follows, /@me/ -----------------------------------------------------------------------


def test_profile_header_shows_stats_and_follow_and_message_buttons(client, member, other_member):
    client.force_login(other_member)
    html = client.get("/@ada/").content.decode()
    assert "Ada Lovelace" in html and "@ada" in html
    assert 'name="action" value="follow"' in html
    assert "/connections/new/?to=ada" in html
    assert "Edit profile" not in html


def test_own_profile_offers_edit_and_add_actions_instead_of_follow(client, member):
    client.force_login(member)
    html = client.get("/@ada/").content.decode()
    assert "Edit profile" in html and "Add to your offerings" in html
    assert 'value="follow"' not in html


def test_at_me_goes_to_your_own_profile(client, member):
    assert client.get("/@me/").url.startswith("/accounts/login/")
    client.force_login(member)
    response = client.get("/@me/")
    assert response.status_code == 302 and response.url == "/@ada/"


def test_follow_then_unfollow_without_javascript(client, member, other_member):
    client.force_login(other_member)
    response = client.post("/@ada/followers/", {"action": "follow"})
    assert response.status_code == 302 and response.url == "/@ada/"
    assert Follow.objects.filter(follower=other_member, following=member).exists()
    html = client.get("/@ada/").content.decode()
    assert 'value="unfollow"' in html and f'id="followers-count-{member.pk}" class="stat__value">1<' in html
    client.post("/@ada/followers/", {"action": "unfollow"})
    assert not Follow.objects.filter(follower=other_member, following=member).exists()
    member.refresh_from_db()
    assert member.followers_count == 0


def test_follow_with_htmx_swaps_the_button_and_the_follower_count(client, member, other_member):
    client.force_login(other_member)
    response = client.post("/@ada/followers/", {"action": "follow"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'value="unfollow"' in html
    assert f'id="followers-count-{member.pk}"' in html and 'hx-swap-oob="true">1<' in html
    assert "toast" in response["HX-Trigger"]


def test_visitors_are_asked_to_log_in_before_following(client, member):
    response = client.post("/@ada/followers/", {"action": "follow"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Follow.objects.exists()


def test_following_yourself_is_refused_with_a_message(client, member):
    client.force_login(member)
    response = client.post("/@ada/followers/", {"action": "follow"}, follow=True)
    assert "You can&#x27;t follow yourself." in response.content.decode()
    assert not Follow.objects.exists()


def test_followers_and_following_lists(client, member):
    fans = UserFactory.create_batch(3)
    for fan in fans:
        FollowFactory(follower=fan, following=member)
    html = client.get("/@ada/followers/").content.decode()
    assert all(fan.get_display_name in html for fan in fans)
    assert client.get(f"/@{fans[0].username}/following/").content.decode().count("Ada Lovelace") >= 1


def test_followers_list_query_count_is_constant(client, member, django_assert_max_num_queries):
    FollowFactory.create_batch(2, following=member)
    with django_assert_max_num_queries(20) as small:
        client.get("/@ada/followers/")
    FollowFactory.create_batch(20, following=member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/@ada/followers/")


def test_profile_query_count_is_constant(client, member, other_member, django_assert_max_num_queries):
    OfferFactory(user=member, offer_type="app")
    AskFactory(user=member)
    client.force_login(other_member)
    with django_assert_max_num_queries(40) as small:
        assert client.get("/@ada/").status_code == 200
    category = CategoryFactory()
    for offer_type in ("app", "course", "service", "link", "template", "mentorship"):
        OfferFactory.create_batch(2, user=member, offer_type=offer_type, category=category)
    AskFactory.create_batch(6, user=member)
    FollowFactory.create_batch(5, following=member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/@ada/").status_code == 200


# --- Offer and ask detail -----------------------------------------------------------------------------------

def test_offer_detail_has_a_connect_button_and_counts_a_view_once_a_day(client, member, other_member):
    offer = OfferFactory(user=member, offer_type="service", pricing_type="hourly", price_cents=15000)
    client.force_login(other_member)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert f"/connections/new/?offer={offer.pk}" in html and "Book" in html and "$150/hr" in html
    client.get(offer.get_absolute_url())
    offer.refresh_from_db()
    assert offer.view_count == 1 and ViewRecord.objects.filter(offer=offer).count() == 1


def test_a_paid_offer_is_bought_through_checkout_and_still_takes_questions(client, member, other_member):
    offer = OfferFactory(user=member, offer_type="template", pricing_type="one_time", price_cents=2900)
    client.force_login(other_member)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert reverse("payments:offer_buy", args=[offer.pk]) in html and "Buy · $29" in html
    assert f"/connections/new/?offer={offer.pk}" in html  # "Ask … a question"


def test_a_post_renders_its_markdown_body_safely(client, member, other_member):
    offer = OfferFactory(user=member, offer_type="post", title="What I learned shipping agents",
                         body="## Lessons\n\n- **Evaluate** early\n- <script>alert(1)</script>\n\n[bad](javascript:alert(1))")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "<h2>Lessons</h2>" in html and "<strong>Evaluate</strong>" in html
    assert "<script>alert(1)" not in html and 'href="javascript' not in html
    offer.body = "Short and sweet."
    offer.save(update_fields=["body"])
    offer.refresh_from_db()
    assert offer.body_html == "<p>Short and sweet.</p>"


def test_owner_views_of_their_offer_are_not_counted_and_show_edit_links(client, member):
    offer = OfferFactory(user=member)
    client.force_login(member)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert reverse("mine:offer_content", args=[offer.pk]) in html
    assert "/connections/new/" not in html
    offer.refresh_from_db()
    assert offer.view_count == 0


def test_paused_offer_is_visible_but_takes_no_connections(client, member, other_member):
    offer = OfferFactory(user=member, status="paused", offer_type="mentorship")
    client.force_login(other_member)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Paused" in html and "/connections/new/" not in html


def test_ask_detail_has_a_respond_button_while_open(client, member, other_member):
    ask = AskFactory(user=member, title="Beta testers for TaskAI")
    client.force_login(other_member)
    html = client.get(ask.get_absolute_url()).content.decode()
    assert f"/connections/new/?ask={ask.pk}" in html and "Respond" in html
    ask.status = "fulfilled"
    ask.save()
    html = client.get(ask.get_absolute_url()).content.decode()
    assert f"/connections/new/?ask={ask.pk}" not in html and "not taking new responses" in html


def test_archived_ask_is_gone_for_others_but_not_for_its_owner(client, member, other_member):
    ask = AskFactory(user=member, is_archived=True)
    client.force_login(other_member)
    assert client.get(ask.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(ask.get_absolute_url()).status_code == 200


def test_offer_detail_query_count_is_constant(client, member, other_member, django_assert_max_num_queries):
    offer = OfferFactory(user=member, tools=[ToolTaxonomyFactory()])
    OfferFactory(user=member, tools=[ToolTaxonomyFactory()])
    client.force_login(other_member)  # a first visit (its view is counted) each time
    with django_assert_max_num_queries(40) as small:
        client.get(offer.get_absolute_url())
    offer.tools.add(*ToolTaxonomyFactory.create_batch(6))
    OfferFactory.create_batch(6, user=member, tools=ToolTaxonomyFactory.create_batch(2))
    client.force_login(UserFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(offer.get_absolute_url())


def test_ask_detail_query_count_is_constant(client, member, other_member, django_assert_max_num_queries):
    ask = AskFactory(user=member, tools=[ToolTaxonomyFactory()])
    client.force_login(other_member)
    with django_assert_max_num_queries(30) as small:
        client.get(ask.get_absolute_url())
    ask.tools.add(*ToolTaxonomyFactory.create_batch(6))
    AskFactory.create_batch(6, user=member)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(ask.get_absolute_url())
