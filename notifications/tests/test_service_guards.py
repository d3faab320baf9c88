"""notification_open takes an id from the caller: another member's notification is missing, and stays unread."""
import pytest

from core.errors import NotFound
from notifications.choices import Event
from notifications.models import Notification
from notifications.services import notification_open

pytestmark = pytest.mark.django_db


def test_opening_someone_elses_notification_is_not_found_and_reads_nothing(asker, helper):
    theirs = Notification.objects.create(recipient=asker, actor=helper, event=Event.CONNECTION_REQUESTED,
                                         text="Abe wants to connect", url="/connections/")
    with pytest.raises(NotFound):
        notification_open(user=helper, pk=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    with pytest.raises(NotFound):
        notification_open(user=helper, pk=theirs.pk + 1000)
    # Control: its recipient opens it, and it is read.
    assert notification_open(user=asker, pk=theirs.pk).url == "/connections/"
    theirs.refresh_from_db()
    assert theirs.read_at is not None
