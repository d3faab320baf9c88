"""No test touches the network. For every test (autouse):

- host names resolve only through a fake resolver: `localhost`, and the names a test registers with the
  `resolver` fixture (`resolver.add("shop.example.com", "127.0.0.1")`); any other name fails to resolve as
  an unknown host would, so nothing waits on, or depends on, a real DNS server;
- sockets connect only to loopback addresses (the test's own servers, PostgreSQL, Redis). Any other
  connection fails the test, even if the code under test swallowed the error.
"""
import ipaddress
import socket

import pytest

REAL_GETADDRINFO = socket.getaddrinfo
REAL_CONNECT = socket.socket.connect
REAL_CONNECT_EX = socket.socket.connect_ex


class NetworkAccess(AssertionError):
    """Raised (and reported at teardown) when a test tries to reach a non-loopback address."""


def _literal(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _numeric_ipv4(host: str) -> bool:
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


class FakeResolver:
    def __init__(self) -> None:
        self.names: dict[str, object] = {"localhost": ["127.0.0.1"]}
        self.lookups: list[str] = []

    def add(self, host: str, *addresses: str) -> None:
        """Answer `addresses` for `host`; pass a callable(n) instead to answer the n-th lookup differently."""
        self.names[host.lower()] = addresses[0] if len(addresses) == 1 and callable(addresses[0]) else list(addresses)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's signature
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or _literal(name) is not None or _numeric_ipv4(name):
            # An address, or libc's numeric forms of one ("2130706433", "127.1"): parsed locally, no lookup.
            return REAL_GETADDRINFO(host, port, family, type, proto, flags)
        name = name.rstrip(".").lower()
        self.lookups.append(name)
        answer = self.names.get(name)
        if callable(answer):
            answer = answer(sum(1 for looked in self.lookups if looked == name))
        if not answer:
            raise socket.gaierror(socket.EAI_NONAME, f"{name} is unknown to the tests' resolver (tests use no DNS)")
        number = port if isinstance(port, int) else int(port) if str(port or "0").isdigit() else 0
        infos = []
        for address in answer:
            if _literal(address).version == 6:
                infos.append((socket.AF_INET6, type or socket.SOCK_STREAM, proto or 6, "", (address, number, 0, 0)))
            else:
                infos.append((socket.AF_INET, type or socket.SOCK_STREAM, proto or 6, "", (address, number)))
        return [info for info in infos if family in (0, info[0])]


class ConnectGuard:
    def __init__(self) -> None:
        self.refused: list[str] = []

    def check(self, sock, address) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0]
        literal = _literal(host)
        if literal is not None and (literal.is_loopback or (literal.version == 6 and literal.ipv4_mapped
                                                               and literal.ipv4_mapped.is_loopback)):
            return
        if literal is None and host.rstrip(".").lower() == "localhost":
            return
        self.refused.append(f"{host}:{address[1]}")
        raise NetworkAccess(f"A test tried to connect to {host}:{address[1]}; tests reach only loopback servers.")


@pytest.fixture(autouse=True)
def resolver(monkeypatch) -> FakeResolver:
    fake, guard = FakeResolver(), ConnectGuard()

    def connect(sock, address):
        guard.check(sock, address)
        return REAL_CONNECT(sock, address)

    def connect_ex(sock, address):
        guard.check(sock, address)
        return REAL_CONNECT_EX(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield fake
    if guard.refused:
        pytest.fail(f"The test tried to reach the network: {', '.join(guard.refused)}")
