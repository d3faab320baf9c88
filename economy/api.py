"""REST endpoints of the economy (mounted at /api/v1/economy/ by economy.api_urls).

Balances, both ledgers' history, conversion, gifts, peer badges, endorsements and the leaderboard.
Same services as the pages; a service's `ApplicationError` becomes a 4xx with field messages through
the API's exception handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]).
Credits are spent by the features that cost them (server side, `services.credits_spend`), never by
a client call, so there is no "spend" endpoint.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from collective.models import Connection
from core.errors import ApplicationError, NotFound
from core.numbers import AsciiIntegerSerializerField
from core.serializers import QueryParamsSerializer

from . import selectors, services
from .choices import (
    CREDITS_PER_CONVERSION_BLOCK,
    FEATURE_COSTS,
    MAX_CREDITS_GIFT,
    MAX_POINTS_GIFT,
    POINTS_PER_CONVERSION_BLOCK,
)
from .models import CreditTransaction, Endorsement, PeerBadgeType, PointGift, PointsTransaction

User = get_user_model()


# ------------------------------------------------------------------------------------ serializers
class MemberSerializer(serializers.ModelSerializer):
    avatar_url = serializers.CharField(read_only=True)
    profile_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = User
        fields = ["username", "display_name", "avatar_url", "avatar_frame", "profile_url"]


class PointsTransactionSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    related_user = serializers.CharField(source="related_user.username", default=None, read_only=True, allow_null=True)

    class Meta:
        model = PointsTransaction
        fields = [
            "id",
            "action",
            "action_label",
            "amount",
            "balance_after",
            "description",
            "related_user",
            "reverses",
            "created_at",
        ]


class CreditTransactionSerializer(serializers.ModelSerializer):
    type_label = serializers.CharField(source="get_transaction_type_display", read_only=True)
    related_user = serializers.CharField(source="related_user.username", default=None, read_only=True, allow_null=True)
    feature = serializers.SerializerMethodField()

    class Meta:
        model = CreditTransaction
        fields = [
            "id",
            "transaction_type",
            "type_label",
            "amount",
            "balance_after",
            "description",
            "related_user",
            "points_converted",
            "feature",
            "reverses",
            "created_at",
        ]

    def get_feature(self, obj) -> str | None:
        return obj.metadata.get("feature")


class ConvertSerializer(serializers.Serializer):
    points = AsciiIntegerSerializerField(min_value=POINTS_PER_CONVERSION_BLOCK)
    idempotency_key = serializers.CharField(max_length=64, required=False)


class GiftSerializer(serializers.Serializer):
    recipient = serializers.CharField(max_length=30, help_text="The recipient's username.")
    amount = AsciiIntegerSerializerField(min_value=1)
    message = serializers.CharField(max_length=280, required=False, allow_blank=True, default="")
    connection = serializers.IntegerField(required=False, allow_null=True, default=None)
    idempotency_key = serializers.CharField(max_length=64, required=False)


class PointGiftSerializer(serializers.ModelSerializer):
    sender = MemberSerializer(read_only=True)
    recipient = MemberSerializer(read_only=True)

    class Meta:
        model = PointGift
        fields = ["id", "sender", "recipient", "amount", "message", "connection", "created_at"]


class BadgeTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeerBadgeType
        fields = ["slug", "name", "description", "icon", "category"]


class BadgeAwardSerializer(serializers.Serializer):
    connection = serializers.IntegerField()
    badge = serializers.SlugField()


class EndorsementSerializer(serializers.ModelSerializer):
    endorser = MemberSerializer(read_only=True)
    endorsee = MemberSerializer(read_only=True)

    class Meta:
        model = Endorsement
        fields = ["id", "endorser", "endorsee", "content", "connection", "is_featured", "is_hidden", "created_at"]
        read_only_fields = ["content", "connection"]


class EndorsementCreateSerializer(serializers.Serializer):
    connection = serializers.IntegerField()
    content = serializers.CharField(max_length=500)


class LeaderboardParamsSerializer(QueryParamsSerializer):
    period = serializers.ChoiceField(choices=["week", "all"], default="week",
                                     help_text="week: points given in the last 7 days; all: helped count.")
    page = serializers.IntegerField(min_value=1, default=1)


class ReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=280, required=False, allow_blank=True, default="")


class EndorsementVisibilitySerializer(serializers.Serializer):
    is_hidden = serializers.BooleanField(required=False)
    is_featured = serializers.BooleanField(required=False)


# Response shapes of the views that don't return one model: they render through these serializers
# so that the OpenAPI schema and the responses can't drift apart.
class UnlockSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    threshold = serializers.IntegerField()
    group = serializers.CharField()
    unlocked = serializers.BooleanField()
    points_to_go = serializers.IntegerField()


class PointsCreditsSerializer(serializers.Serializer):
    points = serializers.IntegerField()
    credits = serializers.IntegerField()


class BalanceSerializer(serializers.Serializer):
    points = serializers.IntegerField()
    credit_balance = serializers.IntegerField()
    helped_count = serializers.IntegerField()
    points_gifted_total = serializers.IntegerField()
    credits_gifted_total = serializers.IntegerField()
    avatar_frame = serializers.CharField()
    unlocks = UnlockSerializer(many=True)
    conversion = PointsCreditsSerializer(help_text="How many points buy how many credits.")
    feature_costs = serializers.DictField(child=serializers.IntegerField(), help_text="Credits per feature.")
    max_gift = PointsCreditsSerializer(help_text="The largest single gift of each currency.")


class ConversionResultSerializer(serializers.Serializer):
    points_converted = serializers.IntegerField()
    credits = serializers.IntegerField()
    points = serializers.IntegerField(help_text="Points balance after the conversion.")
    credit_balance = serializers.IntegerField()


class BadgeAwardResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    badge = BadgeTypeSerializer()
    recipient = serializers.CharField()
    connection = serializers.IntegerField()


class BadgeCountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.CharField()
    description = serializers.CharField()
    count = serializers.IntegerField()


class RecognitionSerializer(serializers.Serializer):
    member = MemberSerializer()
    helped_count = serializers.IntegerField()
    points = serializers.IntegerField()
    badges = BadgeCountSerializer(many=True, help_text="Peer badges received, counted per type.")
    endorsement_count = serializers.IntegerField()
    endorsements = EndorsementSerializer(many=True)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    member = MemberSerializer()
    score = serializers.IntegerField()
    helped_count = serializers.IntegerField(source="member.helped_count")
    points = serializers.IntegerField(source="member.points")
    featured = serializers.BooleanField()


class LeaderboardSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=["week", "all"])
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = LeaderboardRowSerializer(many=True)


# ------------------------------------------------------------------------------------------ views
def _connection(pk) -> Connection | None:
    if pk is None:
        return None
    connection = Connection.objects.filter(pk=pk).first()
    if connection is None:
        raise NotFound("No such connection.")
    return connection


def _gift_arguments(request) -> dict:
    """The validated body of a points or credits gift, as keyword arguments of the gift services."""
    data = GiftSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    recipient = User.objects.filter(username__iexact=values["recipient"], is_active=True).first()
    if recipient is None:
        raise ApplicationError("No member with that username.", fields={"recipient": "No member with that username."})
    return {
        "recipient": recipient,
        "amount": values["amount"],
        "message": values["message"],
        "connection": _connection(values["connection"]),
        "idempotency_key": values.get("idempotency_key"),
    }


class BalanceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="My points, credits, helped count and unlocks", responses=BalanceSerializer)
    def get(self, request):
        member = User.objects.get(pk=request.user.pk)  # the balances as committed, not a cached user object
        balance = {
            "points": member.points,
            "credit_balance": member.credit_balance,
            "helped_count": member.helped_count,
            "points_gifted_total": member.points_gifted_total,
            "credits_gifted_total": member.credits_gifted_total,
            "avatar_frame": member.avatar_frame,
            "unlocks": selectors.unlocks_for(member.points),
            "conversion": {"points": POINTS_PER_CONVERSION_BLOCK, "credits": CREDITS_PER_CONVERSION_BLOCK},
            "feature_costs": FEATURE_COSTS,
            "max_gift": {"points": MAX_POINTS_GIFT, "credits": MAX_CREDITS_GIFT},
        }
        return Response(BalanceSerializer(balance).data)


class _LedgerView(generics.ListAPIView):
    """My ledger of one currency, newest first; `kind` and `period` narrow it (unknown values show everything)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []
    history = None  # the selector: points_history or credit_history

    def get_queryset(self):
        params = self.request.query_params
        return type(self).history(member=self.request.user, kind=params.get("kind"), period=params.get("period"))


def _ledger_parameters(kinds: str) -> list[OpenApiParameter]:
    return [OpenApiParameter("kind", str, description=f"One of {kinds}."),
            OpenApiParameter("period", str, description="7d, 30d or 365d.")]


@extend_schema_view(get=extend_schema(summary="My points ledger",
                                      parameters=_ledger_parameters("earned, gifts, conversions, reversals")))
class PointsHistoryView(_LedgerView):
    serializer_class = PointsTransactionSerializer
    history = staticmethod(selectors.points_history)


@extend_schema_view(get=extend_schema(summary="My credits ledger",
                                      parameters=_ledger_parameters("added, used, gifts, refunds, reversals")))
class CreditHistoryView(_LedgerView):
    serializer_class = CreditTransactionSerializer
    history = staticmethod(selectors.credit_history)


class ConvertView(APIView):
    """Convert points to credits (100 → 10, rounded down to whole hundreds; one way)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Convert points to credits", request=ConvertSerializer,
                   responses={201: ConversionResultSerializer})
    def post(self, request):
        data = ConvertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.points_convert(user=request.user, **data.validated_data)
        result = {
            "points_converted": entry.points_converted,
            "credits": entry.amount,
            "points": request.user.points,
            "credit_balance": request.user.credit_balance,
        }
        return Response(ConversionResultSerializer(result).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Point gifts I sent or received"),
    post=extend_schema(summary="Gift points to a member", request=GiftSerializer, responses={201: PointGiftSerializer}),
)
class PointGiftView(generics.ListCreateAPIView):
    """GET: point gifts I sent or received. POST: gift points to a member."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = PointGiftSerializer
    filter_backends = []

    def get_queryset(self):
        me = self.request.user
        return (
            PointGift.objects.filter(Q(sender=me) | Q(recipient=me))
            .select_related("sender", "recipient")
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        gift = services.points_gift(sender=request.user, **_gift_arguments(request))
        return Response(PointGiftSerializer(gift).data, status=status.HTTP_201_CREATED)


class CreditGiftView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Gift credits to a member", request=GiftSerializer,
                   responses={201: CreditTransactionSerializer})
    def post(self, request):
        entry = services.credits_gift(sender=request.user, **_gift_arguments(request))
        return Response(CreditTransactionSerializer(entry).data, status=status.HTTP_201_CREATED)


class BadgeTypeListView(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = BadgeTypeSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.active_badge_types()


class BadgeAwardView(APIView):
    """Award a peer badge to the other participant of a completed connection."""

    permission_classes = [permissions.IsAuthenticated]
    extra_error_statuses = ["404"]  # the connection named doesn't exist (or isn't mine to see)

    @extend_schema(summary="Award a peer badge", request=BadgeAwardSerializer,
                   responses={201: BadgeAwardResultSerializer})
    def post(self, request):
        data = BadgeAwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = get_object_or_404(Connection, pk=data.validated_data["connection"])
        award = services.badge_award(
            awarder=request.user, connection=connection, badge_slug=data.validated_data["badge"]
        )
        result = {
            "id": award.pk,
            "badge": award.badge_type,
            "recipient": award.recipient.username,
            "connection": connection.pk,
        }
        return Response(BadgeAwardResultSerializer(result).data, status=status.HTTP_201_CREATED)


class MemberRecognitionView(APIView):
    """A member's peer badges (counted per type) and visible endorsements."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="A member's peer badges and endorsements", responses=RecognitionSerializer)
    def get(self, request, username: str):
        member = get_object_or_404(User, username__iexact=username, is_active=True)
        recognition = selectors.recognition_for(member, viewer=request.user, endorsement_limit=20)
        result = {
            "member": member,
            "helped_count": member.helped_count,
            "points": member.points,
            "badges": recognition.badges,
            "endorsement_count": recognition.endorsement_count,
            "endorsements": recognition.endorsements,
        }
        return Response(RecognitionSerializer(result).data)


class EndorsementCreateView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    extra_error_statuses = ["404"]  # the connection named doesn't exist (or isn't mine to see)

    @extend_schema(summary="Endorse the other side of a completed connection",
                   request=EndorsementCreateSerializer, responses={201: EndorsementSerializer})
    def post(self, request):
        data = EndorsementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = get_object_or_404(Connection, pk=data.validated_data["connection"])
        endorsement = services.endorsement_create(
            endorser=request.user, connection=connection, content=data.validated_data["content"]
        )
        return Response(EndorsementSerializer(endorsement).data, status=status.HTTP_201_CREATED)


class EndorsementDetailView(APIView):
    """PATCH {"is_hidden": bool, "is_featured": bool}: only the member endorsed."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Hide or feature an endorsement of me", request=EndorsementVisibilitySerializer,
                   responses=EndorsementSerializer)
    def patch(self, request, pk: int):
        endorsement = get_object_or_404(
            Endorsement.objects.select_related("endorser", "endorsee"), pk=pk, is_approved=True
        )
        data = EndorsementVisibilitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {
            arg: data.validated_data[field]
            for field, arg in (("is_hidden", "hidden"), ("is_featured", "featured"))
            if field in data.validated_data
        }
        services.endorsement_set_visibility(user=request.user, endorsement=endorsement, **values)
        return Response(EndorsementSerializer(endorsement).data)


class EndorsementReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Report an endorsement to the curators", request=ReportSerializer,
                   responses={202: DetailSerializer})
    def post(self, request, pk: int):
        endorsement = get_object_or_404(Endorsement, pk=pk, is_approved=True)
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.endorsement_report(
            reporter=request.user, endorsement=endorsement, reason=data.validated_data["reason"]
        )
        return Response({"detail": "Reported. A curator will take a look."}, status=status.HTTP_202_ACCEPTED)


class LeaderboardView(APIView):
    """Top Helpers: ?period=week (giving points, last 7 days) or all (helped count); ?page=N."""

    permission_classes = [permissions.AllowAny]
    page_size = 20

    @extend_schema(summary="Top Helpers this week or of all time", parameters=[LeaderboardParamsSerializer],
                   responses=LeaderboardSerializer)
    def get(self, request):
        params = LeaderboardParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        period = params.validated_data["period"]
        page = selectors.leaderboard_page(
            period=period, page_number=params.validated_data["page"], per_page=self.page_size
        )
        board = {
            "period": period,
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "results": page.object_list,
        }
        return Response(LeaderboardSerializer(board).data)
