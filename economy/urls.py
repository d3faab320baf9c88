from django.urls import path

from . import views

app_name = "economy"

urlpatterns = [
    path("my/points/", views.my_points, name="my_points"),
    path("my/points/convert/", views.convert_points, name="convert_points"),
    path("community/leaderboard/", views.leaderboard, name="leaderboard"),
    path("connections/<int:pk>/thanks/", views.connection_thanks, name="connection_thanks"),
    path("connections/<int:pk>/thanks/<slug:action>/", views.connection_thanks, name="connection_thanks_action"),
    path("endorsements/<int:pk>/<slug:action>/", views.endorsement_action, name="endorsement_action"),
]
