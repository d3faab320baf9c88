"""REST endpoints of the notification center, mounted at /api/v1/ by notifications.api_urls.

GET  /api/v1/notifications/              yours, newest first (?unread=true for unread only)
POST /api/v1/notifications/<id>/read/    mark one read
POST /api/v1/notifications/read-all/     mark all read
"""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.errors import NotFound
from core.serializers import QueryParamsSerializer
from members.serializers import MemberSummarySerializer

from . import selectors, services
from .models import Notification
from .texts import absolute


class NotificationSerializer(serializers.ModelSerializer):
    actor = MemberSummarySerializer(allow_null=True)
    web_url = serializers.SerializerMethodField(help_text="Where the notification points on the website.")
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "text", "actor", "count", "web_url", "is_read", "read_at", "created_at",
                  "updated_at"]
        read_only_fields = fields

    def get_web_url(self, notification) -> str:
        return absolute(notification.url) if notification.url else ""

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class ListParamsSerializer(QueryParamsSerializer):
    unread = serializers.BooleanField(required=False, help_text="Only unread notifications.")


class ReadCountSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()
    unread_count = serializers.IntegerField()


class NotificationListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()

    def get_queryset(self):
        params = ListParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.notifications_for(self.request.user, unread_only=params.validated_data.get("unread", False))

    @extend_schema(summary="Your notifications", parameters=[
        OpenApiParameter("unread", bool, description="Only unread notifications.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _MarkReadView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ReadCountSerializer

    def answer(self, marked: int) -> Response:
        return Response({"marked_read": marked,
                         "unread_count": selectors.unread_notifications_count(self.request.user)})


class NotificationReadView(_MarkReadView):
    @extend_schema(summary="Mark a notification read", request=None, responses=ReadCountSerializer)
    def post(self, request, pk: int):
        if not selectors.notifications_for(request.user).filter(pk=pk).exists():
            raise NotFound("No such notification.")  # someone else's doesn't exist for you
        return self.answer(services.notifications_mark_read(user=request.user, ids=[pk]))


class NotificationReadAllView(_MarkReadView):
    @extend_schema(summary="Mark all your notifications read", request=None, responses=ReadCountSerializer)
    def post(self, request):
        return self.answer(services.notifications_mark_read(user=request.user))
