"""Link import: a page's own description becomes a proposed offer; unsafe or unusable links are refused
with a message Ava can say, never an exception the member sees."""
import gzip
import time

import pytest

from assistant.url_import import ImportRefused, propose_offer
from assistant.url_import.extract import extract_page
from assistant.url_import.fetch import MAX_BYTES, _resolve, fetch_html, is_public_address
from collective.choices import OfferType

from .conftest import OG_PAGE, allow_loopback

pytestmark = pytest.mark.django_db


# --- A good page ------------------------------------------------------------------------------


def test_open_graph_page_becomes_a_course_proposal_with_its_tools(page_server, categories, tools):
    url = page_server.html("/course", OG_PAGE)

    proposal = propose_offer(url=url, allow_address=allow_loopback)

    assert proposal.title == "Prompt Patterns: write prompts that work"
    assert proposal.description == "A six-lesson course on prompting Claude and Midjourney for marketers."
    assert proposal.image == page_server.url("/static/cover.png")
    assert proposal.site_name == "Learnly"
    assert proposal.offer_type == OfferType.COURSE
    assert proposal.category_slug in ("learning-education", "marketing-content")
    assert proposal.url == url
    # Named tools are found; "Make your prompts", "the cursor" and script text are not tools.
    assert proposal.tool_names == ["Claude", "Midjourney"]
    assert set(proposal.tool_ids) == {tools["Claude"].pk, tools["Midjourney"].pk}


def test_member_hint_decides_between_equally_likely_types(page_server, categories):
    url = page_server.html("/plain", "<title>Snippets</title><p>A page.</p>")
    assert propose_offer(url=url, hint=OfferType.TEMPLATE, allow_address=allow_loopback).offer_type == OfferType.TEMPLATE
    assert propose_offer(url=url, allow_address=allow_loopback).offer_type == OfferType.LINK


def test_json_ld_software_application_is_an_app():
    html = """<script type="application/ld+json">[{"@type": "SoftwareApplication", "name": "MeetingMint",
      "description": "Meeting notes that write themselves.", "image": {"url": "https://cdn.example.com/m.png"}}]
      </script><body>Built with Cursor and Claude.</body>"""
    page = extract_page(html, url="https://meetingmint.example.com/")
    assert (page.title, page.description, page.image) == (
        "MeetingMint", "Meeting notes that write themselves.", "https://cdn.example.com/m.png")
    assert page.json_ld_types == ["SoftwareApplication"]


def test_twitter_card_and_plain_title_are_fallbacks():
    page = extract_page('<title>Plain &amp; simple</title><meta name="twitter:description" content="Tweet text">',
                        url="https://x.example.com/")
    assert page.title == "Plain & simple"
    assert page.description == "Tweet text"


def test_redirects_are_followed_to_the_final_page(page_server, categories):
    final = page_server.html("/final", OG_PAGE)
    start = page_server.redirect("/start", "/hop")
    page_server.redirect("/hop", final)
    proposal = propose_offer(url=start, allow_address=allow_loopback)
    assert proposal.url == final
    assert proposal.title.startswith("Prompt Patterns")


def test_gzip_pages_are_read(page_server, categories):
    body = gzip.compress(OG_PAGE.encode())

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    url = page_server.route("/gz", respond)
    assert propose_offer(url=url, allow_address=allow_loopback).title.startswith("Prompt Patterns")


# --- Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/",
    "http://127.0.0.1:8000/admin/",
    "http://localhost/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",          # 127.0.0.1 as one number
    "http://0.0.0.0/",
    "http://10.0.0.5/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",          # shared address space (carrier-grade NAT)
    "http://224.0.0.1/",           # multicast
    "http://240.0.0.1/",           # reserved
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://metadata.google.internal/computeMetadata/v1/",
])
def test_private_loopback_link_local_and_metadata_addresses_are_refused(url, resolver):
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(url)
    # Refused by the address (or name) rule itself: never by a lookup, which the fake resolver would fail.
    assert refusal.value.code == "private_address"
    assert "public web pages" in refusal.value.message
    assert resolver.lookups == []


def test_metadata_address_gets_the_private_address_message():
    with pytest.raises(ImportRefused, match="only import public web pages"):
        fetch_html("http://169.254.169.254/latest/meta-data/iam/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/file", "gopher://example.com/",
                                 "javascript:alert(1)", "data:text/html,hi"])
def test_non_web_schemes_are_refused(url):
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(url)
    assert refusal.value.code == "scheme"
    assert "http://" in refusal.value.message


def test_credentials_in_the_url_are_refused():
    with pytest.raises(ImportRefused, match="without a username or password"):
        fetch_html("https://user:secret@example.com/")


@pytest.mark.parametrize("address", ["10.1.2.3", "127.0.0.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::5",
                                     "::ffff:192.168.0.1"])
def test_a_host_resolving_to_a_private_address_is_refused(resolver, address):
    resolver.add("intranet.example.com", address)
    with pytest.raises(ImportRefused) as refusal:
        fetch_html("http://intranet.example.com/")
    assert refusal.value.code == "private_address" and "public web pages" in refusal.value.message
    assert resolver.lookups == ["intranet.example.com"]  # it resolved, then the address rule said no


def test_a_host_with_any_private_address_is_refused_even_if_another_is_public(resolver):
    resolver.add("mixed.example.com", "93.184.216.34", "127.0.0.1")
    with pytest.raises(ImportRefused) as refusal:
        fetch_html("http://mixed.example.com/")
    assert refusal.value.code == "private_address"


def test_a_host_resolving_to_public_addresses_passes_the_address_rule(resolver):
    # Control for the refusals above: the same lookup with public answers picks the first address to pin.
    resolver.add("public.example.com", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
    assert _resolve("public.example.com", 443, is_public_address) == "93.184.216.34"


def test_the_connection_goes_to_the_address_that_was_checked(page_server, resolver):
    """DNS rebinding: a second lookup could answer differently, so there is none. The host name resolves
    once (to the test server), the socket connects to that address and the Host header keeps the name."""
    url = page_server.html("/", "<title>Hello</title>").replace("127.0.0.1", "rebind.example.com")
    # First answer: the (allowed) test server; any later answer would point inside the network.
    resolver.add("rebind.example.com", lambda n: ["127.0.0.1"] if n == 1 else ["10.0.0.9"])
    page = fetch_html(url, allow_address=allow_loopback)
    assert "Hello" in page.html
    assert resolver.lookups == ["rebind.example.com"]
    assert page_server.seen[-1]["host"] == f"rebind.example.com:{page_server.port}"


def test_a_redirect_to_a_private_address_is_refused(page_server):
    url = page_server.redirect("/go", "http://10.0.0.1/internal")
    with pytest.raises(ImportRefused, match="public web pages"):
        fetch_html(url, allow_address=allow_loopback)


def test_a_redirect_to_the_metadata_address_is_refused(page_server):
    url = page_server.redirect("/go", "http://169.254.169.254/latest/meta-data/", status=301)
    with pytest.raises(ImportRefused, match="public web pages"):
        fetch_html(url, allow_address=allow_loopback)


def test_a_redirect_to_a_file_url_is_refused(page_server):
    url = page_server.redirect("/go", "file:///etc/passwd")
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(url, allow_address=allow_loopback)
    assert refusal.value.code == "scheme"


def test_more_than_five_redirects_are_refused(page_server):
    for n in range(7):
        page_server.redirect(f"/r{n}", f"/r{n + 1}")
    page_server.html("/r7", "<title>Finally</title>")
    with pytest.raises(ImportRefused, match="redirects too many times"):
        fetch_html(page_server.url("/r0"), allow_address=allow_loopback)
    page_server.seen.clear()
    assert "Finally" in fetch_html(page_server.url("/r2"), allow_address=allow_loopback).html  # 5 hops is fine


def _big_body(handler, *, declare_length: bool):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if declare_length:
        handler.send_header("Content-Length", str(50 * 1024 * 1024))
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    for _ in range(800):  # 50 MB
        handler.wfile.write(chunk)


def test_a_50_mb_page_with_a_declared_length_is_refused_before_reading(page_server):
    url = page_server.route("/big", lambda h: _big_body(h, declare_length=True))
    with pytest.raises(ImportRefused, match="too big"):
        fetch_html(url, allow_address=allow_loopback)


def test_a_50_mb_page_without_a_length_stops_at_2_mb(page_server):
    url = page_server.route("/big", lambda h: _big_body(h, declare_length=False))
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="too big"):
        fetch_html(url, allow_address=allow_loopback)
    assert time.monotonic() - started < 5


def test_a_gzip_bomb_is_cut_off_at_the_size_limit(page_server):
    bomb = gzip.compress(b"<p>" + b"a" * (20 * MAX_BYTES))

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.end_headers()
        handler.wfile.write(bomb)

    url = page_server.route("/bomb", respond)
    with pytest.raises(ImportRefused, match="too big"):
        fetch_html(url, allow_address=allow_loopback)


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", "text/plain", ""])
def test_non_html_responses_are_refused(page_server, content_type):
    url = page_server.html("/file", "%PDF-1.7", content_type=content_type)
    with pytest.raises(ImportRefused, match="not a web page") as refusal:
        fetch_html(url, allow_address=allow_loopback)
    assert refusal.value.code == "not_html"


def test_an_error_status_is_explained(page_server):
    with pytest.raises(ImportRefused, match=r"error \(404\)"):
        fetch_html(page_server.url("/missing"), allow_address=allow_loopback)


def test_a_slow_page_times_out(page_server):
    def slow(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<p>")
        handler.wfile.flush()
        time.sleep(2)

    url = page_server.route("/slow", slow)
    with pytest.raises(ImportRefused, match="took too long"):
        fetch_html(url, allow_address=allow_loopback, timeout=0.5)


def test_an_unknown_host_gets_a_friendly_message(resolver):
    with pytest.raises(ImportRefused, match="couldn't find a website") as refusal:
        fetch_html("https://no-such-host.invalid/")
    assert refusal.value.code == "dns" and resolver.lookups == ["no-such-host.invalid"]


def test_public_addresses_are_the_only_default():
    import ipaddress

    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))
    for private in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "169.254.169.254", "::1", "fe80::1", "fc00::1",
                    "::ffff:10.0.0.1", "100.100.100.200", "0.0.0.0", "255.255.255.255"):  # noqa: S104
        assert not is_public_address(ipaddress.ip_address(private)), private
