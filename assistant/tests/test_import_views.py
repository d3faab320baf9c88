"""/ava/import/: the endpoint the offer form (and anyone else) can call to turn a link into a proposal,
and /ava/import/create/ which creates the confirmed offer. Failures are Ava's words, never a 500."""
import pytest

from assistant.url_import import fetch
from collective.choices import OfferStatus, OfferType
from collective.models import Offer
from members.factories import UserFactory

from .conftest import OG_PAGE, allow_loopback

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(client, categories):
    user = UserFactory(username="importer")
    client.force_login(user)
    return user


@pytest.fixture
def loopback_allowed(monkeypatch):
    """Let the views reach the local test server (the default policy, plus 127.0.0.1 only)."""
    monkeypatch.setattr(fetch, "is_public_address", allow_loopback)


def test_htmx_import_returns_a_proposal_fragment(client, importer, page_server, loopback_allowed, tools):
    url = page_server.html("/course", OG_PAGE)
    response = client.post("/ava/import/", {"url": url}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'value="Prompt Patterns: write prompts that work"' in html
    assert '<option value="course" selected>' in html
    assert 'action="/ava/import/create/"' in html
    assert f'name="tools" value="{tools["Claude"].pk}"' in html


def test_json_clients_get_the_proposal_as_json(client, importer, page_server, loopback_allowed):
    url = page_server.html("/course", OG_PAGE)
    body = client.post("/ava/import/", {"url": url, "hint": "course"}, HTTP_ACCEPT="application/json").json()
    assert body["proposal"]["offer_type"] == OfferType.COURSE
    assert body["proposal"]["title"] == "Prompt Patterns: write prompts that work"


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1/", "only import public web pages"),
    ("http://169.254.169.254/latest/meta-data/", "only import public web pages"),
    ("file:///etc/passwd", "addresses starting with http"),
    ("", "Paste a link first"),
])
def test_refusals_are_friendly_and_never_a_server_error(client, importer, url, message):
    response = client.post("/ava/import/", {"url": url}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.content.decode()
    json_response = client.post("/ava/import/", {"url": url}, HTTP_ACCEPT="application/json")
    assert json_response.status_code == 400
    assert message in json_response.json()["error"]["message"]


def test_the_page_works_without_javascript(client, importer, page_server, loopback_allowed):
    assert client.get("/ava/import/").status_code == 200
    url = page_server.html("/course", OG_PAGE)
    html = client.post("/ava/import/", {"url": url}).content.decode()
    assert "<html" in html and "Create this offer" in html


def test_confirming_creates_an_active_offer_and_opens_its_page_editor(client, importer, categories, tools):
    response = client.post("/ava/import/create/", {
        "url": "https://learnly.example.com/prompt-patterns", "image": "https://learnly.example.com/c.png",
        "site_name": "Learnly", "title": "Prompt Patterns", "description": "Six lessons.", "offer_type": "course",
        "category": "learning-education", "tools": [tools["Claude"].pk], "tools_present": "1"})
    offer = Offer.objects.get(user=importer)
    assert response.url == f"/my/offers/{offer.pk}/content/"
    assert (offer.title, offer.offer_type, offer.status) == ("Prompt Patterns", OfferType.COURSE, OfferStatus.ACTIVE)
    assert offer.category == categories["learning-education"]
    assert offer.featured_image_url == "https://learnly.example.com/c.png"
    assert list(offer.tools.all()) == [tools["Claude"]]
    assert offer.source_url == "https://learnly.example.com/prompt-patterns"


def test_confirming_without_a_title_keeps_the_proposal_and_says_why(client, importer):
    response = client.post("/ava/import/create/", {"url": "https://x.example.com/", "title": "",
                                                   "offer_type": "app"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Give your offer a title." in response.content.decode()
    assert not Offer.objects.exists()


def test_a_javascript_link_cannot_be_smuggled_into_the_offer(client, importer):
    response = client.post("/ava/import/create/", {"url": "javascript:alert(1)", "title": "x", "offer_type": "app"})
    assert response.status_code == 400
    assert not Offer.objects.exists()


def test_imports_are_rate_limited_per_member(client, importer):
    for _ in range(20):
        client.post("/ava/import/", {"url": "http://127.0.0.1/"}, HTTP_HX_REQUEST="true")
    response = client.post("/ava/import/", {"url": "http://127.0.0.1/"}, HTTP_HX_REQUEST="true")
    assert "Give it a few minutes" in response.content.decode()


def test_visitors_cannot_import(client):
    assert "/accounts/login/" in client.post("/ava/import/", {"url": "https://example.com/"}).url
