from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's entry point as an app: last in INSTALLED_APPS, it wires the domain events once."""

    name = "config"
    verbose_name = "Site configuration"

    def ready(self) -> None:
        from .events import register_handlers

        register_handlers()
