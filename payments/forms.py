"""Checkout forms. They name what to buy; the price a member saw travels along only so a changed or
tampered price can be refused. The amount charged always comes from the server."""
from django import forms

from core.forms import AsciiIntegerField, ServiceFormMixin

from .choices import CREDIT_PACKS


class CreditPackCheckoutForm(ServiceFormMixin, forms.Form):
    pack = forms.ChoiceField(choices=[(slug, pack.name) for slug, pack in CREDIT_PACKS.items()])
    amount_cents = AsciiIntegerField(min_value=0, widget=forms.HiddenInput)


class OfferCheckoutForm(ServiceFormMixin, forms.Form):
    amount_cents = AsciiIntegerField(min_value=0, widget=forms.HiddenInput)
