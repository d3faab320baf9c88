"""The link import over HTTPS, against a local TLS server with a certificate made in the test: the name is
resolved once, the connection goes to the vetted address, and TLS (SNI and the certificate check) still uses
the host name. No test here reaches the network: names resolve through the fake resolver (tests/network.py)."""
import ssl

import pytest

from assistant.url_import.fetch import ImportRefused, fetch_html

from .conftest import allow_loopback
from .tls import TestAuthority, TLSPageServer

HOST = "shop.example.com"


@pytest.fixture
def authority(tmp_path):
    return TestAuthority(tmp_path)


@pytest.fixture
def trust(monkeypatch):
    """Make the fetcher's default TLS context trust a test authority (on top of nothing else)."""
    real = ssl.create_default_context

    def _trust(authority: TestAuthority) -> None:
        monkeypatch.setattr(ssl, "create_default_context", lambda *args, **kwargs: real(cafile=authority.ca_file))

    return _trust


@pytest.fixture
def tls_server(authority):
    servers = []

    def _start(*names: str) -> TLSPageServer:
        server = TLSPageServer(*authority.issue(*names))
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.close()


def test_an_https_page_is_fetched_from_the_pinned_address_with_sni_and_host(tls_server, authority, trust, resolver):
    server = tls_server(HOST)
    server.html("/launch", "<title>Launch kit</title><p>Templates for launch week.</p>")
    trust(authority)
    # Any second lookup would point inside the network: the fetch must use the first answer only.
    resolver.add(HOST, lambda n: ["127.0.0.1"] if n == 1 else ["10.0.0.9"])
    page = fetch_html(server.url("/launch", host=HOST), allow_address=allow_loopback)
    assert "Launch kit" in page.html and page.final_url == f"https://{HOST}:{server.port}/launch"
    assert resolver.lookups == [HOST]
    assert server.server_names == [HOST]  # SNI names the host, not the address
    assert server.seen[-1] == {"path": "/launch", "host": f"{HOST}:{server.port}"}


def test_a_certificate_for_another_name_is_refused(tls_server, authority, trust, resolver):
    server = tls_server("other.example.com")
    server.html("/", "<title>Impostor</title>")
    trust(authority)
    resolver.add(HOST, "127.0.0.1")
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(server.url("/", host=HOST), allow_address=allow_loopback)
    assert refusal.value.code == "tls" and "certificate" in refusal.value.message
    assert server.seen == []  # no request was sent over the unverified connection


def test_a_certificate_from_an_unknown_authority_is_refused(tls_server, resolver):
    server = tls_server(HOST)  # signed by a test authority the fetcher was not told to trust
    server.html("/", "<title>Self-made</title>")
    resolver.add(HOST, "127.0.0.1")
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(server.url("/", host=HOST), allow_address=allow_loopback)
    assert refusal.value.code == "tls"
    assert server.seen == []


def test_an_https_redirect_is_checked_again_at_every_hop(tls_server, authority, trust, resolver):
    server = tls_server(HOST, "cdn.example.com")
    trust(authority)
    resolver.add(HOST, "127.0.0.1")
    resolver.add("cdn.example.com", "10.0.0.7")  # the next hop resolves inside the network
    server.redirect("/go", f"https://cdn.example.com:{server.port}/page")
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(server.url("/go", host=HOST), allow_address=allow_loopback)
    assert refusal.value.code == "private_address"
    assert resolver.lookups == [HOST, "cdn.example.com"]
    # Control: the same redirect to a host that resolves to the (allowed) server is followed, over TLS.
    resolver.add("cdn.example.com", "127.0.0.1")
    server.html("/page", "<title>CDN page</title>")
    assert "CDN page" in fetch_html(server.url("/go", host=HOST), allow_address=allow_loopback).html
    assert server.server_names[-2:] == [HOST, "cdn.example.com"]
