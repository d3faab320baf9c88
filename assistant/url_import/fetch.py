"""Fetch a member-supplied web page without letting the server be used against itself (SSRF).

Rules, checked again on every redirect hop:
- http and https only, no credentials in the URL;
- the host is resolved once, every address it resolves to must be public (no private, loopback,
  link-local, multicast, reserved, unspecified, shared/CGNAT or cloud metadata addresses), and the
  connection goes to the address that was checked, so a second DNS answer can't swap in an internal
  one (DNS rebinding); TLS still verifies the certificate against the host name;
- at most 5 redirects, 2 MB of body (counted while streaming, after any gzip), only HTML content
  types, and one deadline of 10 seconds for everything (connect, TLS, headers, body, every hop),
  enforced on the socket itself: each read may wait only for what is left of the deadline, so a
  server that drips a byte a second is cut off at the deadline, not after its last byte.

Every refusal raises `ImportRefused`, whose message is written for the member.
"""
from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from core.errors import ApplicationError

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 10.0
MAX_BYTES = 2 * 1024 * 1024
CHUNK = 64 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "AllThriveAva/1.0 (+https://allthrive.ai; link preview)"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# Cloud metadata endpoints, named so the member gets a clear message (the address checks refuse them too).
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal"})
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "192.0.0.192",
))

AddressPolicy = Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool]


class ImportRefused(ApplicationError):
    """A page we won't or can't fetch; the message is shown to the member as Ava's reply."""

    def __init__(self, message: str, *, code: str = "import_refused") -> None:
        super().__init__(message, fields={"url": message}, code=code, status=400)


@dataclass(frozen=True)
class FetchedPage:
    url: str          # the address the member gave
    final_url: str    # after redirects
    html: str
    content_type: str


# IPv6 ranges that carry an IPv4 address inside them: the IPv4 address must be public too.
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
SIXTOFOUR_NETWORK = ipaddress.ip_network("2002::/16")
TEREDO_NETWORK = ipaddress.ip_network("2001::/32")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64, ISATAP, compatible), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in SIXTOFOUR_NETWORK:
        return address.sixtofour
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in network for network in NAT64_NETWORKS):
        return low32
    if (int(address) >> 32) & 0xFDFFFFFF == 0x00005EFE:  # ISATAP interface identifier (::[02]00:5efe:a.b.c.d)
        return low32
    if int(address) >> 32 == 0:  # IPv4-compatible ::a.b.c.d (deprecated)
        return low32
    return None


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses, and never for one that tunnels to a private IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in TEREDO_NETWORK:
            return False  # the client address inside is obfuscated and the relay is anyone's: never
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
    if address in METADATA_ADDRESSES:
        return False
    return not (
        address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
        or address.is_reserved or address.is_unspecified or not address.is_global
    )


def _check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-with-query) of an acceptable URL, or ImportRefused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ImportRefused("That doesn't look like a web address. Try one that starts with https://") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ImportRefused("I can only import web pages (addresses starting with http:// or https://).",
                            code="scheme")
    if parts.username or parts.password:
        raise ImportRefused("Please paste the address without a username or password in it.", code="credentials")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise ImportRefused("That address is missing a site name. Try something like https://myapp.com")
    if host in METADATA_HOSTS or host == "localhost" or host.endswith((".localhost", ".internal", ".local")):
        raise ImportRefused("I can only import public web pages, not internal or private addresses.",
                            code="private_address")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _resolve(host: str, port: int, allow: AddressPolicy) -> str:
    """The first public address of `host`; refuses if *any* address is not allowed."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError):
            raise ImportRefused(f"I couldn't find a website at {host}. Is the address spelled right?",
                                code="dns") from None
        addresses = []
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if address not in addresses:
                addresses.append(address)
    if not addresses:
        raise ImportRefused(f"I couldn't find a website at {host}.", code="dns")
    # All or nothing: a host that also points at an internal address is not fetched at all.
    if not all(allow(address) for address in addresses):
        raise ImportRefused("I can only import public web pages, not internal or private addresses.",
                            code="private_address")
    return str(addresses[0])


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("import deadline passed")
    return left


class _DeadlineSocket:
    """A socket whose every send and receive may only wait until `deadline`.

    A plain socket timeout restarts with each byte received; this one shrinks to what is left.
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv_into(buffer, nbytes, flags)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv(bufsize, flags)

    def sendall(self, data, flags: int = 0) -> None:
        self._sock.settimeout(_remaining(self._deadline))
        self._sock.sendall(data, flags)

    def send(self, data, flags: int = 0) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.send(data, flags)

    def makefile(self, mode: str = "rb", buffering: int | None = None, **_kwargs) -> io.BufferedReader:
        # http.client reads the status line, headers and body through this file; its reads come back here.
        # The file holds a reference, as socket.makefile's does, so closing the connection early is safe.
        self._sock._io_refs += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"), buffering or io.DEFAULT_BUFFER_SIZE)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to the vetted address while keeping the host name for the Host header."""

    def __init__(self, host: str, port: int, *, address: str, deadline: float) -> None:
        super().__init__(host, port, timeout=_remaining(deadline))
        self._address = address
        self._deadline = deadline

    def _open(self) -> socket.socket:
        return socket.create_connection((self._address, self.port), _remaining(self._deadline))

    def connect(self) -> None:
        self.sock = _DeadlineSocket(self._open(), self._deadline)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, deadline: float) -> None:
        super().__init__(host, port, address=address, deadline=deadline)
        self._context = ssl.create_default_context()

    def connect(self) -> None:
        sock = self._open()
        sock.settimeout(_remaining(self._deadline))  # the handshake, too, within the deadline
        # Certificate and SNI are checked against the host name, not the address.
        self.sock = _DeadlineSocket(self._context.wrap_socket(sock, server_hostname=self.host), self._deadline)


def _content_type(response: http.client.HTTPResponse) -> tuple[str, str]:
    raw = response.getheader("Content-Type", "") or ""
    media = raw.split(";", 1)[0].strip().lower()
    charset = ""
    for param in raw.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return media, charset


def _read_body(response: http.client.HTTPResponse, *, max_bytes: int, deadline: float) -> bytes:
    """Stream the body, decompressing gzip/deflate, and stop as soon as it passes `max_bytes`."""
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise ImportRefused("That page is too big for me to read (over 2 MB).", code="too_large")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding == "identity":
        decoder = None
    else:
        raise ImportRefused("That page came back in a format I can't read.", code="encoding")
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise ImportRefused("That page took too long to load. Try again, or paste a different link.",
                                code="timeout")
        chunk = response.read(CHUNK)
        if not chunk:
            break
        if decoder is not None:
            try:
                # Never inflate more than we would keep (a small gzip can expand enormously).
                chunk = decoder.decompress(chunk, max_bytes + 1 - len(body))
            except zlib.error:
                raise ImportRefused("That page came back garbled. Try again later.", code="encoding") from None
        body += chunk
        if len(body) > max_bytes:
            raise ImportRefused("That page is too big for me to read (over 2 MB).", code="too_large")
    return bytes(body)


def _decode(body: bytes, charset: str) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def fetch_html(url: str, *, allow_address: AddressPolicy | None = None, timeout: float = TIMEOUT_SECONDS,
               max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS) -> FetchedPage:
    """Fetch an HTML page by the rules in the module docstring.

    `allow_address` decides which resolved addresses may be contacted; it defaults to public ones only.
    Tests pass a policy that also admits 127.0.0.1 to reach a local test server — nothing else does.
    """
    allow = allow_address or is_public_address
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(max_redirects + 1):
        scheme, host, port, path = _check_url(current)
        address = _resolve(host, port, allow)
        if deadline - time.monotonic() <= 0:
            raise ImportRefused("That page took too long to load. Try again, or paste a different link.",
                                code="timeout")
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address=address, deadline=deadline)
        try:
            connection.request("GET", path, headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "en",
            })
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise ImportRefused("That page sent me somewhere without saying where.", code="redirect")
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise ImportRefused(f"That page answered with an error ({response.status}). "
                                    "Check the link and try again.", code="http_error")
            media, charset = _content_type(response)
            if media not in HTML_TYPES:
                kind = media or "an unknown type"
                raise ImportRefused(f"That link points to {kind}, not a web page. Paste the page's address instead.",
                                    code="not_html")
            body = _read_body(response, max_bytes=max_bytes, deadline=deadline)
            return FetchedPage(url=url, final_url=current, html=_decode(body, charset), content_type=media)
        except ImportRefused:
            raise
        except ssl.SSLError:
            raise ImportRefused("That site's security certificate didn't check out, so I didn't open it.",
                                code="tls") from None
        except TimeoutError:
            raise ImportRefused("That page took too long to load. Try again, or paste a different link.",
                                code="timeout") from None
        except (OSError, http.client.HTTPException, ValueError):
            raise ImportRefused("I couldn't reach that page. Check the link, or try again in a moment.",
                                code="unreachable") from None
        finally:
            connection.close()
    raise ImportRefused("That link redirects too many times. Paste the final address instead.", code="redirects")
