from django.core.management.base import BaseCommand
from django.db import transaction

from home.services import editorial_pages_seed


class Command(BaseCommand):
    help = "Create the landing page and the editorial pages (Our Story, Guidelines, Help) if missing."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = editorial_pages_seed()
        names = ", ".join(created) if created else "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Editorial pages ready ({names} created)."))
