"""REST endpoints of trust and safety, mounted at /api/v1/ by moderation.api_urls.

POST   /api/v1/reports/                    report something {"target": "collective.offer", "id": 1, "reason": "spam"}
GET    /api/v1/me/reports/                 my reports and their outcomes
GET    /api/v1/me/blocks/ | /me/mutes/     whom I block or mute
POST   /api/v1/me/blocks/ | /me/mutes/     block or mute {"username": "bob"}
DELETE /api/v1/me/blocks/<username>/ | /me/mutes/<username>/

The same services as the pages; errors come out in the API's one error shape (api.exceptions).
"""
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.serializers import StrictCharField, StrictIntegerField
from members import safety
from members import services as member_services
from members.models import User
from members.serializers import MemberSummarySerializer

from . import registry, selectors, services
from .choices import ReportReason
from .models import NOTE_MAX_LENGTH, Report

TAGS = ["trust and safety"]


class ReportCreateSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=sorted(registry.REPORTABLE),
                                     help_text="What kind of thing: app_label.model (e.g. collective.offer).")
    id = StrictIntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = StrictCharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "content_label", "content_url", "reason", "note", "status", "outcome", "created_at",
                  "resolved_at"]
        read_only_fields = fields


class ReportCreateView(APIView):
    permission_classes = [IsAuthenticated]
    extra_error_statuses = ["404"]  # the thing reported doesn't exist, or isn't yours to see

    @extend_schema(summary="Report something", request=ReportCreateSerializer, responses={201: ReportSerializer},
                   tags=TAGS)
    def post(self, request):
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.report_create(reporter=request.user, key=v["target"], object_id=v["id"],
                                        reason=v["reason"], note=v["note"])
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="My reports", tags=TAGS)
class MyReportsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ReportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_of(self.request.user)


class UsernameSerializer(serializers.Serializer):
    username = StrictCharField(max_length=30)


def _member(username: str, viewer) -> User:
    member = User.objects.filter(username__iexact=username, is_active=True).exclude(pk=viewer.pk).first()
    if member is None:
        raise NotFound("No such member.")
    return member


class _RelationView(APIView):
    """Lists (GET) and adds (POST) the members I block or mute; DELETE …/<username>/ removes one."""

    permission_classes = [IsAuthenticated]
    extra_error_statuses = ["404"]  # no such member
    kind = ""  # "block" or "mute"

    def people(self, user) -> list[User]:
        if self.kind == "block":
            return [row.blocked for row in safety.blocks_of(user)]
        return [row.muted for row in safety.mutes_of(user)]

    def add(self, user, member) -> None:
        if self.kind == "block":
            member_services.block_create(blocker=user, blocked=member)
        else:
            member_services.mute_create(muter=user, muted=member)

    def remove(self, user, member) -> None:
        if self.kind == "block":
            member_services.block_delete(blocker=user, blocked=member)
        else:
            member_services.mute_delete(muter=user, muted=member)

    def list_response(self, request):
        return Response(MemberSummarySerializer(self.people(request.user), many=True,
                                                context={"request": request}).data)

    def add_response(self, request):
        data = UsernameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = _member(data.validated_data["username"], request.user)
        self.add(request.user, member)
        return Response(MemberSummarySerializer(member, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    def remove_response(self, request, username: str):
        self.remove(request.user, _member(username, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlocksView(_RelationView):
    kind = "block"

    @extend_schema(summary="Members I block", responses=MemberSummarySerializer(many=True), tags=TAGS)
    def get(self, request):
        return self.list_response(request)

    @extend_schema(summary="Block a member", request=UsernameSerializer, responses={201: MemberSummarySerializer},
                   tags=TAGS)
    def post(self, request):
        return self.add_response(request)


class BlockDeleteView(_RelationView):
    kind = "block"

    @extend_schema(summary="Unblock a member", responses={204: None}, tags=TAGS)
    def delete(self, request, username: str):
        return self.remove_response(request, username)


class MutesView(_RelationView):
    kind = "mute"

    @extend_schema(summary="Members I mute", responses=MemberSummarySerializer(many=True), tags=TAGS)
    def get(self, request):
        return self.list_response(request)

    @extend_schema(summary="Mute a member (they aren't told)", request=UsernameSerializer,
                   responses={201: MemberSummarySerializer}, tags=TAGS)
    def post(self, request):
        return self.add_response(request)


class MuteDeleteView(_RelationView):
    kind = "mute"

    @extend_schema(summary="Unmute a member", responses={204: None}, tags=TAGS)
    def delete(self, request, username: str):
        return self.remove_response(request, username)
