"""Curator admin for the collective: offers, asks, taxonomy (snippets) and connections (modeladmin)."""
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .choices import TaxonomyType
from .models import Ask, Connection, Offer, Taxonomy


class OfferViewSet(SnippetViewSet):
    model = Offer
    icon = "gift"
    menu_label = "Offers"
    list_display = ["title", "user", "offer_type", "category", "status", "pricing_type", "connection_count", "created_at"]
    list_filter = {"offer_type": ["exact"], "status": ["exact"], "pricing_type": ["exact"], "is_featured": ["exact"],
                   "category": ["exact"]}
    search_fields = ["title", "description"]
    list_per_page = 50
    panels = [
        FieldPanel("user"),
        MultiFieldPanel([FieldPanel("title"), FieldPanel("slug"), FieldPanel("offer_type"), FieldPanel("description")],
                        heading="Offer"),
        FieldPanel("content"),
        MultiFieldPanel([FieldPanel("category"), FieldPanel("tags"), FieldPanel("tools")], heading="Categorization"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("pricing_type"), FieldPanel("price_cents"), FieldPanel("currency")]),
            FieldPanel("is_paid"),
        ], heading="Pricing"),
        MultiFieldPanel([FieldPanel("external_url"), FieldPanel("featured_image_url"), FieldPanel("banner_url")],
                        heading="Links and images"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("is_featured")], heading="Status"),
    ]


class AskViewSet(SnippetViewSet):
    model = Ask
    icon = "help"
    menu_label = "Asks"
    list_display = ["title", "user", "ask_type", "category", "status", "is_paid_opportunity", "response_count", "created_at"]
    list_filter = {"ask_type": ["exact"], "status": ["exact"], "is_paid_opportunity": ["exact"], "category": ["exact"]}
    search_fields = ["title", "description"]
    list_per_page = 50


class TaxonomyViewSet(SnippetViewSet):
    model = Taxonomy
    icon = "tag"
    menu_label = "Taxonomy"
    list_display = ["name", "taxonomy_type", "slug", "parent", "is_active"]
    list_filter = {"taxonomy_type": ["exact"], "is_active": ["exact"]}
    search_fields = ["name", "slug", "description"]
    list_per_page = 100

    def get_queryset(self, request):
        # Tool terms mirror the tool pages (their single source of truth); curators edit those instead.
        return Taxonomy.objects.exclude(taxonomy_type=TaxonomyType.TOOL).select_related("parent")


class CollectiveGroup(SnippetViewSetGroup):
    menu_label = "Collective"
    menu_icon = "group"
    menu_order = 200
    items = (OfferViewSet, AskViewSet, TaxonomyViewSet)


register_snippet(CollectiveGroup)


class ConnectionAdmin(ModelAdmin):
    """Connections are the members' private business: curators inspect them, they don't author them."""

    model = Connection
    menu_label = "Connections"
    menu_icon = "link"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ("__str__", "connection_type", "status", "context_title", "created_at", "completed_at")
    list_filter = ("status", "connection_type")
    search_fields = ("initiator__username", "responder__username", "context_title")
    list_select_related = ("initiator", "responder")
    inspect_view_enabled = True
    inspect_view_fields = (
        "initiator", "responder", "connection_type", "ask", "offer", "context_title", "status", "initial_message",
        "agreed_price_cents", "initiator_rating", "responder_rating", "initiator_feedback", "responder_feedback",
        "created_at", "updated_at", "completed_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("initiator", "responder")


modeladmin_register(ConnectionAdmin)
