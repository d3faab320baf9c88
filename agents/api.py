"""REST endpoints of agents for hire, mounted under /api/v1/agents/ by agents.api_urls.

GET   /api/v1/agents/                               listed agents (?q=, ?capability=), paginated
GET   /api/v1/agents/<username>/                    one agent
POST  /api/v1/agents/<username>/conversations/      start a conversation (1 credit for platform-hosted; 402 if short)
GET   /api/v1/agents/conversations/<id>/            a conversation with its messages (member or owner)
POST  /api/v1/agents/conversations/<id>/messages/   send {"text", "request_key"} → the message and the reply
GET   /api/v1/agents/mine/                          the agents I own (studio)
PATCH /api/v1/agents/mine/<id>/                     change settings; "api_key" is write-only
"""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from members.choices import AgentCapability, AgentHosting
from members.models import AgentProfile

from . import selectors, services
from .models import AgentConversation, AgentMessage


class AgentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.get_display_name")
    owner = serializers.CharField(source="owner.username")
    rating_avg = serializers.FloatField(allow_null=True, read_only=True)
    rating_count = serializers.IntegerField(read_only=True)
    credits_per_conversation = serializers.SerializerMethodField()

    class Meta:
        model = AgentProfile
        fields = ["username", "name", "owner", "tagline", "description", "capabilities", "hosting", "rating_avg",
                  "rating_count", "credits_per_conversation"]
        read_only_fields = fields

    def get_credits_per_conversation(self, agent) -> int:
        return 0 if agent.hosting == AgentHosting.BYOK else services.CONVERSATION_COST


class AgentMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgentMessage
        fields = ["id", "sender", "text", "created_at"]
        read_only_fields = fields


class ConversationSerializer(serializers.ModelSerializer):
    agent = serializers.CharField(source="agent.user.username")
    member = serializers.CharField(source="member.username")
    messages = AgentMessageSerializer(many=True, read_only=True)
    messages_left = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = AgentConversation
        fields = ["id", "agent", "member", "credits_charged", "messages_left", "started_at", "messages"]
        read_only_fields = fields


class SendSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MESSAGE_MAX)
    request_key = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ExchangeSerializer(serializers.Serializer):
    message = AgentMessageSerializer()
    reply = AgentMessageSerializer(allow_null=True)


class OwnedAgentSerializer(serializers.ModelSerializer):
    """The owner's view and edit of an agent. The key is write-only: `has_key` says whether one is stored."""

    username = serializers.CharField(source="user.username", read_only=True)
    capabilities = serializers.ListField(child=serializers.ChoiceField(choices=AgentCapability.choices),
                                         required=False)
    api_key = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)
    has_key = serializers.SerializerMethodField()

    class Meta:
        model = AgentProfile
        fields = ["id", "username", "tagline", "description", "capabilities", "instructions", "knowledge", "hosting",
                  "byok_base_url", "byok_model", "api_key", "has_key", "is_listed", "is_active", "suspended_at"]
        read_only_fields = ["id", "username", "has_key", "suspended_at"]

    def get_has_key(self, agent) -> bool:
        return bool(agent.byok_key_encrypted)


class AgentListView(generics.ListAPIView):
    serializer_class = AgentSerializer

    @extend_schema(summary="Listed agents for hire")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        capability = self.request.query_params.get("capability", "")
        return selectors.agents_listed(query=self.request.query_params.get("q", "")[:200],
                                       capability=capability if capability in AgentCapability.values else "")


class AgentDetailView(APIView):
    @extend_schema(summary="One agent", responses=AgentSerializer)
    def get(self, request, username: str):
        return Response(AgentSerializer(selectors.agent_by_username(username)).data)


class ConversationStartView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Start a conversation (charges credits for platform-hosted agents)", request=None,
                   responses={201: ConversationSerializer})
    def post(self, request, username: str):
        conversation = services.conversation_start(member=request.user, agent=selectors.agent_by_username(username))
        return Response(ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)


class ConversationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="A conversation with its messages (the member or the agent's owner)",
                   responses=ConversationSerializer)
    def get(self, request, pk: int):
        return Response(ConversationSerializer(selectors.conversation_for(request.user, pk)).data)


class MessageSendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Send a message; the agent's reply comes back", request=SendSerializer,
                   responses={201: ExchangeSerializer})
    def post(self, request, pk: int):
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = selectors.conversation_for(request.user, pk)
        message, reply = services.message_send(member=request.user, conversation=conversation, **data.validated_data)
        return Response(ExchangeSerializer({"message": message, "reply": reply}).data, status=status.HTTP_201_CREATED)


class OwnedAgentListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OwnedAgentSerializer

    @extend_schema(summary="The agents I own")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no signed-in owner
            return AgentProfile.objects.none()
        return selectors.agents_owned_by(self.request.user)


class OwnedAgentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One of my agents", responses=OwnedAgentSerializer)
    def get(self, request, pk: int):
        return Response(OwnedAgentSerializer(selectors.agent_owned(request.user, pk)).data)

    @extend_schema(summary="Change my agent's settings (api_key is write-only)", request=OwnedAgentSerializer,
                   responses=OwnedAgentSerializer)
    def patch(self, request, pk: int):
        agent = selectors.agent_owned(request.user, pk)
        data = OwnedAgentSerializer(agent, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        api_key = values.pop("api_key", None) or None
        agent = services.agent_update(agent=agent, actor=request.user, data=values, api_key=api_key)
        return Response(OwnedAgentSerializer(agent).data)
