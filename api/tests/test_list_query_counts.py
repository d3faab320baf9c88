"""Every API list costs a constant number of queries whatever its size.

Each test requests a list with a small dataset, then again after the dataset has grown (still within one
page, so every new row is serialized), and asserts the second request costs no more queries than the first.
The lists of offers, asks, people, discovery and taxonomies are covered next to their other tests.
"""
import pytest

from collective.choices import TaxonomyType
from collective.factories import AskFactory, CategoryFactory, OfferFactory, TaxonomyFactory, ToolTaxonomyFactory
from economy.factories import PeerBadgeTypeFactory
from economy.models import PeerBadgeType
from economy.services import credits_gift, points_gift
from economy.tests.helpers import give_credits, give_points
from members.factories import UserFactory
from messaging.services import message_send
from messaging.tests.helpers import make_connection
from notifications.choices import Event
from notifications.services import notify

from .conftest import client_for

pytestmark = pytest.mark.django_db

# A generous ceiling for the first request; the second must not cost more than the first did.
CEILING = 25


def results(response, expected: int) -> list:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == expected, body
    assert len(body["results"]) == expected, body
    return body["results"]


def assert_constant(django_assert_max_num_queries, get, grow, *, small: int, big: int, check=results):
    """`get()` costs no more queries with `big` rows (after `grow()`) than with `small` rows."""
    with django_assert_max_num_queries(CEILING) as first:
        response = get()
    check(response, small)
    grow()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = get()
    check(response, big)


# --- messaging ----------------------------------------------------------------------------------


def test_connection_messages_cost_a_constant_number_of_queries(owner, stranger, django_assert_max_num_queries):
    connection = make_connection(initiator=stranger, responder=owner)  # with its first message
    thread = connection.dm_thread

    def send(n):
        for i in range(n):
            message_send(thread=thread, sender=(owner, stranger)[i % 2], body=f"Message {i}")

    send(2)
    client = client_for(owner)
    url = f"/api/v1/connections/{connection.pk}/messages/"
    assert_constant(django_assert_max_num_queries, lambda: client.get(url), lambda: send(12), small=3, big=15)


# --- economy ------------------------------------------------------------------------------------


def _gifts_to(member, n: int) -> None:
    """`n` point gifts and `n` credit gifts to `member`, each from a different sender."""
    for _ in range(n):
        sender = UserFactory()
        give_points(sender, 10)
        give_credits(sender, 10)
        points_gift(sender=sender, recipient=member, amount=5, message="Thanks!")
        credits_gift(sender=sender, recipient=member, amount=3, message="Thanks!")


@pytest.mark.parametrize("url", ["/api/v1/economy/gifts/points/", "/api/v1/economy/me/points/",
                                 "/api/v1/economy/me/credits/"])
def test_economy_ledgers_cost_a_constant_number_of_queries(owner, url, django_assert_max_num_queries):
    _gifts_to(owner, 2)
    client = client_for(owner)
    assert_constant(django_assert_max_num_queries, lambda: client.get(url), lambda: _gifts_to(owner, 10),
                    small=2, big=12)


def test_point_gifts_list_both_directions(owner, django_assert_max_num_queries):
    # Gifts the member sent as well as received, with both sides serialized.
    give_points(owner, 100)

    def grow(n):
        for _ in range(n):
            points_gift(sender=owner, recipient=UserFactory(), amount=1)
        _gifts_to(owner, n)

    grow(1)
    client = client_for(owner)
    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/economy/gifts/points/"),
                    lambda: grow(6), small=2, big=14)


@pytest.mark.parametrize("period", ["week", "all"])
def test_leaderboard_costs_a_constant_number_of_queries(stranger, period, django_assert_max_num_queries):
    def helpers(n):
        for _ in range(n):
            give_points(UserFactory(), 10)

    helpers(3)
    client = client_for(stranger)

    def check(response, expected):
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == expected and len(body["results"]) == expected, body

    assert_constant(django_assert_max_num_queries,
                    lambda: client.get(f"/api/v1/economy/leaderboard/?period={period}"),
                    lambda: helpers(12), small=3, big=15, check=check)


def test_badge_types_cost_a_constant_number_of_queries(stranger, django_assert_max_num_queries):
    seeded = PeerBadgeType.objects.filter(is_active=True).count()

    def badges(n):
        for _ in range(n):
            PeerBadgeTypeFactory()
        PeerBadgeTypeFactory(is_active=False)  # retired ones are not listed

    badges(2)
    client = client_for(stranger)

    def check(response, expected):
        results(response, seeded + expected)

    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/economy/badge-types/"),
                    lambda: badges(10), small=2, big=12, check=check)


# --- learning -----------------------------------------------------------------------------------


@pytest.fixture
def courses_index(db):
    from collective.services import offer_categories_seed
    from courses.services import courses_index_ensure
    from home.services import editorial_pages_seed

    editorial_pages_seed()
    offer_categories_seed()
    return courses_index_ensure()


def test_enrollments_cost_a_constant_number_of_queries(courses_index, owner, django_assert_max_num_queries):
    from courses import services
    from courses.factories import CoursePageFactory

    def enroll(n):
        for _ in range(n):
            course = CoursePageFactory(owner=UserFactory(), modules=1, lessons_per_module=2)
            services.enrollment_create(user=owner, course=course)

    enroll(2)
    client = client_for(owner)
    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/learning/enrollments/"),
                    lambda: enroll(10), small=2, big=12)


# --- notifications ------------------------------------------------------------------------------


def test_notifications_cost_a_constant_number_of_queries(owner, django_assert_max_num_queries):
    def notified(n):
        for _ in range(n):
            notify(recipient=owner, actor=UserFactory(), event=Event.RATING_RECEIVED, url="/connections/",
                   rating=5)
        notify(recipient=owner, event=Event.RATING_RECEIVED, url="", rating=4)  # one without an actor

    notified(2)
    client = client_for(owner)
    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/notifications/"),
                    lambda: notified(10), small=3, big=14)


# --- tools --------------------------------------------------------------------------------------


def test_tools_cost_a_constant_number_of_queries(stranger, django_assert_max_num_queries):
    def tools(n):
        for _ in range(n):
            ToolTaxonomyFactory()

    tools(2)
    client = client_for(stranger)
    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/tools/"),
                    lambda: tools(12), small=2, big=14)


def test_tool_detail_costs_a_constant_number_of_queries(stranger, django_assert_max_num_queries):
    """The detail embeds the tool's newest offers and asks (up to 10 each), with their owners and terms."""
    tool = ToolTaxonomyFactory(slug="figma", name="Figma")

    def activity(n):
        for _ in range(n):
            other_tool = ToolTaxonomyFactory()
            tag = TaxonomyFactory(taxonomy_type=TaxonomyType.SKILL)
            offer = OfferFactory(user=UserFactory(), category=CategoryFactory(), tools=[tool, other_tool])
            offer.tags.add(tag)
            ask = AskFactory(user=UserFactory(), category=CategoryFactory(), tools=[tool, other_tool])
            ask.tags.add(tag)

    activity(2)
    client = client_for(stranger)

    def check(response, expected):
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["offer_count"], body["ask_count"]) == (expected, expected), body
        assert (len(body["offers"]), len(body["asks"])) == (expected, expected), body

    assert_constant(django_assert_max_num_queries, lambda: client.get("/api/v1/tools/figma/"),
                    lambda: activity(8), small=2, big=10, check=check)
