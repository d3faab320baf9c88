from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        # Every connection gets its private thread, whatever created it (pages, the API, seeds, the admin).
        from . import receivers  # noqa: F401
