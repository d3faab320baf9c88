"""Staff view of the outbox (Wagtail admin → Notifications): every email and SMS with its status,
attempts and provider id. Read-only; without Twilio keys the simulated SMS are read here."""
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Delivery, Notification


class ReadOnlyPermissionHelper(PermissionHelper):
    """The outbox is a record: inspected, never authored or edited by hand."""

    def user_can_list(self, user):
        return user.is_active and user.is_staff

    def user_can_inspect_obj(self, user, obj):
        return user.is_active and user.is_staff

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = "Outbox (email & SMS)"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "channel", "event", "recipient", "to", "status", "skip_reason", "attempts",
                    "next_attempt_at", "provider_message_id")
    list_filter = ("channel", "status", "event")
    search_fields = ("recipient__username", "to", "body", "provider_message_id", "idempotency_key")
    inspect_view_fields = ("channel", "event", "recipient", "to", "subject", "body", "status", "skip_reason",
                           "attempts", "next_attempt_at", "last_error", "provider_message_id", "idempotency_key",
                           "bypass_rules", "claimed_at", "sent_at", "created_at", "notification")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")


class NotificationAdmin(ModelAdmin):
    model = Notification
    menu_label = "In-app notifications"
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("updated_at", "recipient", "event", "text", "count", "read_at")
    list_filter = ("event",)
    search_fields = ("recipient__username", "text")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")


class NotificationsGroup(ModelAdminGroup):
    menu_label = "Notifications"
    menu_icon = "mail"
    menu_order = 260
    items = (DeliveryAdmin, NotificationAdmin)


modeladmin_register(NotificationsGroup)
