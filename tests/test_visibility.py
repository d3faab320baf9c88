"""One visibility rule per content type, on every path: a draft, an archived item or a deactivated member's
item is a 404 for everyone else, and can't be bought, connected to, messaged about or enrolled in.

Each path is tried with the same three things: a draft offer, an active offer of a deactivated seller,
and a published course of a deactivated creator (plus an archived ask). The owner keeps seeing drafts.
"""
import pytest

from collective.choices import OfferStatus, OfferType, PricingType
from collective.factories import AskFactory, OfferFactory
from collective.services import connection_create
from core.errors import NotFound
from members.factories import UserFactory
from messaging.services import connection_start, message_send, thread_for_connection
from payments.factories import ConnectedAccountFactory
from payments.services import checkout_start_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _simulator(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True


@pytest.fixture
def seller(db):
    user = UserFactory(username="selma", display_name="Sel Seller")
    ConnectedAccountFactory(user=user)
    return user


@pytest.fixture
def buyer(db):
    return UserFactory(username="bobby", display_name="Bo Buyer")


def _paid_offer(seller, **kwargs):
    return OfferFactory(user=seller, title="Prompt review", offer_type=OfferType.SERVICE, is_paid=True,
                        pricing_type=PricingType.ONE_TIME, price_cents=2500, **kwargs)


@pytest.fixture
def draft(seller):
    return _paid_offer(seller, status=OfferStatus.DRAFT)


@pytest.fixture
def gone_sellers_offer(seller):
    """An active, paid offer whose seller was then deactivated."""
    offer = _paid_offer(seller, status=OfferStatus.ACTIVE)
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    return offer


@pytest.fixture(params=["draft", "gone_sellers_offer"])
def hidden_offer(request):
    return request.getfixturevalue(request.param)


# --- Pages ---------------------------------------------------------------------------------------------


def test_offer_page_is_404_for_others(client, buyer, hidden_offer):
    url = hidden_offer.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(buyer)
    assert client.get(url).status_code == 404


def test_owner_still_sees_their_draft(client, seller, draft):
    client.force_login(seller)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_deactivated_sellers_profile_and_ask_are_404(client, seller, buyer):
    ask = AskFactory(user=seller, title="Need beta testers")
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    client.force_login(buyer)
    assert client.get("/@selma/").status_code == 404
    assert client.get(ask.get_absolute_url()).status_code == 404


def test_hidden_offers_are_left_out_of_lists(client, seller, draft, buyer):
    visible = _paid_offer(UserFactory(username="vivian"), status=OfferStatus.ACTIVE, slug="visible-one")
    gone = _paid_offer(seller, status=OfferStatus.ACTIVE)
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    ids = {row["id"] for row in client.get("/api/v1/offers/").json()["results"]}
    assert visible.pk in ids and draft.pk not in ids and gone.pk not in ids
    html = client.get("/discover/offers/").content.decode()
    assert "visible-one" in html and gone.get_absolute_url() not in html


# --- API -----------------------------------------------------------------------------------------------


def test_offer_api_is_404_for_others(client, buyer, hidden_offer):
    assert client.get(f"/api/v1/offers/{hidden_offer.pk}/").status_code == 404
    client.force_login(buyer)
    assert client.get(f"/api/v1/offers/{hidden_offer.pk}/").status_code == 404


def test_member_api_is_404_for_a_deactivated_member(client, seller):
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    assert client.get("/api/v1/members/selma/").status_code == 404


# --- Checkout ------------------------------------------------------------------------------------------


def test_checkout_page_and_start_are_404(client, buyer, hidden_offer):
    client.force_login(buyer)
    assert client.get(f"/payments/offers/{hidden_offer.pk}/buy/").status_code == 404
    response = client.post(f"/payments/checkout/offers/{hidden_offer.pk}/", {"amount_cents": 2500})
    assert response.status_code == 404
    with pytest.raises(NotFound):
        checkout_start_offer(user=buyer, offer_id=hidden_offer.pk, expected_amount_cents=2500,
                             base_url="http://testserver")


def test_a_visible_offer_can_still_be_bought(buyer, seller):
    offer = _paid_offer(seller, status=OfferStatus.ACTIVE)
    checkout = checkout_start_offer(user=buyer, offer_id=offer.pk, expected_amount_cents=2500,
                                    base_url="http://testserver")
    assert checkout.checkout_url


# --- Connect -------------------------------------------------------------------------------------------


def test_connecting_is_404_in_the_service_the_page_and_the_api(client, buyer, hidden_offer):
    with pytest.raises(NotFound):
        connection_create(initiator=buyer, offer=hidden_offer, initial_message="Hello!")
    client.force_login(buyer)
    assert client.get(f"/connections/new/?offer={hidden_offer.pk}").status_code == 404
    response = client.post("/api/v1/connections/", {"offer": hidden_offer.pk, "initial_message": "Hello!"},
                           content_type="application/json")
    assert response.status_code in (400, 404)
    assert not hidden_offer.connections.exists()


def test_responding_to_an_archived_ask_or_a_deactivated_members_ask_is_404(buyer, seller):
    archived = AskFactory(user=seller, title="Old ask")
    archived.is_archived = True
    archived.save(update_fields=["is_archived"])
    with pytest.raises(NotFound):
        connection_create(initiator=buyer, ask=archived, initial_message="I can help")
    open_ask = AskFactory(user=seller, title="Open ask")
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    with pytest.raises(NotFound):
        connection_create(initiator=buyer, ask=open_ask, initial_message="I can help")


# --- Message -------------------------------------------------------------------------------------------


def test_messaging_a_deactivated_member_is_refused(client, buyer, seller):
    client.force_login(buyer)
    offer = _paid_offer(seller, status=OfferStatus.ACTIVE)
    connection = connection_start(initiator=buyer, message="Hi there", offer=offer)
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    assert client.get("/connections/new/?to=selma").status_code == 404
    with pytest.raises(NotFound):
        connection_create(initiator=buyer, recipient=seller, initial_message="Hello?")
    response = client.post(f"/api/v1/connections/{connection.pk}/messages/", {"body": "Still there?"},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "thread_closed"
    thread = thread_for_connection(connection=connection)
    assert thread.messages.count() == 1


def test_the_other_side_can_still_message_a_visible_member(buyer, seller):
    offer = _paid_offer(seller, status=OfferStatus.ACTIVE)
    connection = connection_start(initiator=buyer, message="Hi there", offer=offer)
    message = message_send(thread=connection.dm_thread, sender=seller, body="Hello back")
    assert message.pk


# --- Enroll --------------------------------------------------------------------------------------------


@pytest.fixture
def course_of_gone_creator(db):
    from collective.services import offer_categories_seed
    from courses.factories import CoursePageFactory
    from courses.services import courses_index_ensure
    from home.services import editorial_pages_seed

    editorial_pages_seed()
    offer_categories_seed()
    courses_index_ensure()
    creator = UserFactory(username="cora")
    course = CoursePageFactory(owner=creator, title="Prompt Basics")
    creator.is_active = False
    creator.save(update_fields=["is_active"])
    return course


def test_a_deactivated_creators_course_is_404_and_takes_no_enrolment(client, buyer, course_of_gone_creator):
    from courses.models import LessonPage
    from courses.services import enrollment_create

    course = course_of_gone_creator
    lesson = LessonPage.objects.descendant_of(course).live().first()
    client.force_login(buyer)
    assert client.get(course.url).status_code == 404
    assert client.get(lesson.url).status_code == 404
    assert client.post(f"/my/learning/courses/{course.pk}/enroll/").status_code == 404
    response = client.post("/api/v1/learning/enrollments/", {"course": course.pk}, content_type="application/json")
    assert response.status_code == 404
    with pytest.raises(NotFound):
        enrollment_create(user=buyer, course=course)
    assert "Prompt Basics" not in client.get("/discover/courses/").content.decode()


def test_a_draft_course_takes_no_enrolment(client, buyer, course_of_gone_creator):
    from courses.factories import CoursePageFactory

    draft_course = CoursePageFactory(owner=UserFactory(username="deedee"), title="Unfinished", publish=False)
    client.force_login(buyer)
    assert client.post(f"/my/learning/courses/{draft_course.pk}/enroll/").status_code == 404
    response = client.post("/api/v1/learning/enrollments/", {"course": draft_course.pk},
                           content_type="application/json")
    assert response.status_code == 404
