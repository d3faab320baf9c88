"""Payment routes: checkout, its return pages, the simulator, the webhook, purchases, earnings, payout settings."""
from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("credits/", views.credit_packs, name="credit_packs"),
    path("payments/checkout/credits/", views.checkout_credits, name="checkout_credits"),
    path("payments/offers/<int:pk>/buy/", views.offer_buy, name="offer_buy"),
    path("payments/checkout/offers/<int:pk>/", views.checkout_offer, name="checkout_offer"),
    path("payments/success/", views.checkout_success, name="success"),
    path("payments/cancel/", views.checkout_cancel, name="cancel"),
    path("payments/simulator/checkout/<str:session_id>/", views.simulator_checkout, name="simulator_checkout"),
    path("payments/simulator/onboarding/<str:account_id>/", views.simulator_onboarding, name="simulator_onboarding"),
    path("payments/simulator/payout/", views.simulator_payout, name="simulator_payout"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("my/purchases/", views.my_purchases, name="my_purchases"),
    path("my/purchases/<int:pk>/", views.purchase_receipt, name="receipt"),
    path("my/purchases/subscriptions/<int:pk>/cancel/", views.subscription_cancel, name="subscription_cancel"),
    path("my/earnings/", views.my_earnings, name="my_earnings"),
    path("settings/earnings/", views.settings_earnings, name="settings_earnings"),
    path("settings/earnings/connect/", views.settings_earnings_connect, name="settings_earnings_connect"),
    path("settings/earnings/refresh/", views.settings_earnings_refresh, name="settings_earnings_refresh"),
    path("settings/earnings/dashboard/", views.settings_earnings_dashboard, name="settings_earnings_dashboard"),
]
