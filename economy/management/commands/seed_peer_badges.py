"""Create (or refresh) the 8 peer badge types of spec 8.11. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from economy.models import PeerBadgeType
from economy.services import peer_badges_seed


class Command(BaseCommand):
    help = "Create or refresh the peer badge types (Amazing Feedback, Quick Responder, …)."

    def handle(self, *args, **options):
        created = peer_badges_seed()
        self.stdout.write(
            self.style.SUCCESS(f"Peer badges: {created} created, {PeerBadgeType.objects.count()} in total.")
        )
