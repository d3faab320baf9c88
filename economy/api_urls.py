"""/api/v1/economy/… (included from config/urls.py)."""

from django.urls import path

from . import api

app_name = "economy-api"

urlpatterns = [
    path("me/", api.BalanceView.as_view(), name="balance"),
    path("me/points/", api.PointsHistoryView.as_view(), name="points-history"),
    path("me/credits/", api.CreditHistoryView.as_view(), name="credits-history"),
    path("me/convert/", api.ConvertView.as_view(), name="convert"),
    path("gifts/points/", api.PointGiftView.as_view(), name="point-gifts"),
    path("gifts/credits/", api.CreditGiftView.as_view(), name="credit-gifts"),
    path("badge-types/", api.BadgeTypeListView.as_view(), name="badge-types"),
    path("badges/", api.BadgeAwardView.as_view(), name="badge-award"),
    path("endorsements/", api.EndorsementCreateView.as_view(), name="endorsement-create"),
    path("endorsements/<int:pk>/", api.EndorsementDetailView.as_view(), name="endorsement-detail"),
    path("endorsements/<int:pk>/report/", api.EndorsementReportView.as_view(), name="endorsement-report"),
    path("members/<str:username>/recognition/", api.MemberRecognitionView.as_view(), name="member-recognition"),
    path("leaderboard/", api.LeaderboardView.as_view(), name="leaderboard"),
]
