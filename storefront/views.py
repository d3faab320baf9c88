"""The public storefront: a member's profile (/@username/), followers/following, offer and ask pages."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import BaseThrottle

from agents import selectors as agent_selectors
from agents import services as agent_services
from collective import selectors as collective_selectors
from collective.choices import OFFER_SECTIONS
from collective.services import view_record, viewer_key_for
from core.errors import ApplicationError
from courses import selectors as course_selectors
from members import services
from members.safety import field_visible
from payments import selectors as payment_selectors

from . import selectors

PEOPLE_PER_PAGE = 24


def _member_or_404(username: str, viewer):
    """An active member (any case), with `is_followed` for a signed-in viewer and their agent profile."""
    member = (
        collective_selectors.people_with_viewer_state(collective_selectors.people_public(viewer), viewer)
        .select_related("agent_profile__owner")
        .filter(username__iexact=username)
        .first()
    )
    if member is None:
        raise Http404("No such member")
    return member


def _count_view(request, target) -> None:
    """Count one view per visitor per day (the owner's own visits don't count)."""
    key = viewer_key_for(user=request.user, client_address=BaseThrottle().get_ident(request) or "",
                         user_agent=request.headers.get("User-Agent", "")[:300])
    if view_record(target=target, viewer_key=key, viewer=request.user):
        target.view_count += 1  # the page shows the count including this visit


def profile(request, username: str):
    if username.lower() == "me":
        # /@me/ is everyone's own profile ("me" is a reserved username).
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next=/@me/")
        return redirect(request.user.get_absolute_url())
    member = _member_or_404(username, request.user)
    is_self = request.user.is_authenticated and request.user.pk == member.pk
    return render(request, "storefront/profile.html", {
        "member": member,
        "is_self": is_self,
        "offer_sections": selectors.storefront_offers(member, request.user),
        "asks": list(selectors.storefront_asks(member, request.user)[:12]),
        "activity": selectors.profile_activity(member, viewer=request.user),
        "my_agents": list(agent_selectors.agents_listed().filter(owner=member)[:6]),
        "conversation_cost": agent_services.CONVERSATION_COST,
    })


@login_required
@require_http_methods(["POST"])
def follow(request, username: str):
    """Follow or unfollow (POST action=follow|unfollow). htmx gets the button back; a plain form is redirected."""
    member = _member_or_404(username, request.user)
    action = request.POST.get("action", "follow")
    try:
        if action == "unfollow":
            services.follow_delete(follower=request.user, following=member)
            member.is_followed, text = False, f"You unfollowed {member.get_display_name}."
        else:
            services.follow_create(follower=request.user, following=member)
            member.is_followed, text = True, f"You're following {member.get_display_name}."
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(member.get_absolute_url())
    member.refresh_from_db(fields=["followers_count", "following_count"])
    if request.htmx:
        response = render(request, "storefront/partials/follow_button.html", {"member": member, "oob": True})
        response["HX-Trigger"] = json.dumps({"toast": {"message": text, "level": "success"}})
        return response
    messages.success(request, text)
    return redirect(member.get_absolute_url())


def _people_page(request, username: str, *, which: str):
    member = _member_or_404(username, request.user)
    if not field_visible(member, "follows", request.user):
        raise Http404("This member keeps their follows private")
    people = collective_selectors.people_with_viewer_state(
        collective_selectors.people_followers(member) if which == "followers"
        else collective_selectors.people_following(member),
        request.user,
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [
        {"label": "Followers", "url": reverse("storefront:followers", args=[member.username]),
         "active": which == "followers", "count": member.followers_count},
        {"label": "Following", "url": reverse("storefront:following", args=[member.username]),
         "active": which == "following", "count": member.following_count},
    ]
    return render(request, "storefront/people_list.html", {
        "member": member, "which": which, "page_obj": page, "people": page.object_list, "tabs": tabs,
    })


def followers(request, username: str):
    if request.method == "POST":
        return follow(request, username)
    return _people_page(request, username, which="followers")


def following(request, username: str):
    return _people_page(request, username, which="following")


STOREFRONT_PER_PAGE = 24


def profile_offers(request, username: str):
    """"See all" of a storefront section: /@username/offers/?section=learn_from_me, paginated."""
    member = _member_or_404(username, request.user)
    section = request.GET.get("section", "")
    titles = {key: title for key, title, _ in OFFER_SECTIONS}
    if section not in titles:
        raise Http404("No such section")
    page = Paginator(selectors.storefront_section_offers(member, section, request.user), STOREFRONT_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "storefront/profile_offers.html", {
        "member": member, "section": section, "section_title": titles[section], "page_obj": page,
        "offers": page.object_list,
    })


def offer_detail(request, username: str, slug: str):
    member = _member_or_404(username, request.user)
    offer = (
        collective_selectors.offers_with_details(collective_selectors.offers_visible_to(request.user))
        .filter(user=member, slug=slug)
        .first()
    )
    if offer is None:
        raise Http404("No such offer")
    is_owner = request.user.is_authenticated and request.user.pk == offer.user_id
    if offer.is_public:
        _count_view(request, offer)
    more = []
    if offer.is_public:
        more = list(
            collective_selectors.offers_for_cards(collective_selectors.offers_public(request.user).filter(user=member))
            .exclude(pk=offer.pk).order_by("-is_featured", "-created_at")[:3]
        )
    return render(request, "storefront/offer_detail.html", {
        "member": member, "offer": offer, "is_owner": is_owner, "more_offers": more,
        "tools": list(offer.tools.all()),
        # A course offer leads to its course page (enrolment and payment happen there); other paid
        # offers are bought here through checkout.
        "course_url": course_selectors.course_url_for_offer(offer, request=request),
        "sold_here": payment_selectors.offer_sold_here(offer),
    })


def ask_detail(request, username: str, slug: str):
    member = _member_or_404(username, request.user)
    ask = (
        collective_selectors.asks_with_details(collective_selectors.asks_visible_to(request.user))
        .filter(user=member, slug=slug)
        .first()
    )
    if ask is None:
        raise Http404("No such ask")
    is_owner = request.user.is_authenticated and request.user.pk == ask.user_id
    if not ask.is_archived:
        _count_view(request, ask)
    return render(request, "storefront/ask_detail.html", {
        "member": member, "ask": ask, "is_owner": is_owner, "tools": list(ask.tools.all()),
    })
