"""URLs of the REST API v1, mounted at /api/v1/ (namespace "api")."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("offers", views.OfferViewSet, basename="offer")
router.register("asks", views.AskViewSet, basename="ask")
router.register("connections", views.ConnectionViewSet, basename="connection")
router.register("discover/offers", views.DiscoverOffersViewSet, basename="discover-offers")
router.register("discover/asks", views.DiscoverAsksViewSet, basename="discover-asks")
router.register("discover/people", views.DiscoverPeopleViewSet, basename="discover-people")
router.register("members", views.MemberViewSet, basename="member")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("tags", views.TagViewSet, basename="tag")
router.register("tools", views.ToolViewSet, basename="tool")

app_name = "api"
urlpatterns = [
    path("discover/", views.DiscoverView.as_view(), name="discover"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
]
