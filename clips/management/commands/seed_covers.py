"""Give the demo's offers covers from the offline generator (free). Idempotent: one cover per offer."""
from django.core.management.base import BaseCommand

from clips import selectors, services
from collective.choices import OfferStatus
from collective.models import Offer


class Command(BaseCommand):
    help = "Generate offline cover images for active offers that have none (demo data)."

    def handle(self, *args, **options):
        made = 0
        offers = Offer.objects.filter(status=OfferStatus.ACTIVE, is_archived=False, featured_image_url="",
                                      user__is_active=True).select_related("user")
        for offer in offers.order_by("pk"):
            target = selectors.cover_target(offer.user, "offer", offer.pk)
            services.cover_generate(owner=offer.user, target=target, request_key=f"seed-cover:{offer.pk}")
            made += 1
        self.stdout.write(f"Covers: {made} created.")
