"""/home/: the member dashboard."""
import datetime

import pytest
from django.utils import timezone

from collective.factories import (
    AskFactory,
    AskResponseFactory,
    CategoryFactory,
    ConnectionFactory,
    OfferFactory,
    ToolTaxonomyFactory,
)
from collective.models import ViewRecord
from members.factories import FollowFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_needs_a_signed_in_member(client):
    assert client.get("/home/").url.startswith("/accounts/login/")


def test_new_member_gets_a_guided_empty_state(client, member):
    client.force_login(member)
    html = client.get("/home/").content.decode()
    assert "Three ways to start" in html
    assert "/my/offers/new/" in html and "/my/asks/new/" in html and "/settings/" in html
    assert "Quiet for now" in html
    # The Ava panel is the bottom sheet the phone's floating "Ask Ava" button opens.
    assert 'id="ava-drawer"' in html and "drawer drawer--sheet" in html


def test_summary_cards_count_my_offers_and_asks(client, member):
    OfferFactory.create_batch(2, user=member)
    OfferFactory(user=member, status="draft", title="Half-built thing")
    OfferFactory(user=member, status="archived", title="Old thing")
    AskFactory(user=member, title="Need beta testers")
    AskFactory(user=member, status="fulfilled")
    client.force_login(member)
    html = client.get("/home/").content.decode()
    assert "Three ways to start" not in html
    assert '<span class="dash-summary__value">2</span> active' in html and "1 draft" in html
    assert '<span class="dash-summary__value">1</span> open' in html
    assert "Need beta testers" in html and "Old thing" not in html


def test_recent_activity_shows_views_requests_responses_and_followers(client, member):
    offer = OfferFactory(user=member, title="MeetingBot")
    ask = AskFactory(user=member, title="Beta testers for TaskAI")
    today = timezone.localdate()
    for n in range(3):
        ViewRecord.objects.create(offer=offer, viewer_key=f"anon:{n}", day=today)
    ConnectionFactory(offer=offer, initiator=UserFactory(display_name="Iris Inquirer"))
    AskResponseFactory(ask=ask, initiator=UserFactory(display_name="Hank Helper"))
    FollowFactory(following=member, follower=UserFactory(display_name="Fiona Follower"))
    client.force_login(member)
    html = client.get("/home/").content.decode()
    assert "3 views</strong> on your offer" in html and "MeetingBot" in html
    assert "Iris Inquirer</a> wants to connect about" in html
    assert "Hank Helper</a> offered help with" in html and "Beta testers for TaskAI" in html
    assert "Fiona Follower</a> started following you" in html


def test_old_views_drop_out_of_recent_activity(client, member):
    offer = OfferFactory(user=member, title="MeetingBot")
    ViewRecord.objects.create(offer=offer, viewer_key="anon:x", day=timezone.localdate() - datetime.timedelta(days=60))
    client.force_login(member)
    assert "</strong> on your offer" not in client.get("/home/").content.decode()


def test_asks_you_could_help_with_match_my_offers_categories_and_tools(client, member):
    marketing, design = CategoryFactory(name="Marketing"), CategoryFactory(name="Design")
    claude = ToolTaxonomyFactory(name="Claude")
    OfferFactory(user=member, category=marketing)
    OfferFactory(user=member, tools=[claude])
    AskFactory(title="Same category ask", category=marketing)
    AskFactory(title="Same tool ask", tools=[claude])
    AskFactory(title="Unrelated ask", category=design)
    AskFactory(user=member, title="My own ask", category=marketing)
    AskFactory(title="Closed ask", category=marketing, status="closed")
    answered = AskFactory(title="Answered ask", category=marketing)
    AskResponseFactory(ask=answered, initiator=member)
    client.force_login(member)
    html = client.get("/home/").content.decode()
    assert "Asks you could help with" in html
    assert "Same category ask" in html and "Same tool ask" in html
    for absent in ("Unrelated ask", "Closed ask", "Answered ask"):
        assert absent not in html


def test_dashboard_query_count_is_constant(client, member, django_assert_max_num_queries):
    category = CategoryFactory()

    def grow(n):
        offers = OfferFactory.create_batch(n, user=member, category=category, tools=[ToolTaxonomyFactory()])
        AskFactory.create_batch(n, user=member)
        AskFactory.create_batch(n, category=category)
        for offer in offers:
            ViewRecord.objects.create(offer=offer, viewer_key=f"anon:{offer.pk}", day=timezone.localdate())
            ConnectionFactory(offer=offer)
        FollowFactory.create_batch(n, following=member)

    grow(1)
    client.force_login(member)
    with django_assert_max_num_queries(40) as small:
        assert client.get("/home/").status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/home/").status_code == 200

