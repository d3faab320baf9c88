"""collective.services.connection_transition: every status × target × side, for both kinds of help.

The expected moves are written out here, independently of CONNECTION_TRANSITIONS:
initiated → discussing/accepted/declined by the responder, cancelled by the initiator;
discussing → accepted/declined by the responder, cancelled by the initiator;
accepted → in_progress or cancelled by either, completed by the member who received help;
in_progress → cancelled by either, completed by the member who received help;
completed, declined and cancelled are final.
"""
import pytest

from collective.choices import ConnectionStatus as S
from collective.factories import AskFactory, AskResponseFactory, ConnectionFactory
from collective.services import connection_transition
from core.errors import ApplicationError, NotFound, PermissionDenied
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

# (from, to) → who may do it: "initiator", "responder", "helped" or "either".
MOVES = {
    (S.INITIATED, S.DISCUSSING): "responder", (S.INITIATED, S.ACCEPTED): "responder",
    (S.INITIATED, S.DECLINED): "responder", (S.INITIATED, S.CANCELLED): "initiator",
    (S.DISCUSSING, S.ACCEPTED): "responder", (S.DISCUSSING, S.DECLINED): "responder",
    (S.DISCUSSING, S.CANCELLED): "initiator",
    (S.ACCEPTED, S.IN_PROGRESS): "either", (S.ACCEPTED, S.COMPLETED): "helped", (S.ACCEPTED, S.CANCELLED): "either",
    (S.IN_PROGRESS, S.COMPLETED): "helped", (S.IN_PROGRESS, S.CANCELLED): "either",
}


def make(kind: str, status: str):
    if kind == "offer_inquiry":  # the initiator asked about the responder's offer: the initiator gets help
        return ConnectionFactory(status=status)
    return AskResponseFactory(ask=AskFactory(), status=status)  # the responder (asker) gets help


def allowed(kind: str, side: str, start: str, target: str) -> bool:
    who = MOVES.get((start, target))
    if who is None:
        return False
    helped = "initiator" if kind == "offer_inquiry" else "responder"
    return who == "either" or who == side or (who == "helped" and side == helped)


@pytest.mark.parametrize("kind", ["offer_inquiry", "ask_response"])
@pytest.mark.parametrize("side", ["initiator", "responder"])
def test_transition_matrix(kind, side):
    for start in S:
        for target in S:
            connection = make(kind, start)
            actor = getattr(connection, side)
            if start == target:
                assert connection_transition(connection=connection, actor=actor, status=target).status == start
            elif allowed(kind, side, start, target):
                moved = connection_transition(connection=connection, actor=actor, status=target)
                assert moved.status == target, (start, target)
            else:
                expected = PermissionDenied if MOVES.get((start, target)) else ApplicationError
                with pytest.raises(expected) as raised:
                    connection_transition(connection=connection, actor=actor, status=target)
                assert raised.value.status == (403 if expected is PermissionDenied else 400), (start, target)
                connection.refresh_from_db()
                assert connection.status == start


def test_outsiders_cannot_see_a_connection_to_move_it():
    connection = make("offer_inquiry", S.INITIATED)
    for outsider in (UserFactory(), UserFactory(is_staff=True, is_superuser=True)):
        with pytest.raises(NotFound):
            connection_transition(connection=connection, actor=outsider, status=S.ACCEPTED)


def test_completion_counts_the_helper_once():
    connection = make("ask_response", S.IN_PROGRESS)
    helper, asker = connection.initiator, connection.responder
    connection_transition(connection=connection, actor=asker, status=S.COMPLETED)
    connection_transition(connection=connection, actor=asker, status=S.COMPLETED)  # repeat: no-op
    helper.refresh_from_db()
    asker.refresh_from_db()
    assert (helper.helped_count, asker.helped_count) == (1, 0)
