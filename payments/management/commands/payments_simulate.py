"""Play Stripe's part offline: refund or dispute a payment, renew a subscription (simulator only).

    manage.py payments_simulate refund 12            # full refund of payment 12
    manage.py payments_simulate refund 12 --amount 250
    manage.py payments_simulate dispute 12
    manage.py payments_simulate renew sub_sim_…      # charge the next month of a subscription

Each sends the same signed webhook Stripe would, through the same handler as /webhooks/stripe/.
"""
from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from payments.models import Payment
from payments.providers import using_simulator
from payments.providers.simulator import SimulatorProvider


class Command(BaseCommand):
    help = "Simulate a refund, a dispute or a subscription renewal (local payment simulator only)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refund", "dispute", "renew"])
        parser.add_argument("target", help="A payment id (refund, dispute) or a subscription id (renew).")
        parser.add_argument("--amount", type=int, help="Refund this many cents instead of everything left.")

    def handle(self, *args, action, target, amount=None, **options):
        if not using_simulator():
            raise CommandError("Stripe keys are set: refund in the Stripe dashboard instead.")
        simulator = SimulatorProvider()
        try:
            if action == "renew":
                simulator.renew(target)
                self.stdout.write(self.style.SUCCESS(f"Renewed {target}."))
                return
            payment = Payment.objects.filter(pk=int(target)).first() if target.isdigit() else None
            if payment is None or not payment.stripe_payment_intent_id:
                raise CommandError(f"No payment {target} with a PaymentIntent.")
            if action == "refund":
                simulator.refund(payment, amount)
            else:
                simulator.dispute(payment)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Sent the simulated {action} of payment {payment.pk}."))
