"""REST endpoints of a connection's conversation, mounted at /api/v1/ by messaging.api_urls.

GET  /api/v1/connections/<id>/messages/          the messages, oldest first (?after=<id> for new ones)
POST /api/v1/connections/<id>/messages/          send one {"body": "..."}
POST /api/v1/connections/<id>/messages/read/     mark the conversation read

Participants only: for anyone else the connection doesn't exist (404). The same services as the pages;
errors come out in the API's one error shape (api.exceptions).
"""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from collective.selectors import connection_for_participant
from collective.services import MESSAGE_MAX_LENGTH
from core.serializers import StrictCharField
from members.serializers import MemberSummarySerializer

from . import selectors, services
from .models import Message


class MessageSerializer(serializers.ModelSerializer):
    sender = MemberSummarySerializer()
    is_mine = serializers.SerializerMethodField(help_text="Whether you sent it.")

    class Meta:
        model = Message
        fields = ["id", "sender", "body", "kind", "created_at", "is_mine"]
        read_only_fields = fields

    def get_is_mine(self, message) -> bool:
        request = self.context.get("request")
        return request is not None and message.sender_id == request.user.pk


class MessageCreateSerializer(serializers.Serializer):
    body = StrictCharField(max_length=MESSAGE_MAX_LENGTH, help_text="Plain text; links are recognised.")


class ReadResultSerializer(serializers.Serializer):
    last_read_message_id = serializers.IntegerField()


class _ConnectionThreadMixin:
    permission_classes = [IsAuthenticated]

    def connection_thread(self):
        connection = connection_for_participant(pk=self.kwargs["pk"], user=self.request.user)
        return services.thread_for_connection(connection=connection)


class ConnectionMessagesView(_ConnectionThreadMixin, generics.ListCreateAPIView):
    serializer_class = MessageSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Message.objects.none()
        queryset = selectors.thread_messages_for_api(self.connection_thread())
        after = self.request.query_params.get("after")
        if after is not None:
            try:
                queryset = queryset.filter(id__gt=int(after))
            except ValueError:
                raise serializers.ValidationError({"after": ["Use a message id (a whole number)."]}) from None
        return queryset

    @extend_schema(summary="A connection's messages (participants only)",
                   description="Oldest first. Poll with `after` = the last id you have to get only new ones.",
                   parameters=[OpenApiParameter("after", int, description="Only messages after this id.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Send a message in a connection's conversation", request=MessageCreateSerializer,
                   responses={201: MessageSerializer},
                   description="The first reply of the member who received the connection moves it to "
                               "`discussing`. Declined and cancelled connections are closed (400).")
    def post(self, request, *args, **kwargs):
        thread = self.connection_thread()
        data = MessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_send(thread=thread, sender=request.user, body=data.validated_data["body"])
        message = selectors.thread_messages_for_api(thread).get(pk=message.pk)
        return Response(self.get_serializer(message).data, status=status.HTTP_201_CREATED)


class ConnectionMessagesReadView(_ConnectionThreadMixin, generics.GenericAPIView):
    serializer_class = ReadResultSerializer

    @extend_schema(summary="Mark a connection's conversation read", request=None, responses=ReadResultSerializer)
    def post(self, request, pk: int):
        up_to = services.thread_mark_read(thread=self.connection_thread(), user=request.user)
        return Response({"last_read_message_id": up_to})
