"""`manage.py seed_demo_payouts`: simulated Stripe Connect accounts for the demo's sellers.

Without them every paid demo offer says its seller "hasn't set up payouts yet", so nothing can be
bought end to end. Each owner of an active paid offer gets a ready (charges and payouts enabled)
account on the local simulator. Demo and simulator only; idempotent (an existing account is kept).
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from collective.choices import OfferStatus
from collective.models import Offer
from payments.choices import Provider
from payments.models import ConnectedAccount
from payments.providers import using_simulator
from payments.providers.simulator import SimulatorProvider
from payments.selectors import CHECKOUT_PRICING


class Command(BaseCommand):
    help = "Give every demo seller of a paid offer a ready, simulated Connect account (local simulator only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_SEED_ALLOWED", False):
            raise CommandError("Demo seeding is off in these settings (DEMO_SEED_ALLOWED is false).")
        if not using_simulator():
            self.stdout.write("Stripe keys are set: sellers set up real payouts at /settings/earnings/. Nothing to do.")
            return
        seller_ids = set(
            Offer.objects.filter(status=OfferStatus.ACTIVE, is_paid=True, price_cents__gt=0,
                                 pricing_type__in=list(CHECKOUT_PRICING))
            .exclude(user_id__in=ConnectedAccount.objects.values("user_id"))
            .values_list("user_id", flat=True)
        )
        simulator = SimulatorProvider()
        with transaction.atomic():
            for user_id in sorted(seller_ids):
                ConnectedAccount.objects.get_or_create(user_id=user_id, defaults={
                    "stripe_account_id": simulator.account_create(user=None), "provider": Provider.SIMULATOR,
                    "charges_enabled": True, "payouts_enabled": True, "details_submitted": True,
                })
        self.stdout.write(self.style.SUCCESS(f"Simulated payout accounts: {len(seller_ids)} created."))
