from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/", views.hub, name="hub"),
    path("community/events/", views.events, name="events"),
    path("community/events/new/", views.event_new, name="event_new"),
    path("community/events/<int:pk>/", views.event_detail, name="event_detail"),
    path("community/events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("community/events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("community/events/<int:pk>/rsvp/cancel/", views.event_rsvp_cancel, name="event_rsvp_cancel"),
    path("community/events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("community/events/<int:pk>/message/", views.event_message, name="event_message"),
    path("community/events/<int:pk>/thank/", views.event_thank, name="event_thank"),
    path("community/events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("community/calendar/", views.calendar_settings, name="calendar"),
    path("community/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("community/challenges/", views.challenges, name="challenges"),
    path("community/givers-circle/", views.circle, name="circle"),
    path("community/givers-circle/<int:pk>/", views.circle_thread, name="circle_thread"),
    path("my/offers/<int:pk>/pin/", views.offer_pin, name="offer_pin"),
    path("my/offers/<int:pk>/analytics/", views.offer_analytics, name="offer_analytics"),
]
