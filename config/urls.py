from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.exceptions import not_found_view as api_not_found
from config.api_cms import api_router
from home import seo
from home import views as home_views
from home.styleguide import styleguide

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/cms/v2/", api_router.urls),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("home/", home_views.dashboard, name="dashboard"),
    path("home/onboarding/dismiss/", home_views.onboarding_reminder_hide, name="onboarding_reminder_hide"),
    path("health/", home_views.health, name="health"),
    path("styleguide/", styleguide, name="styleguide"),
    path("sitemap.xml", sitemap, {"sitemaps": seo.SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("manifest.webmanifest", seo.web_manifest, name="web_manifest"),
    # The plan's tool URL; tool pages live in the directory under /discover/tools/.
    path("tools/<slug:slug>/", RedirectView.as_view(url="/discover/tools/%(slug)s/", permanent=True)),
    path("", include("storefront.urls")),
    # Member web experience: discovery, my offers/asks (+ the offer page editor), settings, onboarding placeholder.
    path("", include("discover.urls")),
    path("", include("collective.urls")),
    path("", include("members.settings_urls")),
    # Trust and safety: /report/…, /my/reports/, /settings/privacy/ (blocks, mutes, export, deletion).
    path("", include("moderation.urls")),
    # Ava: the onboarding chat (/onboarding/), the assistant (/ava/) and link import (/ava/import/).
    path("", include("assistant.urls")),
    path("api/v1/economy/", include("economy.api_urls")),
    path("api/v1/", include("messaging.api_urls")),
    path("api/v1/", include("notifications.api_urls")),
    path("api/v1/", include("moderation.api_urls")),
    path("api/v1/", include("config.api_router")),
    # Community: the hub (/community/), events, calendar feeds, challenges, the Givers Circle, pins, analytics.
    path("", include("community.urls")),
    path("api/v1/community/", include("community.api_urls")),
    path("", include("economy.urls")),
    path("", include("messaging.urls")),
    path("", include("notifications.urls")),
    # Weekly introductions: "Introduce us" and "Not now" (matching/).
    path("", include("matching.urls")),
    # Payments: credit packs, checkout (+ simulator), /webhooks/stripe/, /my/purchases/, /my/earnings/, /settings/earnings/.
    path("", include("payments.urls")),
    # Courses: /my/learning/… (learners) and /creator/courses/… (the studio and the Course Publisher).
    path("", include("courses.urls")),
    path("api/v1/", include("courses.api_urls")),
    # Creator media: Social Clips (/creator/clips/).
    path("", include("clips.urls")),
    # Agents for hire: /agents/ (marketplace, conversations) and /creator/agents/ (the owner's studio).
    path("", include("agents.urls")),
    path("api/v1/", include("agents.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Unknown API URLs answer in the API's JSON error shape, not with the site's HTML 404 page.
urlpatterns.append(re_path(r"^api/", api_not_found))
# Wagtail serves every remaining path from its page tree.
urlpatterns.append(path("", include(wagtail_urls)))

# Styled error pages (templates/400.html, 403.html, 404.html use Django's handlers); the 500 page must
# render even when the database or a context processor is what failed.
handler500 = "home.errors.server_error"
