"""Public member pages: the profile storefront and offer/ask detail pages."""
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from collective.models import Ask, Offer
from collective.selectors import asks_for_cards, offers_for_cards

from .models import User
from .selectors import storefront_asks, storefront_offers


def _member_or_404(username: str) -> User:
    return get_object_or_404(User, username__iexact=username, is_active=True)


def profile(request, username: str):
    member = _member_or_404(username)
    return render(request, "members/profile.html", {
        "member": member,
        "offer_sections": storefront_offers(member),
        "asks": storefront_asks(member)[:20],
    })


def offer_detail(request, username: str, slug: str):
    member = _member_or_404(username)
    visible = Offer.objects.public()
    if request.user.is_authenticated:
        visible = Offer.objects.filter(Q(pk__in=visible.values("pk")) | Q(user=request.user, is_archived=False))
    offer = offers_for_cards(visible).filter(user=member, slug=slug).first()
    if offer is None:
        raise Http404("No such offer")
    return render(request, "members/offer_detail.html", {"member": member, "offer": offer})


def ask_detail(request, username: str, slug: str):
    member = _member_or_404(username)
    ask = asks_for_cards(Ask.objects.public()).filter(user=member, slug=slug).first()
    if ask is None:
        raise Http404("No such ask")
    return render(request, "members/ask_detail.html", {"member": member, "ask": ask})
