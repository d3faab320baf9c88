"""REST API v1 endpoints. Thin: parse input with a serializer, call a collective service or selector, answer.

Who may do what:
- reading public offers, asks, people, tools and discovery needs no account;
- anything that writes needs one (X-Session-Token from allauth headless, or the site's session cookie);
- only an offer's or ask's owner may change it (staff may also archive, for moderation), others get 403;
- drafts and archived items exist only for their owner (and staff): anyone else gets 404;
- a connection exists only for its two participants: anyone else, staff included, gets 404.
"""
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from collective import selectors, services
from collective.models import Ask, Connection, Offer, SearchableMember, Taxonomy
from matching import selectors as matching
from members import services as member_services
from members.serializers import MemberSerializer, MeSerializer

from . import filters
from . import serializers as s
from .pagination import KeysetPagination
from .throttles import VIEW_RECORD_THROTTLES


def _client_address(request) -> str:
    return BaseThrottle().get_ident(request) or ""


def _record_view(request, target) -> Response:
    key = services.viewer_key_for(user=request.user, client_address=_client_address(request),
                                  user_agent=request.headers.get("User-Agent", "")[:300])
    counted = services.view_record(target=target, viewer_key=key, viewer=request.user)
    target.refresh_from_db(fields=["view_count"])
    owner = getattr(target, "user_id", None) == request.user.pk or not hasattr(target, "offer_type")
    return Response(s.ViewResultSerializer({"counted": counted, "view_count": target.view_count if owner else None}).data)


# Shared shape of /offers/ and /asks/: public list, visible detail, owner-only writes, DELETE archives.
class _OwnedContentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    public_actions = ("list", "retrieve", "view")
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self):
        if self.action in self.public_actions:
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self):
        if self.action == "view":
            return [throttle() for throttle in VIEW_RECORD_THROTTLES]
        return super().get_throttles()

    def detail_response(self, obj, status_code=status.HTTP_200_OK, headers=None) -> Response:
        return Response(self.detail_serializer_class(obj, context=self.get_serializer_context()).data,
                        status=status_code, headers=headers)


@extend_schema_view(
    list=extend_schema(summary="List public offers", description="Active and paused offers of active members. "
                       "Combine `q` with any filter."),
)
class OfferViewSet(_OwnedContentViewSet):
    queryset = Offer.objects.none()
    pagination_class = KeysetPagination
    serializer_class = s.OfferSerializer
    detail_serializer_class = s.OfferDetailSerializer

    @property
    def filterset_class(self):
        return filters.MyOfferFilter if self.action == "me" else filters.OfferFilter

    def get_queryset(self):
        if self.action == "me":
            return selectors.offers_owned_by(self.request.user, archived=None)  # MyOfferFilter picks
        return selectors.offers_public(self.request.user)

    @extend_schema(summary="Get an offer", responses=s.OfferDetailSerializer,
                   description="Drafts and archived offers are visible only to their owner (and staff).")
    def retrieve(self, request, pk=None):
        return self.detail_response(selectors.offer_for_viewer(pk=pk, user=request.user))

    @extend_schema(summary="Create an offer", request=s.OfferWriteSerializer, responses={201: s.OfferDetailSerializer})
    def create(self, request):
        serializer = s.OfferWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = services.offer_create(user=request.user, **serializer.validated_data)
        offer = selectors.offer_for_viewer(pk=offer.pk, user=request.user)
        return self.detail_response(offer, status.HTTP_201_CREATED,
                                    {"Location": reverse("api:offer-detail", args=[offer.pk])})

    @extend_schema(summary="Update an offer (owner)", request=s.OfferWriteSerializer,
                   responses=s.OfferDetailSerializer)
    def partial_update(self, request, pk=None):
        offer = selectors.offer_for_viewer(pk=pk, user=request.user)
        serializer = s.OfferWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.offer_update(offer=offer, actor=request.user, data=serializer.validated_data)
        return self.detail_response(selectors.offer_for_viewer(pk=pk, user=request.user))

    @extend_schema(summary="Archive an offer (owner or staff)",
                   description="Soft delete: the offer disappears for everyone but its owner.",
                   responses={204: OpenApiResponse(description="Archived.")})
    def destroy(self, request, pk=None):
        services.offer_archive(offer=selectors.offer_for_viewer(pk=pk, user=request.user), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="My offers", responses=s.OfferSerializer(many=True),
                   description="Your offers in every status; `archived=true` lists the archived ones.")
    @action(detail=False, methods=["get"])
    def me(self, request):
        return self.list(request)

    @extend_schema(summary="Record a view of an offer", request=None, responses=s.ViewResultSerializer,
                   description="Counted once per viewer per day; anonymous clients may call it too. "
                               "Owners' own views don't count.")
    @action(detail=True, methods=["post"])
    def view(self, request, pk=None):
        return _record_view(request, selectors.offer_for_viewer(pk=pk, user=request.user))


@extend_schema_view(
    list=extend_schema(summary="List asks", description="Asks of active members in any status, never archived "
                       "ones. Filter `status=open` for asks accepting responses."),
)
class AskViewSet(_OwnedContentViewSet):
    queryset = Ask.objects.none()
    pagination_class = KeysetPagination
    serializer_class = s.AskSerializer
    detail_serializer_class = s.AskSerializer

    @property
    def filterset_class(self):
        return filters.MyAskFilter if self.action == "me" else filters.AskFilter

    def get_queryset(self):
        if self.action == "me":
            return selectors.asks_owned_by(self.request.user, archived=None)  # MyAskFilter picks
        return selectors.asks_public(self.request.user)

    @extend_schema(summary="Get an ask", responses=s.AskSerializer,
                   description="Archived asks are visible only to their owner (and staff).")
    def retrieve(self, request, pk=None):
        return self.detail_response(selectors.ask_for_viewer(pk=pk, user=request.user))

    @extend_schema(summary="Create an ask", request=s.AskWriteSerializer, responses={201: s.AskSerializer})
    def create(self, request):
        serializer = s.AskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ask = services.ask_create(user=request.user, **serializer.validated_data)
        ask = selectors.ask_for_viewer(pk=ask.pk, user=request.user)
        return self.detail_response(ask, status.HTTP_201_CREATED,
                                    {"Location": reverse("api:ask-detail", args=[ask.pk])})

    @extend_schema(summary="Update an ask (owner)", request=s.AskWriteSerializer, responses=s.AskSerializer)
    def partial_update(self, request, pk=None):
        ask = selectors.ask_for_viewer(pk=pk, user=request.user)
        serializer = s.AskWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.ask_update(ask=ask, actor=request.user, data=serializer.validated_data)
        return self.detail_response(selectors.ask_for_viewer(pk=pk, user=request.user))

    @extend_schema(summary="Archive an ask (owner or staff)",
                   description="Soft delete: the ask disappears for everyone but its owner.",
                   responses={204: OpenApiResponse(description="Archived.")})
    def destroy(self, request, pk=None):
        services.ask_archive(ask=selectors.ask_for_viewer(pk=pk, user=request.user), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="My asks", responses=s.AskSerializer(many=True),
                   description="Your asks in every status; `archived=true` lists the archived ones.")
    @action(detail=False, methods=["get"])
    def me(self, request):
        return self.list(request)

    @extend_schema(summary="Change an ask's status (owner)", request=s.AskStatusSerializer, responses=s.AskSerializer,
                   description="Allowed: open → in_progress, fulfilled or closed; in_progress → open, fulfilled or "
                               "closed; fulfilled or closed → open (reopen). Setting the current status is a no-op.")
    @action(detail=True, methods=["patch"])
    def status(self, request, pk=None):
        ask = selectors.ask_for_viewer(pk=pk, user=request.user)
        serializer = s.AskStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ask_status_change(ask=ask, actor=request.user, status=serializer.validated_data["status"])
        return self.detail_response(selectors.ask_for_viewer(pk=pk, user=request.user))

    @extend_schema(summary="Record a view of an ask", request=None, responses=s.ViewResultSerializer,
                   description="Counted once per viewer per day; anonymous clients may call it too.")
    @action(detail=True, methods=["post"])
    def view(self, request, pk=None):
        return _record_view(request, selectors.ask_for_viewer(pk=pk, user=request.user))


@extend_schema_view(
    list=extend_schema(summary="My connections", description="Connections you started or received, "
                       "most recent activity first."),
)
class ConnectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Connection.objects.none()
    serializer_class = s.ConnectionSerializer
    filterset_class = filters.ConnectionFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.connections_of(self.request.user)

    def _answer(self, connection_id: int, status_code=status.HTTP_200_OK, headers=None) -> Response:
        connection = selectors.connection_for_participant(pk=connection_id, user=self.request.user)
        return Response(s.ConnectionSerializer(connection, context=self.get_serializer_context()).data,
                        status=status_code, headers=headers)

    @extend_schema(summary="Get a connection (participants only)")
    def retrieve(self, request, pk=None):
        return self._answer(pk)

    @extend_schema(summary="Start a connection", request=s.ConnectionCreateSerializer,
                   responses={201: s.ConnectionSerializer},
                   description="Respond to an open ask, inquire about an active offer, or reach out to a member "
                               "directly. 409 when you already have an open connection about the same thing.")
    def create(self, request):
        serializer = s.ConnectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        connection = services.connection_create(initiator=request.user, **serializer.validated_data)
        return self._answer(connection.pk, status.HTTP_201_CREATED,
                            {"Location": reverse("api:connection-detail", args=[connection.pk])})

    @extend_schema(summary="Change a connection's status (participants)", request=s.ConnectionUpdateSerializer,
                   description="Only the allowed side may make each move; see `allowed_transitions` on the "
                               "connection. 403 when it's the other side's move.")
    def partial_update(self, request, pk=None):
        connection = selectors.connection_for_participant(pk=pk, user=request.user)
        serializer = s.ConnectionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.connection_transition(connection=connection, actor=request.user,
                                       status=serializer.validated_data["status"])
        return self._answer(pk)

    @extend_schema(summary="Rate a completed connection (participants, once each)",
                   request=s.ConnectionRateSerializer, responses=s.ConnectionSerializer,
                   description="1–5 stars and optional feedback about the other participant, after completion. "
                               "409 when you've already rated it.")
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        connection = selectors.connection_for_participant(pk=pk, user=request.user)
        serializer = s.ConnectionRateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.connection_rate(connection=connection, actor=request.user, **serializer.validated_data)
        return self._answer(pk)


class MemberViewSet(viewsets.GenericViewSet):

    queryset = SearchableMember.objects.none()
    serializer_class = MemberSerializer
    lookup_field = "username"
    lookup_value_regex = r"[A-Za-z0-9_-]{1,30}"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("retrieve", "followers", "following"):
            return [AllowAny()]
        return [IsAuthenticated()]

    def _page(self, queryset) -> Response:
        queryset = selectors.people_with_viewer_state(queryset, self.request.user)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MemberSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(summary="A member's public profile")
    def retrieve(self, request, username=None):
        member = selectors.person_by_username(username, viewer=request.user)
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)

    @extend_schema(summary="Your own profile", responses=MeSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(MeSerializer(request.user, context=self.get_serializer_context()).data)

    @extend_schema(methods=["POST"], summary="Follow a member", request=None,
                   responses={200: s.FollowResultSerializer, 201: s.FollowResultSerializer},
                   description="201 when you started following, 200 when you already did.")
    @extend_schema(methods=["DELETE"], summary="Unfollow a member", request=None,
                   responses={200: s.FollowResultSerializer})
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, username=None):
        member = selectors.person_by_username(username)
        if request.method == "POST":
            _, created = member_services.follow_create(follower=request.user, following=member)
            status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        else:
            member_services.follow_delete(follower=request.user, following=member)
            status_code = status.HTTP_200_OK
        member.refresh_from_db(fields=["followers_count"])
        return Response(s.FollowResultSerializer({"following": request.method == "POST",
                                                  "followers_count": member.followers_count}).data,
                        status=status_code)

    @extend_schema(summary="Who follows a member", responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def followers(self, request, username=None):
        return self._page(selectors.people_followers(selectors.person_by_username(username)))

    @extend_schema(summary="Whom a member follows", responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def following(self, request, username=None):
        return self._page(selectors.people_following(selectors.person_by_username(username)))


class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):

    queryset = Taxonomy.objects.none()
    serializer_class = s.TermSerializer
    permission_classes = [AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.offer_categories()

    @extend_schema(summary="Offer categories", description="The “What do you need help with?” problems.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class TagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Taxonomy.objects.none()
    serializer_class = s.TermSerializer
    filterset_class = filters.TagFilter
    permission_classes = [AllowAny]

    def get_queryset(self):
        return Taxonomy.objects.none()  # TagFilter asks the selector for the candidates

    @extend_schema(summary="Skill and topic tags")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class ToolViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):

    queryset = Taxonomy.objects.none()
    serializer_class = s.ToolSerializer
    filterset_class = filters.ToolFilter
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,120}"

    def get_queryset(self):
        return selectors.tools_public()

    @extend_schema(summary="List tools")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A tool with its offers and asks", responses=s.ToolDetailSerializer)
    def retrieve(self, request, slug=None):
        tool = selectors.tool_with_activity(slug)
        return Response(s.ToolDetailSerializer(tool, context=self.get_serializer_context()).data)


# --- Discovery ------------------------------------------------------------------------------


class DiscoverView(APIView):

    permission_classes = [AllowAny]
    sections = {"offers": "api:discover-offers-list", "asks": "api:discover-asks-list",
                "people": "api:discover-people-list",
                "tools": "api:tool-list"}

    @extend_schema(
        summary="Unified discovery",
        description="The top matches of each kind for a natural-language `q` (e.g. “I need help writing blog "
                    "posts”), with totals and links to the paginated lists. Without `q`: featured offers, "
                    "newest open asks, the most helpful creators and tools A–Z.",
        parameters=[OpenApiParameter("q", str, description=filters.Q_HELP),
                    OpenApiParameter("limit", int, description="Results per section, 1–20 (default 6).")],
        responses=s.DiscoverSerializer,
    )
    def get(self, request):
        params = s.DiscoverParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data.get("q", "")
        found = matching.discover_unified(query=query, viewer=request.user,
                                           limit=params.validated_data.get("limit", 6))
        suffix = f"?{urlencode({'q': query})}" if query else ""
        for name, url_name in self.sections.items():
            found[name]["more_url"] = request.build_absolute_uri(reverse(url_name) + suffix)
        return Response(s.DiscoverSerializer({"query": query, **found}, context={"request": request}).data)


class _DiscoverList(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]


@extend_schema_view(list=extend_schema(summary="Browse offers", description="Public offers, featured first unless "
                                       "`q` or `ordering` says otherwise. Same filters as /offers/."))
class DiscoverOffersViewSet(_DiscoverList):
    queryset = Offer.objects.none()
    serializer_class = s.OfferSerializer
    filterset_class = filters.DiscoverOfferFilter

    def get_queryset(self):
        return selectors.offers_public(self.request.user)


@extend_schema_view(list=extend_schema(summary="Browse open asks", description="Open asks unless `status` says "
                                       "otherwise. Same filters as /asks/."))
class DiscoverAsksViewSet(_DiscoverList):
    queryset = Ask.objects.none()
    serializer_class = s.AskSerializer
    filterset_class = filters.AskFilter

    def get_queryset(self):
        queryset = selectors.asks_public(self.request.user)
        if "status" not in self.request.query_params:
            queryset = queryset.filter(status="open")
        return queryset


@extend_schema_view(list=extend_schema(summary="Browse creators", description="Members, the most helpful first; "
                                       "`q` searches usernames, names, taglines and bios."))
class DiscoverPeopleViewSet(_DiscoverList):
    queryset = SearchableMember.objects.none()
    serializer_class = MemberSerializer
    filterset_class = filters.PeopleFilter

    def get_queryset(self):
        return selectors.people_public(self.request.user)
