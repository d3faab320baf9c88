"""`manage.py check` warnings for a half-configured Stripe: keys without a webhook secret lose every payment."""
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def stripe_configuration(app_configs, **kwargs):
    problems = []
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
        problems.append(checks.Warning(
            "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: Stripe's webhooks will be refused, "
            "so payments won't be recorded.",
            hint="Create an endpoint for /webhooks/stripe/ in the Stripe dashboard and set its signing secret.",
            id="payments.W001",
        ))
    if not settings.STRIPE_SECRET_KEY and not getattr(settings, "PAYMENTS_SIMULATOR_ALLOWED", False):
        problems.append(checks.Info(
            "No STRIPE_SECRET_KEY and the local simulator isn't allowed: checkout is switched off.",
            id="payments.I001",
        ))
    return problems
