from django.apps import AppConfig


class ToolsDirectoryConfig(AppConfig):
    name = "tools_directory"
    verbose_name = "Tools directory"

    def ready(self) -> None:
        from . import (
            signals,  # noqa: F401
            views,  # noqa: F401  (what the page models hand off to)
        )
