from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Trust, safety and privacy"

    def ready(self) -> None:
        from members.settings_nav import register_settings_tab

        from . import receivers  # noqa: F401  (connects the sign-in receiver)

        register_settings_tab("Privacy & safety", "/settings/privacy/", icon="shield-check", order=60)
