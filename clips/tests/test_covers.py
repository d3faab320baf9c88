"""Cover images: the free offline generator, the image model for 2 credits (refunded on failure), uploads."""
import base64
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clips import covers, selectors, services
from clips.models import CoverRequest
from collective.factories import OfferFactory
from core.errors import ApplicationError, NotFound
from members.factories import UserFactory


def png_bytes(colour="#4f3bd1", size=(1536, 1024)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_offline_cover_is_deterministic_and_og_sized():
    first = covers.png(covers.artwork("Landing page teardown", "marketing-content"))
    again = covers.png(covers.artwork("Landing  page teardown", "marketing-content"))
    other = covers.png(covers.artwork("Beta testers wanted", "marketing-content"))
    assert first == again  # same title (whitespace aside), same picture
    assert first != other
    assert Image.open(io.BytesIO(first)).size == (1200, 630)


def test_an_offline_cover_is_free_and_shows_on_cards(creator, offer, client):
    target = selectors.cover_target(creator, "offer", offer.pk)
    outcome = services.cover_generate(owner=creator, target=target, request_key="k")
    assert outcome.credits_charged == 0
    offer.refresh_from_db()
    assert offer.featured_image_url.startswith(settings.SITE_URL + "/media/images/")
    creator.refresh_from_db()
    assert creator.credit_balance == 12
    assert outcome.image.uploaded_by_user == creator
    page = client.get(offer.get_absolute_url()).content.decode()
    assert offer.featured_image_url in page


def test_a_model_cover_costs_two_credits_once(creator, offer, settings, monkeypatch):
    settings.IMAGES_BASE_URL, settings.IMAGES_API_KEY, settings.IMAGES_MODEL = "http://images.test/v1", "k", "m"
    calls = []
    monkeypatch.setattr(covers, "from_model", lambda prompt: calls.append(prompt) or png_bytes())
    target = selectors.cover_target(creator, "offer", offer.pk)
    assert services.cover_price() == 2
    first = services.cover_generate(owner=creator, target=target, request_key="same")
    again = services.cover_generate(owner=creator, target=target, request_key="same")
    assert first.credits_charged == 2 and again.image.pk == first.image.pk
    assert len(calls) == 1
    creator.refresh_from_db()
    assert creator.credit_balance == 10


def test_a_failed_model_cover_is_refunded(creator, offer, settings, monkeypatch):
    settings.IMAGES_BASE_URL, settings.IMAGES_API_KEY, settings.IMAGES_MODEL = "http://images.test/v1", "k", "m"

    def down(prompt):
        raise covers.ImageModelError("timeout")

    monkeypatch.setattr(covers, "from_model", down)
    target = selectors.cover_target(creator, "offer", offer.pk)
    with pytest.raises(ApplicationError) as failed:
        services.cover_generate(owner=creator, target=target, request_key="x")
    assert failed.value.status == 503 and "refunded" in failed.value.message
    creator.refresh_from_db()
    assert creator.credit_balance == 12
    assert not CoverRequest.objects.exists()  # trying again is a fresh request


def test_short_of_credits_for_a_model_cover_is_402(db, settings, monkeypatch):
    settings.IMAGES_BASE_URL, settings.IMAGES_API_KEY, settings.IMAGES_MODEL = "http://images.test/v1", "k", "m"
    monkeypatch.setattr(covers, "from_model", lambda prompt: png_bytes())
    poor = UserFactory(username="poor")
    offer = OfferFactory(user=poor, status="active")
    with pytest.raises(ApplicationError) as refused:
        services.cover_generate(owner=poor, target=selectors.cover_target(poor, "offer", offer.pk), request_key="p")
    assert refused.value.status == 402
    offer.refresh_from_db()
    assert offer.featured_image_url == ""


def test_covers_only_for_ones_own_things(creator, db):
    other = OfferFactory(user=UserFactory(username="noor"), status="active")
    with pytest.raises(NotFound):
        selectors.cover_target(creator, "offer", other.pk)
    with pytest.raises(NotFound):
        selectors.cover_target(creator, "event", 1)


def test_the_model_client_reads_a_base64_image_over_http(settings):
    image = png_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            assert body["model"] == "pixel-1" and self.headers["Authorization"] == "Bearer secret"
            answer = json.dumps({"data": [{"b64_json": base64.b64encode(image).decode()}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.IMAGES_BASE_URL = f"http://127.0.0.1:{server.server_port}/v1"
        settings.IMAGES_API_KEY, settings.IMAGES_MODEL = "secret", "pixel-1"
        assert covers.from_model("a cover") == image
        settings.IMAGES_BASE_URL = f"http://127.0.0.1:{server.server_port}/nothing-here"
        server.RequestHandlerClass = type("Broken", (Handler,), {"do_POST": lambda self: self.send_error(500)})
        with pytest.raises(covers.ImageModelError):
            covers.from_model("a cover")
    finally:
        server.shutdown()


def test_the_cover_page_uploads_and_generates(client, creator, offer):
    client.force_login(creator)
    url = f"/creator/covers/offer/{offer.pk}/"
    page = client.get(url).content.decode()
    assert "Generate a cover · Free" in page
    upload = SimpleUploadedFile("mine.png", png_bytes("#f07a3c", (800, 420)), content_type="image/png")
    assert client.post(url, {"action": "upload", "image": upload}).status_code == 302
    offer.refresh_from_db()
    assert offer.featured_image_url
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    answer = client.post(url, {"action": "upload", "image": bad})
    assert answer.status_code == 400 and "field--invalid" in answer.content.decode()
    assert client.post(url, {"action": "generate", "request_key": "g1"}).status_code == 302
    client.force_login(UserFactory(username="intruder"))
    assert client.get(url).status_code == 404


def test_seed_covers_gives_every_active_offer_one_once(creator, offer):
    from django.core.management import call_command

    call_command("seed_covers", stdout=io.StringIO())
    offer.refresh_from_db()
    first = offer.featured_image_url
    assert first
    out = io.StringIO()
    call_command("seed_covers", stdout=out)
    assert "0 created" in out.getvalue()
