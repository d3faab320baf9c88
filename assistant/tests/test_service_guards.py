"""Ava's services called with another member's conversation or message: missing, not borrowed."""
import pytest

from assistant import services
from assistant.choices import Sender
from core.errors import NotFound
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(asker):
    return services.conversation_start(user=asker, text="Looking for beta testers for my budgeting app")


@pytest.fixture
def theirs(db):
    return services.conversation_start(user=UserFactory(username="snoop"), text="Need a lawyer for my secret merger")


def test_someone_elses_conversation_is_missing_to_every_service(asker, mine, theirs):
    draft = services.conversation_draft(conversation=theirs, user=theirs.user, kind="ask")
    for call in (lambda: services.conversation_reply(conversation=theirs, user=asker, text="hi"),
                 lambda: services.conversation_draft(conversation=theirs, user=asker, kind="ask"),
                 lambda: services.draft_post(message=draft, user=asker, title="Mine now", description="x",
                                             draft_type="feedback"),
                 lambda: services.draft_dismiss(message=draft, user=asker),
                 lambda: services.conversation_delete(conversation=theirs, user=asker)):
        with pytest.raises(NotFound):
            call()
    theirs.refresh_from_db()
    assert theirs.messages.count() == 3 and draft.draft["status"] == "proposed"


def test_a_source_message_id_from_another_conversation_is_not_used(asker, mine, theirs):
    foreign = theirs.messages.get(sender=Sender.MEMBER)
    drafted = services.conversation_draft(conversation=mine, user=asker, kind="ask", source_id=foreign.pk)
    assert "merger" not in str(drafted.draft).lower()
    assert "beta" in str(drafted.draft).lower()  # drafted from the member's own latest message
    # Control: the member's own message id is used as given.
    own = services.conversation_reply(conversation=mine, user=asker, text="Also a logo designer for the app")[0]
    first = mine.messages.filter(sender=Sender.MEMBER).order_by("pk").first()
    again = services.conversation_draft(conversation=mine, user=asker, kind="ask", source_id=first.pk)
    assert own.pk != first.pk and "beta" in str(again.draft).lower() and "logo" not in str(again.draft).lower()
