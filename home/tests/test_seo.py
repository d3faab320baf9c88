"""Sharing and search engines: sitemap, robots.txt, the web app manifest, OpenGraph/Twitter/canonical tags."""
import json
import re

import pytest
from django.core.management import call_command

from collective.factories import AskFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(db):
    call_command("seed_pages", verbosity=0)


def test_the_sitemap_lists_public_pages_offers_and_asks_but_no_drafts(client, site_pages):
    offer, ask = OfferFactory(title="Prompt pack"), AskFactory(title="Need testers")
    draft = OfferFactory(title="Hidden draft", status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert "/our-story/</loc>" in xml and "/discover/</loc>" in xml
    assert offer.get_absolute_url() + "</loc>" in xml and ask.get_absolute_url() + "</loc>" in xml
    assert draft.get_absolute_url() not in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text and "Disallow: /my/" in text
    assert re.search(r"^Sitemap: http://testserver/sitemap\.xml$", text, re.M)


def test_the_manifest_has_a_name_start_url_and_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "All Thrive AI Collective" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    from django.contrib.staticfiles import finders

    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html and "apple-touch-icon" in html


def test_tool_urls_from_the_plan_redirect_permanently_to_the_directory(client):
    response = client.get("/tools/chatgpt/")
    assert response.status_code == 301 and response.url == "/discover/tools/chatgpt/"


@pytest.mark.parametrize("kind", ["landing", "page", "offer", "ask", "profile", "discover"])
def test_public_pages_carry_open_graph_twitter_and_canonical_tags(client, site_pages, kind):
    offer = OfferFactory(title="Prompt pack for teachers", description="Twenty prompts for lesson plans.")
    ask = AskFactory(title="Need beta testers")
    url, title = {
        "landing": ("/", "All Thrive AI Collective"),
        "page": ("/our-story/", "Our Story"),
        "offer": (offer.get_absolute_url(), offer.title),
        "ask": (ask.get_absolute_url(), ask.title),
        "profile": (offer.user.get_absolute_url(), f"@{offer.user.username}"),
        "discover": ("/discover/offers/?q=prompt&page=1", "All Thrive AI Collective"),
    }[kind]
    html = client.get(url).content.decode()
    canonical = "http://testserver" + url.split("?")[0]
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    og_title = re.search(r'<meta property="og:title" content="([^"]*)">', html).group(1)
    assert title in og_title.replace("&#x27;", "'")
    assert re.search(r'<meta property="og:image" content="http://testserver/static/icons/app/icon-512[^"]*\.png">', html)
    assert '<meta name="twitter:card" content="summary">' in html
    if kind == "offer":
        assert '<meta property="og:description" content="Twenty prompts for lesson plans.">' in html
