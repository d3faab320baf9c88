"""The link import can't be turned against the server (SSRF) or held open by a slow server.

A corpus of addresses that must never be fetched, checked against the address filter and through the
real fetcher (which refuses before connecting), and a local socket server that drips its headers or
its body a byte at a time, which must be cut off at the one overall deadline.
"""
import ipaddress
import socket
import threading
import time

import pytest

from assistant.url_import import ImportRefused
from assistant.url_import.fetch import fetch_html, is_public_address

# Every one of these reaches (or tunnels to) a private, loopback, link-local, metadata or reserved address.
PRIVATE_ADDRESSES = [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "169.254.170.2", "100.64.0.1", "100.100.100.200", "0.0.0.0", "255.255.255.255", "224.0.0.1",  # noqa: S104
    "192.0.0.192", "198.18.0.1", "240.0.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    "::127.0.0.1", "::10.0.0.1",                                    # IPv4-compatible
    "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::",            # 6to4 of 127.0.0.1, 10.0.0.1, metadata
    "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1",              # Teredo
    "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::10.0.0.1",  # NAT64
    "2001:db8::200:5efe:7f00:1", "2a00:1450::5efe:a00:1",            # ISATAP
    "2001:db8::1",                                                  # documentation
]
PUBLIC_ADDRESSES = ["93.184.216.34", "1.1.1.1", "2606:2800:220:1:248:1893:25c8:1946", "2002:5db8:d822::",
                    "64:ff9b::5db8:d822"]
REFUSED_URLS = [
    "http://localhost/", "http://127.0.0.1:8000/admin/", "http://[::1]/", "http://0/", "http://2130706433/",
    "http://0x7f.0.0.1/", "http://metadata.google.internal/computeMetadata/v1/", "http://169.254.169.254/latest/",
    "http://[::ffff:127.0.0.1]/", "http://[2002:7f00:1::]/", "http://[64:ff9b::7f00:1]/",
    "http://service.internal/", "http://printer.local/", "http://db.localhost/", "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/", "http://user:pw@example.com/", "javascript:alert(1)",
    "http://[fe80::1%25eth0]/",
]


@pytest.mark.parametrize("address", PRIVATE_ADDRESSES)
def test_private_and_tunnelled_addresses_are_refused(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_are_allowed(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_dangerous_urls_are_refused_before_connecting(url, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError(f"tried to connect for {url}")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    with pytest.raises(ImportRefused):
        fetch_html(url)


def _allow_loopback(address) -> bool:
    return address == ipaddress.ip_address("127.0.0.1")


class DripServer:
    """A one-connection-at-a-time socket server that sends `payload` one byte every `interval` seconds."""

    def __init__(self, payload: bytes, *, interval: float, prefix: bytes = b"") -> None:
        self.payload, self.prefix, self.interval = payload, prefix, interval
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.listener.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    conn.recv(4096)
                    conn.sendall(self.prefix)
                    for byte in self.payload:
                        if self.stop.is_set():
                            break
                        conn.sendall(bytes([byte]))
                        time.sleep(self.interval)
                except OSError:
                    continue  # the client hung up: what we want

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def drip():
    servers = []

    def start(payload: bytes, **kwargs) -> DripServer:
        servers.append(DripServer(payload, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _timed_fetch(url: str, timeout: float) -> tuple[ImportRefused, float]:
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refusal:
        fetch_html(url, allow_address=_allow_loopback, timeout=timeout)
    return refusal.value, time.monotonic() - started


def test_headers_dripped_a_byte_at_a_time_are_cut_off_at_the_deadline(drip):
    # Each byte arrives well inside a per-read timeout; only an overall deadline stops it.
    headers = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 20) for i in range(50))
    server = drip(headers + b"Content-Type: text/html\r\n\r\n<p>hi</p>", interval=0.05)
    refusal, elapsed = _timed_fetch(server.url, timeout=1.0)
    assert refusal.code == "timeout"
    assert elapsed < 1.6


def test_a_body_dripped_a_byte_at_a_time_is_cut_off_at_the_deadline(drip):
    body = b"<p>" + b"x" * 400 + b"</p>"
    server = drip(body, interval=0.05, prefix=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                               b"Content-Length: %d\r\n\r\n" % len(body))
    refusal, elapsed = _timed_fetch(server.url, timeout=1.0)
    assert refusal.code == "timeout"
    assert elapsed < 1.6


def test_a_server_that_accepts_and_says_nothing_times_out(drip):
    server = drip(b"", interval=0)  # answers nothing after reading the request
    server.interval = 0
    refusal, elapsed = _timed_fetch(server.url, timeout=0.5)
    assert refusal.code in ("timeout", "unreachable")
    assert elapsed < 1.2


def test_a_prompt_page_still_loads(drip):
    body = b"<title>Fine</title>"
    server = drip(b"", interval=0, prefix=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                                          b"Connection: close\r\n\r\n%s" % (len(body), body))
    page = fetch_html(server.url, allow_address=_allow_loopback, timeout=2.0)
    assert "Fine" in page.html
