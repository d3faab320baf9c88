"""/api/v1/community/events/ — the same services as the pages, in the API's one error shape.

GET  events/                 upcoming events (?scope=upcoming|past|mine), paginated
POST events/                 host one (members at 600+ points and staff)
GET  events/<id>/            one event, with your RSVP
POST events/<id>/rsvp/       RSVP: going, or waitlisted when it's full
POST events/<id>/rsvp/cancel/  cancel your RSVP (the first waitlisted member moves up)
"""
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from collective.choices import TaxonomyType
from collective.models import Taxonomy
from core.errors import NotFound

from . import selectors, services
from .choices import RSVPStatus
from .models import RSVP, Event


class HostSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField(source="get_display_name", read_only=True)


class RSVPSerializer(serializers.ModelSerializer):
    waitlist_position = serializers.SerializerMethodField(help_text="Your place in line when waitlisted.")

    class Meta:
        model = RSVP
        fields = ["status", "joined_at", "waitlist_position"]
        read_only_fields = fields

    def get_waitlist_position(self, rsvp) -> int | None:
        return selectors.waitlist_position(rsvp)


class EventSerializer(serializers.ModelSerializer):
    host = HostSerializer(read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tools = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    spots_left = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    ics_url = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField(help_text="Only for attendees and the host.")

    class Meta:
        model = Event
        fields = ["id", "title", "description", "starts_at", "ends_at", "time_zone", "online_url", "location",
                  "capacity", "going_count", "spots_left", "status", "category", "tools", "host", "url", "ics_url"]
        read_only_fields = fields

    def get_ics_url(self, event) -> str:
        return f"{event.get_absolute_url()}event.ics"

    def get_online_url(self, event) -> str:
        user = self.context["request"].user
        if not event.online_url or not user.is_authenticated:
            return ""
        if user.pk == event.host_id or user.is_staff or RSVP.objects.filter(
                event=event, member=user, status=RSVPStatus.GOING).exists():
            return event.online_url
        return ""


class EventDetailSerializer(EventSerializer):
    my_rsvp = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "my_rsvp"]
        read_only_fields = fields

    @extend_schema_field(RSVPSerializer(allow_null=True))
    def get_my_rsvp(self, event):
        rsvp = selectors.rsvp_of(event, self.context["request"].user)
        return RSVPSerializer(rsvp).data if rsvp else None


class EventCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=140)
    description = serializers.CharField(max_length=20000)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField(max_length=64, required=False, default="UTC")
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    category = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True, default=None,
                                            queryset=Taxonomy.objects.filter(
                                                taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True))
    tools = serializers.SlugRelatedField(slug_field="slug", many=True, required=False, default=list,
                                         queryset=Taxonomy.objects.filter(taxonomy_type=TaxonomyType.TOOL,
                                                                          is_active=True))

    def validate_time_zone(self, value):
        from members.validators import validate_time_zone

        try:
            validate_time_zone(value)
        except Exception as error:  # noqa: BLE001 — Django's ValidationError → DRF's
            raise serializers.ValidationError("Use a time zone name such as Europe/Paris.") from error
        return value


SCOPE = OpenApiParameter("scope", str, enum=["upcoming", "past", "mine"],
                         description="upcoming (default, soonest first), past, or mine (hosting or RSVPed).")


class EventListView(generics.ListCreateAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        scope = self.request.query_params.get("scope", "upcoming")
        if scope not in ("upcoming", "past", "mine"):
            raise serializers.ValidationError({"scope": ["Use upcoming, past or mine."]})
        if scope == "mine" and not self.request.user.is_authenticated:
            raise serializers.ValidationError({"scope": ["Log in to see your events."]})
        return selectors.events_list(scope=scope, member=self.request.user)

    @extend_schema(summary="Community events", parameters=[SCOPE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Host an event (600+ points or staff)", request=EventCreateSerializer,
                   responses={201: EventDetailSerializer},
                   description="Times are ISO 8601 with an offset (stored in UTC). 403 below 600 points.")
    def post(self, request, *args, **kwargs):
        data = EventCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        tools = values.pop("tools")
        event = services.event_create(host=request.user, data=values, tools=tools)
        return Response(EventDetailSerializer(event, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class EventDetailView(generics.RetrieveAPIView):
    serializer_class = EventDetailSerializer
    queryset = Event.objects.none()

    def get_object(self):
        return selectors.event_for_viewer(pk=self.kwargs["pk"])

    @extend_schema(summary="One event, with your RSVP")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _EventActionView(APIView):
    permission_classes = [IsAuthenticated]

    def event(self) -> Event:
        event = Event.objects.filter(pk=self.kwargs["pk"]).first()
        if event is None:
            raise NotFound("No such event.")
        return event


class RSVPView(_EventActionView):
    @extend_schema(summary="RSVP to an event", request=None, responses={200: RSVPSerializer},
                   description="`going` while spots are free, else `waitlisted`. RSVPing again changes nothing.")
    def post(self, request, pk: int):
        rsvp = services.rsvp_create(member=request.user, event=self.event())
        return Response(RSVPSerializer(rsvp).data)


class RSVPCancelView(_EventActionView):
    @extend_schema(summary="Cancel your RSVP", request=None, responses={204: None},
                   description="A freed spot goes to the first member on the waitlist.")
    def post(self, request, pk: int):
        services.rsvp_cancel(member=request.user, event=self.event())
        return Response(status=status.HTTP_204_NO_CONTENT)
