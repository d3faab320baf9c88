"""For search engines and phones: /sitemap.xml (Wagtail's page sitemap plus offers and asks),
/robots.txt and the web app manifest (/manifest.webmanifest) for "Add to home screen"."""
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from collective.selectors import asks_public, offers_public

SITEMAP_LIMIT = 5000  # rows per sitemap section; Django paginates beyond it (?p=2)


class OfferSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        return offers_public().select_related("user").order_by("-updated_at", "-pk")

    def lastmod(self, offer):
        return offer.updated_at


class AskSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        return asks_public().select_related("user").order_by("-updated_at", "-pk")

    def lastmod(self, ask):
        return ask.updated_at


SITEMAPS = {"pages": WagtailSitemap, "offers": OfferSitemap, "asks": AskSitemap}

# Private or per-member areas: nothing there for a search engine.
ROBOTS_DISALLOW = ("/admin/", "/django-admin/", "/accounts/", "/_allauth/", "/api/", "/home/", "/my/", "/settings/",
                   "/messages/", "/connections/", "/notifications/", "/payments/", "/creator/", "/onboarding/",
                   "/ava/", "/webhooks/")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_page(60 * 60)
def web_manifest(request):
    return JsonResponse({
        "name": "All Thrive AI Collective",
        "short_name": "All Thrive",
        "description": "Share what you offer. Ask for what you need.",
        "start_url": "/home/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#faf9f7",
        "theme_color": "#5b45e0",
        "icons": [
            {"src": static("icons/app/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/app/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/app/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }, content_type="application/manifest+json")
