from django.apps import AppConfig


class ToolsDirectoryConfig(AppConfig):
    name = "tools_directory"
    verbose_name = "Tools directory"

    def ready(self) -> None:
        from . import signals  # noqa: F401
