"""Seeding of the Wagtail page tree: the landing page and the editorial pages curators then edit."""
from wagtail.models import Page, Site

from community.models import CommunityIndexPage
from core.community import GUIDELINES, VALUES

from .models import DiscoverPage, HomePage, StandardPage


def _rich(text: str) -> dict:
    return {"type": "rich_text", "value": text}


EDITORIAL_PAGES = [
    {
        "slug": "our-story",
        "title": "Our Story",
        "intro": "We believe everyone has something to offer and the ability to ask for what they need.",
        "body": [
            _rich("<p>All Thrive started as a small circle of AI builders who kept helping each other: a code review "
                  "here, a landing-page critique there, an introduction that changed someone's year. The AI Collective "
                  "makes that circle bigger.</p><p>Here you <strong>share what you offer</strong> — apps, templates, "
                  "courses, services, mentorship, or simply an hour of feedback — and you <strong>ask for what you "
                  "need</strong>. People connect, help happens, and generosity is noticed.</p>"),
            {"type": "values", "value": {"heading": "What we value",
                                         "values": [{"name": n, "text": t} for n, t in VALUES]}},
            {"type": "cta", "value": {"label": "Join the Collective", "url": "/accounts/signup/", "style": "primary"}},
        ],
    },
    {
        "slug": "guidelines",
        "title": "Community Guidelines",
        "intro": "These guidelines help us keep a generous, curious and respectful space.",
        "body": [
            {"type": "guidelines", "value": {"heading": "Our guidelines",
                                             "guidelines": [{"title": t, "text": d} for t, d in GUIDELINES]}},
            _rich("<p>If someone isn't following these guidelines, tell us on the "
                  "<a href=\"/help/\">Help &amp; Feedback</a> page. We read every message.</p>"),
        ],
    },
    {
        "slug": "help",
        "title": "Help & Feedback",
        "intro": "Questions, ideas or something not working? We'd love to hear from you.",
        "body": [
            {"type": "faq", "value": {"heading": "Common questions", "items": [
                {"question": "What is an Offer?",
                 "answer": "Anything you give: an app you built, a template, a course, a service, mentorship, "
                           "a useful link, or your time for feedback and beta testing."},
                {"question": "What is an Ask?",
                 "answer": "Something you need right now: beta testers, feedback, a collaborator, advice, a hire "
                           "or an introduction."},
                {"question": "How do points work?",
                 "answer": "You earn points by helping: responding to asks, completing help sessions and receiving "
                           "helpful ratings. Points unlock avatar frames and features, and convert to credits."},
                {"question": "Who is Ava?",
                 "answer": "Ava is the Collective's assistant. She helps you get started and finds tools, people "
                           "and courses for what you're trying to do."},
            ]}},
            _rich("<p>Still stuck? Email <a href=\"mailto:hello@allthrive.ai\">hello@allthrive.ai</a>.</p>"),
        ],
    },
]


def editorial_pages_seed() -> list[str]:
    """Make HomePage the default site's root and add missing editorial pages. Returns titles created."""
    created = []
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="All Thrive AI Collective", slug="home-page"))
        created.append(home.title)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="All Thrive AI Collective")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "All Thrive AI Collective"
        site.save()
        # Wagtail's installer creates a placeholder "Welcome" page; it has no place in our tree.
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    if not DiscoverPage.objects.exists():
        home.add_child(instance=DiscoverPage(title="Discover", slug="discover", show_in_menus=False))
        created.append("Discover")
    if not CommunityIndexPage.objects.exists():  # the curators' folder of weekly challenges
        home.add_child(instance=CommunityIndexPage(title="Community", slug="community", show_in_menus=False))
        created.append("Community")
    for spec in EDITORIAL_PAGES:
        if StandardPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = StandardPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=spec["body"])
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(page.title)
    return created
