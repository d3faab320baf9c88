"""Conversations: privacy, sending, live updates, unread counts, rendering and the rating step."""
import pytest

from collective.choices import ConnectionStatus
from members.factories import UserFactory
from messaging.models import Message
from messaging.selectors import unread_messages_count

from .helpers import make_connection

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def connection(helper, asker, ask):
    return make_connection(initiator=helper, responder=asker, ask=ask, message="I can help!")


def test_a_thread_is_invisible_to_a_third_member(client, connection, third):
    thread = connection.dm_thread_id
    client.force_login(third)
    assert client.get(f"/messages/{thread}/").status_code == 404
    assert client.get(f"/messages/{thread}/updates/?after=0").status_code == 404
    assert client.post(f"/messages/{thread}/send/", {"body": "let me in"}).status_code == 404
    assert "I can help!" not in client.get("/messages/").content.decode()
    assert not Message.objects.filter(body="let me in").exists()


def test_participants_exchange_messages(client, connection, helper, asker):
    thread = connection.dm_thread_id
    client.force_login(asker)
    response = client.post(f"/messages/{thread}/send/", {"body": "Yes please! When can you look?"})
    assert response.status_code == 302 and response.url == f"/messages/{thread}/#latest"

    client.force_login(helper)
    assert unread_messages_count(helper) == 1
    html = client.get(f"/messages/{thread}/").content.decode()
    assert "Yes please! When can you look?" in html
    assert unread_messages_count(helper) == 0  # opening the thread reads it


def test_the_first_reply_of_the_receiver_moves_the_connection_to_discussing(client, connection, asker, helper):
    client.force_login(helper)  # the initiator writing again changes nothing
    client.post(f"/messages/{connection.dm_thread_id}/send/", {"body": "PS: I'm free Tuesday."})
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.INITIATED
    client.force_login(asker)
    client.post(f"/messages/{connection.dm_thread_id}/send/", {"body": "Let's talk!"})
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.DISCUSSING


def test_htmx_send_returns_the_new_messages_and_polling_returns_only_whats_new(client, connection, helper, asker):
    thread = connection.dm_thread_id
    last = Message.objects.get().pk
    client.force_login(asker)
    response = client.post(f"/messages/{thread}/send/", {"body": "On my way", "after": last,
                                                         "seen_status": connection.status}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "On my way" in html and "I can help!" not in html
    assert "messageSent" in response["HX-Trigger"]
    # The responder's reply moved the connection to "discussing": the panel comes along out of band.
    assert 'id="connection-panel"' in html and 'hx-swap-oob="true"' in html

    newest = Message.objects.latest("id").pk
    assert client.get(f"/messages/{thread}/updates/?after={newest}&seen_status=discussing").status_code == 204

    Message.objects.create(thread_id=thread, sender=helper, body="Great, see you then")
    update = client.get(f"/messages/{thread}/updates/?after={newest}&seen_status=discussing")
    assert update.status_code == 200
    assert "Great, see you then" in update.content.decode()
    assert unread_messages_count(asker) == 0  # seen live


def test_htmx_send_of_an_empty_message_shows_the_error_in_place(client, connection, asker):
    client.force_login(asker)
    response = client.post(f"/messages/{connection.dm_thread_id}/send/", {"body": " ", "after": 0}, **HTMX)
    assert response.status_code == 200
    assert "Write something first." in response.content.decode()
    assert "HX-Trigger" not in response
    assert Message.objects.count() == 1


def test_message_text_is_escaped_and_links_are_nofollow(client, connection, asker):
    client.force_login(asker)
    client.post(f"/messages/{connection.dm_thread_id}/send/",
                {"body": "<script>alert(1)</script> see https://example.com/page?a=1&b=2"})
    html = client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.com/page?a=1&amp;b=2" rel="nofollow ugc noopener" target="_blank">' in html


def test_declined_connections_close_their_conversation(client, helper, asker, ask):
    connection = make_connection(initiator=helper, responder=asker, ask=ask, status=ConnectionStatus.DECLINED)
    client.force_login(helper)
    page = client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    assert "the conversation is closed" in page and 'name="body"' not in page
    response = client.post(f"/messages/{connection.dm_thread_id}/send/", {"body": "please?"})
    assert response.status_code == 400
    assert Message.objects.count() == 1


def test_messages_list_shows_unread_counts_and_last_message(client, connection, helper, asker, offer):
    other = make_connection(initiator=asker, responder=helper, offer=offer)
    Message.objects.create(thread=connection.dm_thread, sender=asker, body="first")
    Message.objects.create(thread=connection.dm_thread, sender=asker, body="second, and the latest")
    client.force_login(helper)
    html = client.get("/messages/").content.decode()
    assert html.count('<li class="msg-row') == 2
    assert "second, and the latest" in html
    assert 'aria-label="2 unread messages"' in html
    assert 'aria-label="1 unread message"' in html  # Bea's request about the offer
    assert other.dm_thread_id
    # The nav shows the total on every page.
    assert '<span class="nav__count"' in client.get("/connections/").content.decode()


def test_long_threads_show_the_latest_messages_and_link_to_earlier_ones(client, connection, asker):
    for n in range(60):
        Message.objects.create(thread=connection.dm_thread, sender=asker, body=f"message number {n}")
    client.force_login(asker)
    html = client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    assert "message number 59" in html and "message number 9<" not in html
    assert "Show earlier messages" in html
    earliest = Message.objects.filter(body="message number 10").get().pk
    earlier = client.get(f"/messages/{connection.dm_thread_id}/?before={earliest}").content.decode()
    assert "message number 9<" in earlier and "I can help!" in earlier


def test_thread_and_list_query_counts_are_constant(client, asker, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            c = make_connection(initiator=UserFactory(), responder=asker)
            Message.objects.bulk_create([Message(thread=c.dm_thread, sender=c.initiator, body="hi") for _ in range(3)])
        return c

    client.force_login(asker)
    c = grow(2)
    with django_assert_max_num_queries(40) as small_list:
        client.get("/messages/")
    with django_assert_max_num_queries(40) as small_thread:
        client.get(f"/messages/{c.dm_thread_id}/")
    c = grow(12)
    Message.objects.bulk_create([Message(thread=c.dm_thread, sender=c.initiator, body="more") for _ in range(20)])
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        client.get("/messages/")
    with django_assert_max_num_queries(len(small_thread.captured_queries)):
        client.get(f"/messages/{c.dm_thread_id}/")


# --- Rating ---------------------------------------------------------------------------------------


def test_after_completion_each_side_rates_once_and_it_shows_on_profile_and_offer(client, helper, asker, offer):
    connection = make_connection(initiator=asker, responder=helper, offer=offer, status=ConnectionStatus.IN_PROGRESS)
    client.force_login(asker)
    thread_page = client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    assert "How was your experience" not in thread_page  # not before completion
    client.post(f"/connections/{connection.pk}/status/", {"status": ConnectionStatus.COMPLETED})
    assert "How was your experience with @abe?" in client.get(f"/messages/{connection.dm_thread_id}/").content.decode()

    response = client.post(f"/connections/{connection.pk}/rate/", {"rating": "5", "feedback": "Sharp and kind."})
    assert response.status_code == 302
    assert response.url == f"/connections/{connection.pk}/thanks/"  # the economy's thank-you page
    again = client.post(f"/connections/{connection.pk}/rate/", {"rating": "1"})
    assert again.status_code == 400 and "already rated" in again.content.decode()
    connection.refresh_from_db()
    assert (connection.initiator_rating, connection.initiator_feedback) == (5, "Sharp and kind.")

    profile = client.get("/@abe/").content.decode()
    assert "Sharp and kind." in profile and "from 1 completed connection" in profile
    offer_page = client.get(offer.get_absolute_url()).content.decode()
    assert "Sharp and kind." in offer_page

    client.force_login(helper)  # the other side still rates once
    assert "How was your experience with @bea?" in client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    client.post(f"/connections/{connection.pk}/rate/", {"rating": "4"})
    connection.refresh_from_db()
    assert connection.responder_rating == 4


def test_a_rating_needs_stars(client, helper, asker, ask):
    connection = make_connection(initiator=helper, responder=asker, ask=ask, status=ConnectionStatus.COMPLETED)
    client.force_login(asker)
    response = client.post(f"/connections/{connection.pk}/rate/", {"rating": "", "feedback": "no stars"})
    assert response.status_code == 400
    assert "Choose 1 to 5 stars." in response.content.decode()
    for bad in ("0", "6", "five"):
        assert client.post(f"/connections/{connection.pk}/rate/", {"rating": bad}).status_code == 400
    connection.refresh_from_db()
    assert connection.responder_rating is None
