"""``{% social_meta %}``: OpenGraph, Twitter card and canonical tags for every public page (base.html).

Fed by, in order: the tag's keyword arguments (a template's ``{% block social_meta %}{% social_meta
image=offer.cover_url %}{% endblock %}``), a ``social`` dict in the context (views), then what the page
shows (a Wagtail ``page``, an ``offer``, an ``ask``, a ``member``'s storefront), then the site's defaults.
A cover image plugs in through ``image``; without one the app icon is shared.
"""
from django import template
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator

from members.safety import field_visible

register = template.Library()

SITE_NAME = "All Thrive AI Collective"
DEFAULT_DESCRIPTION = ("AI builders and curious people sharing apps, courses, feedback and mentorship, "
                       "and asking for what they need.")
DEFAULT_IMAGE = "icons/app/icon-512.png"


def _describe(context) -> dict:
    page, offer, ask, member = (context.get(name) for name in ("page", "offer", "ask", "member"))
    if offer is not None and hasattr(offer, "get_absolute_url"):
        return {"title": offer.title, "description": offer.description,
                "image": getattr(offer, "featured_image_url", "") or "", "type": "article"}
    if ask is not None and hasattr(ask, "get_absolute_url"):
        return {"title": ask.title, "description": ask.description, "type": "article"}
    if member is not None and hasattr(member, "get_display_name"):
        name = member.get_display_name() if callable(member.get_display_name) else member.get_display_name
        # Shared previews are public: only what the member shows to everyone (members.safety.field_visible).
        public = [getattr(member, field) for field in ("tagline", "bio") if field_visible(member, field, None)]
        return {"title": f"{name} (@{member.username})",
                "description": next((text for text in public if text), ""), "type": "profile"}
    if page is not None and hasattr(page, "specific_class"):  # a Wagtail page
        return {"title": page.seo_title or page.title,
                "description": page.search_description or getattr(page, "summary", "")
                or getattr(page, "tagline", "") or getattr(page, "intro", "") or getattr(page, "hero_text", ""),
                "image": getattr(page, "social_image_url", "") or "", "type": "website"}
    return {}


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, **overrides):
    request = context.get("request")
    if request is None:  # the 500 page renders without one
        return {}
    meta = {"title": SITE_NAME, "description": DEFAULT_DESCRIPTION, "image": "", "type": "website"}
    for source in (_describe(context), context.get("social") or {}, overrides):
        meta.update({key: value for key, value in source.items() if value})
    image = meta["image"] or static(DEFAULT_IMAGE)
    if image.startswith("/"):
        image = request.build_absolute_uri(image)
    if not image.startswith("https://") and not image.startswith("http://"):
        image = request.build_absolute_uri(static(DEFAULT_IMAGE))
    return {
        "title": meta["title"] if meta["title"] == SITE_NAME else f"{meta['title']} · {SITE_NAME}",
        "description": Truncator(strip_tags(str(meta["description"])).strip()).chars(200),
        "image": image, "large_image": image != request.build_absolute_uri(static(DEFAULT_IMAGE)),
        "type": meta["type"], "site_name": SITE_NAME,
        # One address per page: no query string (filters, pagination, tracking) in the canonical URL.
        "canonical": request.build_absolute_uri(request.path),
    }
