from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:key>/<int:pk>/", views.report, name="report"),
    path("my/reports/", views.my_reports, name="my_reports"),
    path("settings/privacy/", views.privacy_settings, name="privacy"),
    path("settings/privacy/people/", views.member_relation, name="member_relation"),
    path("settings/privacy/exports/<int:pk>/download/", views.export_download, name="export_download"),
]
