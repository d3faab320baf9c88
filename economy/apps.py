from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "economy"
    verbose_name = "Generosity economy"

    def ready(self) -> None:
        # Connected here (not at import) so the receivers fire whatever code path saves the models.
        from . import receivers  # noqa: F401
