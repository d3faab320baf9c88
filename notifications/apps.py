from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The one place where connection and message events become notifications (see receivers.py).
        from . import receivers  # noqa: F401
