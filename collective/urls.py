"""/my/offers/ and /my/asks/: a member's own offers and asks, and the offer page editor."""
from django.urls import path

from .views import editor, mine

app_name = "mine"

urlpatterns = [
    path("my/offers/", mine.offers, name="offers"),
    path("my/offers/new/", mine.offer_create, name="offer_new"),
    path("my/offers/<int:pk>/edit/", mine.offer_edit, name="offer_edit"),
    path("my/offers/<int:pk>/status/", mine.offer_status, name="offer_status"),
    path("my/offers/<int:pk>/archive/", mine.offer_archive, name="offer_archive"),
    path("my/offers/<int:pk>/content/", editor.content, name="offer_content"),
    path("my/offers/<int:pk>/content/add/", editor.content_add, name="offer_content_add"),
    path("my/offers/<int:pk>/content/<slug:block_id>/", editor.content_update, name="offer_content_update"),
    path("my/offers/<int:pk>/content/<slug:block_id>/move/", editor.content_move, name="offer_content_move"),
    path("my/offers/<int:pk>/content/<slug:block_id>/delete/", editor.content_delete, name="offer_content_delete"),
    path("my/asks/", mine.asks, name="asks"),
    path("my/asks/new/", mine.ask_create, name="ask_new"),
    path("my/asks/<int:pk>/edit/", mine.ask_edit, name="ask_edit"),
    path("my/asks/<int:pk>/status/", mine.ask_status, name="ask_status"),
    path("my/asks/<int:pk>/archive/", mine.ask_archive, name="ask_archive"),
]
