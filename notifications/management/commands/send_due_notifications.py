"""Send the outbox rows that are due now (what Celery beat does every minute), for setups without beat."""
import time

from django.core.management.base import BaseCommand

from notifications.tasks import dispatch_due


class Command(BaseCommand):
    help = "Send due email/SMS notifications (retries and SMS held for quiet hours). --loop repeats every minute."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, once a minute.")

    def handle(self, *args, loop: bool = False, **options):
        while True:
            count = dispatch_due()
            self.stdout.write(f"Queued {count} due deliver{'y' if count == 1 else 'ies'}.")
            if not loop:
                return
            time.sleep(60)
