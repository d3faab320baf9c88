"""Starting connections from the pages ("Respond", "Connect"/"Book", "Message") and /connections/."""
import pytest

from collective.choices import AskStatus, ConnectionStatus, ConnectionType, OfferStatus, OfferType
from collective.factories import OfferFactory
from collective.models import Connection
from members.factories import UserFactory
from messaging.choices import MessageKind
from messaging.models import Message

from .helpers import make_connection

pytestmark = pytest.mark.django_db


def test_responding_to_an_ask_creates_the_connection_its_thread_and_the_first_message(client, helper, asker, ask):
    client.force_login(helper)
    page = client.get(f"/connections/new/?ask={ask.pk}")
    assert page.status_code == 200
    assert "Offer to help Bea Asker" in page.content.decode()
    assert "Feedback on my landing page" in page.content.decode()

    response = client.post(f"/connections/new/?ask={ask.pk}", {"message": "I review landing pages every week."})

    connection = Connection.objects.get()
    assert (connection.initiator, connection.responder, connection.ask) == (helper, asker, ask)
    assert connection.connection_type == ConnectionType.ASK_RESPONSE
    assert response.status_code == 302
    assert response.url == f"/connections/{connection.pk}/"
    thread_url = client.get(response.url).url
    assert thread_url == f"/messages/{connection.dm_thread_id}/"
    assert set(connection.dm_thread.participants.all()) == {helper, asker}
    first = Message.objects.get(thread=connection.dm_thread)
    assert (first.sender, first.body, first.kind) == (helper, "I review landing pages every week.", MessageKind.REQUEST)
    html = client.get(thread_url).content.decode()
    assert "I review landing pages every week." in html
    assert "Your offer to help is on its way to @bea." in html


@pytest.mark.parametrize(("offer_type", "label"), [(OfferType.SERVICE, "Book with"), (OfferType.COURSE, "Enroll with"),
                                                    (OfferType.TEMPLATE, "Connect with")])
def test_the_offer_form_is_named_after_the_offer(client, helper, asker, offer_type, label):
    offer = OfferFactory(user=asker, offer_type=offer_type, title="Weekly office hours")
    client.force_login(helper)
    html = client.get(f"/connections/new/?offer={offer.pk}").content.decode()
    assert f"<h1>{label} Bea Asker</h1>" in html and "Weekly office hours" in html
    client.post(f"/connections/new/?offer={offer.pk}", {"message": "Is Tuesday free?"})
    connection = Connection.objects.get()
    assert (connection.offer, connection.connection_type, connection.initiator) == (offer, "offer_inquiry", helper)


def test_message_from_a_profile_starts_a_direct_conversation_and_then_reuses_it(client, helper, asker):
    client.force_login(helper)
    client.post("/connections/new/?to=bea", {"message": "Hi Bea!"})
    connection = Connection.objects.get()
    assert connection.connection_type == ConnectionType.DIRECT

    # Another "Message" (either direction) goes into the same open conversation.
    assert client.get("/connections/new/?to=bea").url == f"/connections/{connection.pk}/"
    client.force_login(asker)
    client.post("/connections/new/?to=abe", {"message": "Hi Abe, good to hear from you."})
    assert Connection.objects.count() == 1
    assert list(Message.objects.filter(thread=connection.dm_thread).values_list("body", flat=True)) == [
        "Hi Bea!", "Hi Abe, good to hear from you."]


def test_an_empty_message_is_a_form_error_not_a_connection(client, helper, ask):
    client.force_login(helper)
    response = client.post(f"/connections/new/?ask={ask.pk}", {"message": "   "})
    assert response.status_code == 400
    assert "Write a short note" in response.content.decode()
    assert not Connection.objects.exists()


def test_own_offer_closed_ask_and_paused_offer_show_why_and_create_nothing(client, helper, asker, ask, offer):
    client.force_login(helper)
    own = client.get(f"/connections/new/?offer={offer.pk}").content.decode()
    assert "This is your own offer." in own and "Send request" not in own
    client.post(f"/connections/new/?offer={offer.pk}", {"message": "me?"})

    ask.status = AskStatus.FULFILLED
    ask.save()
    assert "isn&#x27;t taking responses" in client.get(f"/connections/new/?ask={ask.pk}").content.decode()
    client.post(f"/connections/new/?ask={ask.pk}", {"message": "still?"})

    paused = OfferFactory(user=asker, status=OfferStatus.PAUSED)
    assert "paused" in client.get(f"/connections/new/?offer={paused.pk}").content.decode()
    assert not Connection.objects.exists()


def test_unknown_or_private_targets_are_404(client, helper, asker):
    client.force_login(helper)
    draft = OfferFactory(user=asker, status=OfferStatus.DRAFT)
    for query in [f"offer={draft.pk}", "offer=999999", "ask=abc", "to=nobody", "", "offer=1&ask=1"]:
        assert client.get(f"/connections/new/?{query}").status_code == 404, query


def test_an_open_connection_about_the_same_ask_sends_you_back_to_it(client, helper, asker, ask):
    existing = make_connection(initiator=helper, responder=asker, ask=ask)
    client.force_login(helper)
    response = client.get(f"/connections/new/?ask={ask.pk}")
    assert response.url == f"/connections/{existing.pk}/"
    assert Connection.objects.count() == 1


def test_visitors_are_asked_to_log_in(client, ask):
    response = client.get(f"/connections/new/?ask={ask.pk}")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/connections/").url.startswith("/accounts/login/")
    assert client.get("/messages/").url.startswith("/accounts/login/")


# --- /connections/ ------------------------------------------------------------------------------


def test_my_connections_are_grouped_by_status(client, helper, asker, ask, offer, third):
    make_connection(initiator=helper, responder=asker, ask=ask)  # pending: waiting for Bea
    make_connection(initiator=asker, responder=helper, offer=offer, status=ConnectionStatus.ACCEPTED)
    make_connection(initiator=third, responder=asker, status=ConnectionStatus.DECLINED)  # not Abe's
    client.force_login(asker)

    html = client.get("/connections/").content.decode()
    assert html.count('<li class="msg-row') == 3
    assert "Your move" in html  # Bea can accept Abe's response, and complete Abe's help

    pending = client.get("/connections/?tab=pending").content.decode()
    assert pending.count('<li class="msg-row') == 1 and "Offered to help with your ask" in pending
    closed = client.get("/connections/?tab=closed").content.decode()
    assert closed.count('<li class="msg-row') == 1 and "@cyd" in closed
    client.force_login(helper)
    assert client.get("/connections/").content.decode().count('<li class="msg-row') == 2


def test_connections_list_is_paginated(client, asker):
    for _ in range(23):
        make_connection(initiator=UserFactory(), responder=asker)
    client.force_login(asker)
    first = client.get("/connections/").content.decode()
    assert first.count('<li class="msg-row') == 20
    assert client.get("/connections/?page=2").content.decode().count('<li class="msg-row') == 3


def test_connections_page_query_count_is_constant(client, asker, ask, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            connection = make_connection(initiator=UserFactory(), responder=asker, ask=None)
            Message.objects.create(thread=connection.dm_thread, sender=connection.initiator, body="ping")

    client.force_login(asker)
    add(2)
    with django_assert_max_num_queries(40) as small:
        assert client.get("/connections/").status_code == 200
    add(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/connections/").status_code == 200
