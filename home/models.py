"""Editorial pages curators edit in Wagtail: the landing page and standard content pages."""
from django.db import models
from django.shortcuts import redirect
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import EditorialStreamBlock


class HomePage(Page):
    """The site root: a landing page for visitors. Signed-in members go to their dashboard."""

    hero_title = models.CharField(max_length=120, default="Share what you offer. Ask for what you need.")
    hero_text = models.TextField(
        max_length=400,
        default="The All Thrive AI Collective is where AI builders and curious people help each other: "
        "apps, courses, feedback, mentorship and introductions, given generously.",
    )
    body = StreamField(EditorialStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "home.DiscoverPage", "community.CommunityIndexPage"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated and not getattr(request, "is_preview", False):
            return redirect("dashboard")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from assistant.content import starter_posts
        from collective.selectors import landing_highlights

        context = super().get_context(request, *args, **kwargs)
        context.update(landing_highlights(starter_posts=starter_posts()))
        return context


class StandardPage(Page):
    """A content page built from blocks: Our Story, Community Guidelines, Help & Feedback…"""

    intro = models.TextField(blank=True, max_length=500)
    body = StreamField(EditorialStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]



class DiscoverPage(Page):
    """Container for the curated sections under /discover/ (tools directory, courses).

    /discover/ itself is the member-facing discovery view (a Django view that takes precedence), so this
    page only gives the Wagtail-managed sections their URLs: /discover/tools/, /discover/courses/.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["tools_directory.ToolsIndexPage", "courses.CoursesIndexPage"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        return redirect("/discover/")
