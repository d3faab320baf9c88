"""Curator admin for the economy: read-only ledgers with a "Reverse" action, gifts, badges and
endorsement moderation (Wagtail admin → Economy)."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from core.errors import ApplicationError

from . import services
from .models import CreditTransaction, Endorsement, PeerBadgeAward, PeerBadgeType, PointGift, PointsTransaction


class ReadOnlyPermissionHelper(PermissionHelper):
    """History is inspected, never authored or edited here."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class LedgerButtonHelper(ButtonHelper):
    reverse_url_name = ""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        if getattr(user, "is_curator", False) and obj.reverses_id is None and not hasattr(obj, "reversed_by"):
            buttons.append(
                {
                    "url": reverse(self.reverse_url_name, args=[quote(obj.pk)]),
                    "label": "Reverse",
                    "classname": self.finalise_classname(["button-secondary", "no"]),
                    "title": "Undo this entry with a compensating row",
                }
            )
        return buttons


class PointsButtonHelper(LedgerButtonHelper):
    reverse_url_name = "economy_reverse_points"


class CreditsButtonHelper(LedgerButtonHelper):
    reverse_url_name = "economy_reverse_credits"


class PointsTransactionAdmin(ModelAdmin):
    model = PointsTransaction
    menu_label = "Points ledger"
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = PointsButtonHelper
    inspect_view_enabled = True
    list_display = ("created_at", "member", "action", "amount", "balance_after", "description", "related_user")
    list_filter = ("action",)
    search_fields = ("member__username", "description", "idempotency_key")
    list_select_related = ("member", "related_user")
    list_per_page = 50
    inspect_view_fields = (
        "member",
        "action",
        "amount",
        "balance_after",
        "description",
        "related_user",
        "content_type",
        "object_id",
        "idempotency_key",
        "reverses",
        "metadata",
        "created_at",
    )


class CreditTransactionAdmin(ModelAdmin):
    model = CreditTransaction
    menu_label = "Credits ledger"
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = CreditsButtonHelper
    inspect_view_enabled = True
    list_display = ("created_at", "user", "transaction_type", "amount", "balance_after", "description", "related_user")
    list_filter = ("transaction_type",)
    search_fields = ("user__username", "description", "stripe_payment_intent_id", "idempotency_key")
    list_select_related = ("user", "related_user")
    list_per_page = 50
    inspect_view_fields = (
        "user",
        "transaction_type",
        "amount",
        "balance_after",
        "description",
        "related_user",
        "points_converted",
        "stripe_payment_intent_id",
        "idempotency_key",
        "reverses",
        "metadata",
        "created_at",
    )


class PointGiftAdmin(ModelAdmin):
    model = PointGift
    menu_label = "Point gifts"
    menu_icon = "gift"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "sender", "recipient", "amount", "message")
    search_fields = ("sender__username", "recipient__username", "message")
    list_select_related = ("sender", "recipient")


class PeerBadgeTypeAdmin(ModelAdmin):
    model = PeerBadgeType
    menu_label = "Badge types"
    menu_icon = "pick"
    list_display = ("icon", "name", "slug", "category", "is_active")
    list_filter = ("category", "is_active")


class PeerBadgeAwardAdmin(ModelAdmin):
    model = PeerBadgeAward
    menu_label = "Badges awarded"
    menu_icon = "pick"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "badge_type", "awarder", "recipient", "connection")
    list_filter = ("badge_type",)
    search_fields = ("awarder__username", "recipient__username")
    list_select_related = ("badge_type", "awarder", "recipient")


class EndorsementButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if getattr(self.request.user, "is_curator", False):
            buttons.append(
                {
                    "url": reverse("economy_moderate_endorsement", args=[obj.pk]),
                    "label": "Moderate",
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": "Keep or remove this endorsement",
                }
            )
        return buttons


class EndorsementAdmin(ModelAdmin):
    """Reported endorsements show first; curators keep or remove them (never edit the words)."""

    model = Endorsement
    menu_label = "Endorsements"
    menu_icon = "openquote"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = EndorsementButtonHelper
    inspect_view_enabled = True
    list_display = (
        "created_at",
        "endorser",
        "endorsee",
        "content",
        "is_approved",
        "is_hidden",
        "flagged_at",
        "flag_reason",
    )
    list_filter = ("is_approved", "is_hidden", "is_featured")
    search_fields = ("endorser__username", "endorsee__username", "content")
    list_select_related = ("endorser", "endorsee")
    ordering = ("-flagged_at", "-created_at")
    inspect_view_fields = (
        "endorser",
        "endorsee",
        "content",
        "connection",
        "is_approved",
        "is_featured",
        "is_hidden",
        "flagged_at",
        "flagged_by",
        "flag_reason",
        "created_at",
    )


class EconomyGroup(ModelAdminGroup):
    menu_label = "Economy"
    menu_icon = "pick"
    menu_order = 230
    items = (
        PointsTransactionAdmin,
        CreditTransactionAdmin,
        PointGiftAdmin,
        EndorsementAdmin,
        PeerBadgeAwardAdmin,
        PeerBadgeTypeAdmin,
    )


modeladmin_register(EconomyGroup)


# ------------------------------------------------------------------------------ curator actions
def _require_curator(request) -> None:
    if not getattr(request.user, "is_curator", False):
        raise DjangoPermissionDenied


def _reverse_view(request, entry, service, back_url: str):
    _require_curator(request)
    error = ""
    if request.method == "POST":
        try:
            service(entry=entry, curator=request.user, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "Reversed with a compensating entry.")
            return redirect(back_url)
    return TemplateResponse(
        request,
        "economy/admin/reverse.html",
        {
            "entry": entry,
            "error": error,
            "back_url": back_url,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )


def reverse_points(request, pk: int):
    entry = get_object_or_404(PointsTransaction.objects.select_related("member"), pk=pk)
    return _reverse_view(request, entry, services.points_reverse, reverse("economy_pointstransaction_modeladmin_index"))


def reverse_credits(request, pk: int):
    entry = get_object_or_404(CreditTransaction.objects.select_related("user"), pk=pk)
    return _reverse_view(
        request, entry, services.credits_reverse, reverse("economy_credittransaction_modeladmin_index")
    )


def moderate_endorsement(request, pk: int):
    _require_curator(request)
    endorsement = get_object_or_404(Endorsement.objects.select_related("endorser", "endorsee"), pk=pk)
    back_url = reverse("economy_endorsement_modeladmin_index")
    if request.method == "POST" and request.POST.get("decision") in ("keep", "remove"):
        approve = request.POST["decision"] == "keep"
        services.endorsement_moderate(curator=request.user, endorsement=endorsement, approve=approve)
        messages.success(request, "Endorsement kept." if approve else "Endorsement removed from the profile.")
        return redirect(back_url)
    return TemplateResponse(
        request, "economy/admin/moderate_endorsement.html", {"endorsement": endorsement, "back_url": back_url}
    )


@hooks.register("register_admin_urls")
def economy_admin_urls():
    return [
        path("economy/points/<int:pk>/reverse/", reverse_points, name="economy_reverse_points"),
        path("economy/credits/<int:pk>/reverse/", reverse_credits, name="economy_reverse_credits"),
        path("economy/endorsements/<int:pk>/moderate/", moderate_endorsement, name="economy_moderate_endorsement"),
    ]
