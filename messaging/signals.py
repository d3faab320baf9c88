"""Events of the messaging app for listeners elsewhere (notifications), so messaging depends on no one."""
from django.dispatch import Signal

# sender=DirectMessageThread; thread, user, up_to (the id of the last message they have now read).
thread_read = Signal()
