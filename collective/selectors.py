"""Read queries for the collective. Each returns a queryset with its relations prefetched."""
from django.db.models import Prefetch, QuerySet

from .choices import TaxonomyType
from .models import Ask, Offer, Taxonomy

TOOLS_PREFETCH = Prefetch("tools", queryset=Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL).order_by("name"))


def offers_for_cards(queryset: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """Offers with everything an offer card shows, in a constant number of queries."""
    queryset = Offer.objects.all() if queryset is None else queryset
    return queryset.select_related("user", "category").prefetch_related(TOOLS_PREFETCH)


def asks_for_cards(queryset: QuerySet[Ask] | None = None) -> QuerySet[Ask]:
    queryset = Ask.objects.all() if queryset is None else queryset
    return queryset.select_related("user", "category").prefetch_related(TOOLS_PREFETCH)


def offer_categories() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True).order_by("pk")


def landing_highlights() -> dict:
    """What the landing page shows visitors: a few fresh offers and open asks."""
    return {
        "featured_offers": list(offers_for_cards(Offer.objects.public()).order_by("-is_featured", "-created_at")[:6]),
        "open_asks": list(asks_for_cards(Ask.objects.open())[:4]),
        "categories": list(offer_categories()),
    }
