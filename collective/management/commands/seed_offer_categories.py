from django.core.management.base import BaseCommand
from django.db import transaction

from collective.services import OFFER_CATEGORIES, offer_categories_seed, tags_seed


class Command(BaseCommand):
    help = "Create or update the eight offer categories used by Discovery, and the starter skill/topic tags (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = offer_categories_seed()
            tags_created = tags_seed()
        self.stdout.write(self.style.SUCCESS(
            f"Offer categories: {created} created, {len(OFFER_CATEGORIES) - created} already present. "
            f"Tags: {tags_created} created."
        ))
