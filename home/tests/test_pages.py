"""The landing page, editorial pages and placeholders as visitors and members see them."""
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from assistant.content import ASK_SUGGESTIONS
from collective.factories import AskFactory, ConnectionFactory, OfferFactory
from home.models import HomePage, StandardPage
from home.services import GUIDELINES
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(db):
    call_command("seed_pages", verbosity=0)
    return HomePage.objects.get()


def test_seed_pages_makes_home_page_the_site_root_and_is_idempotent(site_pages):
    call_command("seed_pages", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_page_id == site_pages.pk
    assert HomePage.objects.count() == 1
    assert sorted(StandardPage.objects.values_list("slug", flat=True)) == ["guidelines", "help", "our-story"]
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def established_member(**kwargs):
    """A member past onboarding with one completed connection: their work may be featured."""
    member = UserFactory(onboarding_completed_at=timezone.now(), **kwargs)
    ConnectionFactory(initiator=member, status="completed")
    return member


def test_visitor_sees_landing_page_with_live_offers_and_asks(client, site_pages):
    owner = established_member()
    offer = OfferFactory(title="MeetingBot summaries", user=owner)
    draft = OfferFactory(title="Secret draft", status="draft", user=owner)
    ask = AskFactory(title="Need beta testers for TaskAI", user=owner)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Share what you offer" in html
    assert offer.title in html and ask.title in html
    assert draft.title not in html
    assert "/accounts/signup/" in html


def test_landing_page_features_established_members_and_curator_picks_never_a_newcomers_starter_posts(client, site_pages):
    newcomer = UserFactory(onboarding_completed_at=timezone.now())
    starter = ASK_SUGGESTIONS[0]
    AskFactory(user=newcomer, title=starter.title, description=starter.description)
    OfferFactory(user=newcomer, title="Newcomer's quick offer")
    picked = OfferFactory(user=newcomer, title="Curator-picked prompt pack", is_featured=True)
    veteran = established_member()
    AskFactory(user=veteran, title=starter.title, description=starter.description)  # unedited starter: never
    edited = AskFactory(user=veteran, title=starter.title, description="Testing my sleep-tracker app on Android.")
    html = client.get("/").content.decode()
    assert picked.title in html and edited.description[:20] in html
    assert "Newcomer's quick offer" not in html
    assert starter.description not in html


def test_member_visiting_root_goes_to_dashboard(client, member, site_pages):
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/home/"


def test_guidelines_page_lists_the_six_guidelines(client, site_pages):
    html = client.get("/guidelines/").content.decode()
    for title, _ in GUIDELINES:
        assert title.replace("'", "&#x27;") in html or title in html
    assert client.get("/our-story/").status_code == 200
    assert client.get("/help/").status_code == 200


def test_every_link_in_the_header_and_footer_leads_somewhere(client, member, site_pages):
    """No dead links and no 404s from the navigation, for a signed-in member."""
    from courses.services import courses_index_ensure
    from tools_directory.services import tools_index_ensure

    tools_index_ensure()  # /discover/tools/ and /discover/courses/ are Wagtail pages of their features
    courses_index_ensure()
    client.force_login(member)
    html = client.get("/home/").content.decode()
    chrome = html[html.index("<header"):html.index("</header>")] + html[html.index("<footer"):]
    paths = sorted(set(re.findall(r'href="(/[^"#?]*)"', chrome)))
    assert "/discover/" in paths and "/settings/" in paths and "/my/learning/" in paths
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path


def test_landing_page_query_count_is_constant(client, site_pages, django_assert_max_num_queries):
    OfferFactory.create_batch(3)
    AskFactory.create_batch(2)
    with django_assert_max_num_queries(25) as small:
        client.get("/")
    OfferFactory.create_batch(12)
    AskFactory.create_batch(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/")


def test_the_style_guide_renders_every_component(client, site_pages):
    # Built from stand-in objects, so it also catches template tags that assume real models.
    response = client.get("/styleguide/")
    assert response.status_code == 200
    assert "Buttons" in response.content.decode()


def test_our_story_button_to_a_site_path_validates_publishes_and_shows(client, site_pages):
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import EditorialCallToActionBlock

    block = EditorialCallToActionBlock()
    assert block.clean(block.to_python({"label": "Join", "url": "/accounts/signup/", "style": "primary"}))
    for bad in ("javascript:alert(1)", "//evil.example.com/", "accounts/signup", ""):
        with pytest.raises(StructBlockValidationError) as refused:
            block.clean(block.to_python({"label": "Join", "url": bad, "style": "primary"}))
        assert set(refused.value.block_errors) & {"page", "url"}
    story = StandardPage.objects.get(slug="our-story")
    story.save_revision().publish()  # what Publish in the admin does with the seeded button
    html = client.get("/our-story/").content.decode()
    assert re.search(r'<a class="btn btn--primary" href="/accounts/signup/">Join the Collective</a>', html)


def test_an_editorial_button_can_point_at_a_page(client, site_pages):
    guidelines = StandardPage.objects.get(slug="guidelines")
    story = StandardPage.objects.get(slug="our-story")
    story.body = [("cta", {"label": "Read the guidelines", "page": guidelines, "url": "", "style": "secondary"})]
    story.save_revision().publish()
    html = client.get("/our-story/").content.decode()
    assert 'href="/guidelines/">Read the guidelines</a>' in html
