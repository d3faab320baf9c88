from django.apps import AppConfig


class CollectiveConfig(AppConfig):
    name = "collective"
    verbose_name = "Collective"

    def ready(self) -> None:
        from . import signals  # noqa: F401
