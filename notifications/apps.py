from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from members.settings_nav import register_settings_tab

        register_settings_tab("Notifications", "/settings/notifications/", icon="bell", order=30)
