from django.core.management.base import BaseCommand
from django.db import transaction

from collective.services import OFFER_CATEGORIES, offer_categories_seed


class Command(BaseCommand):
    help = "Create or update the eight offer categories used by Discovery (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = offer_categories_seed()
        self.stdout.write(self.style.SUCCESS(
            f"Offer categories: {created} created, {len(OFFER_CATEGORIES) - created} already present."
        ))
