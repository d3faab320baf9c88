"""Fixtures for Ava's tests: offer categories, a few tools, and a local web server for link imports.

The server listens on 127.0.0.1 only. Fetching from it needs `allow_loopback`, a test-only address
policy that admits 127.0.0.1 on top of the public-only default, so every refusal rule stays in force.
"""
import contextlib
import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.url_import.fetch import is_public_address
from collective.choices import TaxonomyType
from collective.models import Taxonomy
from collective.services import offer_categories_seed

LOOPBACK = ipaddress.ip_address("127.0.0.1")


def allow_loopback(address) -> bool:
    """Public addresses, plus 127.0.0.1 where the test server runs (nothing else private)."""
    return address == LOOPBACK or is_public_address(address)


@pytest.fixture
def categories(db):
    offer_categories_seed()
    return {t.slug: t for t in Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY)}


@pytest.fixture
def tools(db):
    names = ["Claude", "Cursor", "Make", "Notion AI", "Midjourney", "Zapier"]
    return {name: Taxonomy.objects.create(taxonomy_type=TaxonomyType.TOOL, name=name) for name in names}


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.seen.append({"path": self.path, "host": self.headers.get("Host")})
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<h1>Not found</h1>")
            return
        # The client may stop reading (size cap, timeout): expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, *args):
        pass


class PageServer:
    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"routes": {}, "seen": []})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def seen(self) -> list:
        return self.handler.seen

    def route(self, path: str, func) -> str:
        self.handler.routes[path] = func
        return self.url(path)

    def html(self, path: str, body: str, *, content_type: str = "text/html; charset=utf-8", status: int = 200) -> str:
        data = body.encode("utf-8")

        def respond(handler):
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        return self.route(path, respond)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        def respond(handler):
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        return self.route(path, respond)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def page_server():
    server = PageServer()
    yield server
    server.close()


OG_PAGE = """<!doctype html>
<html><head>
  <title>Prompt Patterns — a course | Learnly</title>
  <meta name="description" content="Plain description that Open Graph should beat.">
  <meta property="og:title" content="Prompt Patterns: write prompts that work">
  <meta property="og:description" content="A six-lesson course on prompting Claude and Midjourney for marketers.">
  <meta property="og:image" content="/static/cover.png">
  <meta property="og:site_name" content="Learnly">
  <meta property="og:type" content="website">
  <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course",
    "name": "Prompt Patterns", "provider": {"@type": "Organization", "name": "Learnly"}}</script>
</head><body>
  <h1>Prompt Patterns</h1>
  <p>Six lessons. You'll practise with Claude every day and generate images with Midjourney.</p>
  <p>Make your prompts shorter. Move the cursor to the end of the line.</p>
  <script>var Zapier = "not visible text";</script>
</body></html>"""
