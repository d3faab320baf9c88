"""/settings/: the member's profile and account. Other features add tabs (see members/settings_nav.py)."""
from django.urls import path

from . import settings_views as views

urlpatterns = [
    path("settings/", views.settings_profile, name="settings"),
    path("settings/account/", views.settings_account, name="settings_account"),
]
