from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from members.settings_nav import register_settings_tab

        from . import (
            checks,  # noqa: F401  (registers the Stripe configuration checks)
            webhooks,
        )
        from .providers import simulator

        simulator.connect_webhook_receiver(webhooks.receive)

        register_settings_tab("Earnings", "/settings/earnings/", icon="wallet", order=40)
