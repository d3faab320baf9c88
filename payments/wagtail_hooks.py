"""Curator admin for payments (Wagtail admin → Payments): read-only payments, refunds, payouts, checkouts,
subscriptions, connected accounts and webhook events. Money is moved in Stripe, never edited here."""
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from economy.wagtail_hooks import ReadOnlyPermissionHelper

from .models import CheckoutSession, ConnectedAccount, Payment, Payout, Refund, Subscription, WebhookEvent


class PaymentAdmin(ModelAdmin):
    model = Payment
    menu_label = "Payments"
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "description", "buyer", "seller", "amount_cents", "currency",
                    "application_fee_cents", "credits_granted", "stripe_payment_intent_id", "provider")
    list_filter = ("kind", "provider", "livemode", "currency")
    search_fields = ("description", "buyer__username", "seller__username", "stripe_payment_intent_id",
                     "stripe_invoice_id", "stripe_checkout_session_id")
    list_select_related = ("buyer", "seller")
    list_per_page = 50


class RefundAdmin(ModelAdmin):
    model = Refund
    menu_label = "Refunds & disputes"
    menu_icon = "rotate"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "kind", "payment", "amount_cents", "currency", "credits_revoked",
                    "credits_shortfall", "revokes_access", "stripe_object_id")
    list_filter = ("kind", "revokes_access")
    search_fields = ("stripe_object_id", "stripe_charge_id", "payment__stripe_payment_intent_id",
                     "payment__buyer__username")
    list_select_related = ("payment",)
    list_per_page = 50


class PayoutAdmin(ModelAdmin):
    model = Payout
    menu_label = "Payouts"
    menu_icon = "download"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "seller", "status", "amount_cents", "currency", "arrival_date", "stripe_payout_id")
    list_filter = ("status", "currency")
    search_fields = ("stripe_payout_id", "stripe_account_id", "seller__username")
    list_select_related = ("seller",)


class CheckoutSessionAdmin(ModelAdmin):
    model = CheckoutSession
    menu_label = "Checkouts"
    menu_icon = "form"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "title", "buyer", "amount_cents", "currency", "mode", "status", "provider")
    list_filter = ("status", "kind", "mode", "provider")
    search_fields = ("title", "buyer__username", "stripe_session_id", "stripe_payment_intent_id")
    list_select_related = ("buyer",)
    list_per_page = 50


class SubscriptionAdmin(ModelAdmin):
    model = Subscription
    menu_label = "Subscriptions"
    menu_icon = "history"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "buyer", "offer", "status", "current_period_end", "stripe_subscription_id")
    list_filter = ("status",)
    search_fields = ("stripe_subscription_id", "buyer__username")
    list_select_related = ("buyer", "offer")


class ConnectedAccountAdmin(ModelAdmin):
    model = ConnectedAccount
    menu_label = "Creator accounts"
    menu_icon = "user"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("user", "stripe_account_id", "details_submitted", "charges_enabled", "payouts_enabled", "provider")
    list_filter = ("charges_enabled", "payouts_enabled", "provider")
    search_fields = ("stripe_account_id", "user__username")
    list_select_related = ("user",)


class WebhookEventAdmin(ModelAdmin):
    model = WebhookEvent
    menu_label = "Stripe events"
    menu_icon = "code"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("received_at", "event_type", "status", "note", "stripe_event_id", "account", "livemode")
    list_filter = ("status", "event_type", "livemode")
    search_fields = ("stripe_event_id", "event_type", "account")
    list_per_page = 50


class PaymentsGroup(ModelAdminGroup):
    menu_label = "Payments"
    menu_icon = "tag"
    menu_order = 310
    items = (PaymentAdmin, RefundAdmin, PayoutAdmin, CheckoutSessionAdmin, SubscriptionAdmin, ConnectedAccountAdmin,
             WebhookEventAdmin)


modeladmin_register(PaymentsGroup)
