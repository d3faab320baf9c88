"""Every move of the connection workflow, by each side, through the member pages.

The rules, written out here independently of collective.services.CONNECTION_TRANSITIONS:
- the member who received the connection (responder) accepts, declines or starts discussing it;
- the one who started it (initiator) may withdraw it while it is pending;
- once accepted, either side may start work or cancel;
- only the member who received help completes it: the ask's owner (responder of an ask response) or the
  member who inquired about an offer (initiator of an offer inquiry);
- completed, declined and cancelled are final.
"""
import itertools

import pytest

from collective.choices import ConnectionStatus as S
from collective.models import Connection

from .helpers import make_connection

pytestmark = pytest.mark.django_db

INIT, RESP, HELPED, EITHER = "initiator", "responder", "helped", "either"
RULES = {
    S.INITIATED: {S.DISCUSSING: RESP, S.ACCEPTED: RESP, S.DECLINED: RESP, S.CANCELLED: INIT},
    S.DISCUSSING: {S.ACCEPTED: RESP, S.DECLINED: RESP, S.CANCELLED: INIT},
    S.ACCEPTED: {S.IN_PROGRESS: EITHER, S.COMPLETED: HELPED, S.CANCELLED: EITHER},
    S.IN_PROGRESS: {S.COMPLETED: HELPED, S.CANCELLED: EITHER},
}
# Who received help in each kind of connection.
HELPED_SIDE = {"ask": RESP, "offer": INIT}


def allowed(kind: str, start: str, target: str, side: str) -> bool:
    rule = RULES.get(start, {}).get(target)
    return rule in (side, EITHER) or (rule == HELPED and HELPED_SIDE[kind] == side)


def _connection(kind, start, asker, helper, ask, offer):
    if kind == "ask":  # the helper answers the asker's ask
        return make_connection(initiator=helper, responder=asker, ask=ask, status=start)
    return make_connection(initiator=asker, responder=helper, offer=offer, status=start)  # asker inquires


CASES = [(kind, start, target, side)
         for kind, start, target, side in itertools.product(("ask", "offer"), S.values, S.values, (INIT, RESP))
         if start != target]


@pytest.mark.parametrize(("kind", "start", "target", "side"), CASES)
def test_each_move_by_each_side(client, kind, start, target, side, asker, helper, ask, offer):
    connection = _connection(kind, start, asker, helper, ask, offer)
    actor = connection.initiator if side == INIT else connection.responder
    client.force_login(actor)

    response = client.post(f"/connections/{connection.pk}/status/", {"status": target}, follow=True)

    assert response.status_code == 200
    connection.refresh_from_db()
    if allowed(kind, start, target, side):
        assert connection.status == target
    else:
        assert connection.status == start
        assert 'toast--error' in response.content.decode()


@pytest.mark.parametrize(("kind", "start", "side"), list(itertools.product(("ask", "offer"), S.values, (INIT, RESP))))
def test_the_thread_shows_only_the_moves_the_viewer_may_make(client, kind, start, side, asker, helper, ask, offer):
    connection = _connection(kind, start, asker, helper, ask, offer)
    client.force_login(connection.initiator if side == INIT else connection.responder)
    html = client.get(f"/messages/{connection.dm_thread_id}/").content.decode()
    shown = {status for status in S.values if f'name="status" value="{status}"' in html}
    assert shown == {target for target in S.values if target != start and allowed(kind, start, target, side)}


def test_completing_counts_the_help_once(client, asker, helper, ask):
    connection = make_connection(initiator=helper, responder=asker, ask=ask, status=S.ACCEPTED)
    client.force_login(asker)
    client.post(f"/connections/{connection.pk}/status/", {"status": S.COMPLETED})
    client.post(f"/connections/{connection.pk}/status/", {"status": S.COMPLETED})
    helper.refresh_from_db()
    assert helper.helped_count == 1
    assert Connection.objects.get().completed_at is not None


def test_a_third_member_cannot_move_or_even_see_the_connection(client, asker, helper, third, ask):
    connection = make_connection(initiator=helper, responder=asker, ask=ask)
    client.force_login(third)
    assert client.post(f"/connections/{connection.pk}/status/", {"status": S.ACCEPTED}).status_code == 404
    assert client.post(f"/connections/{connection.pk}/rate/", {"rating": 5}).status_code == 404
    assert client.get(f"/connections/{connection.pk}/").status_code == 404
    connection.refresh_from_db()
    assert connection.status == S.INITIATED


def test_an_unknown_status_is_an_error_message(client, asker, helper, ask):
    connection = make_connection(initiator=helper, responder=asker, ask=ask)
    client.force_login(asker)
    response = client.post(f"/connections/{connection.pk}/status/", {"status": "teleported"}, follow=True)
    assert "Unknown status." in response.content.decode()
