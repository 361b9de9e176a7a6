"""Fetching feeds and article pages from other sites, and posting webhooks to them, politely and safely.

Polite: a User-Agent that names the site, conditional requests (an unchanged feed costs one 304),
timeouts, a size cap and a limit on redirects. Safe: the site never requests an address on a
private, loopback, link-local or otherwise non-public network (the classic way to make a server
read its own admin ports or a cloud's metadata service), checked for every address a name resolves
to and for every redirect, and the connection goes to the address that was checked, so a name that
resolves differently a moment later (DNS rebinding) cannot slip through. The host:port pairs named
in STARLIGHT_FETCH_ALLOWED_HOSTS are exempt when asked for directly (that is how the tests reach a
server on 127.0.0.1), never when a redirect leads to them from elsewhere. An address with a user
name or password in it is refused: the site sends no credentials.

Bounded: every wait on the socket (connecting, the TLS handshake, sending, each read of the headers
and the body) is given at most STARLIGHT_FETCH_TIMEOUT and never more than the time left before the
whole fetch's deadline (STARLIGHT_FETCH_DEADLINE), so a server that drips its answer a byte at a time
is cut off at the deadline, not after its last byte.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from common.weblinks import has_credentials

USER_AGENT = "StarlightFeedReader/1.0 (the Lost in Starlight film site; reads public feeds and articles)"
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(Exception):
    """Why a fetch failed, in words an editor can act on."""


class Refused(FetchError):
    """The address is one the site never requests: asking again will not change that."""


@dataclass(frozen=True)
class Answer:
    """What a server answered a POST: its status and the start of its body."""

    status: int
    body: bytes = b""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified: no body)
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the site will not connect to this address, or None when it is a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address ({address})"
    if not address.is_global:
        return f"not a public address ({address})"
    return None


def _addresses(host: str, port: int, *, exempt: bool, redirected_into_listed: bool) -> list[str]:
    """The addresses to connect to for `host`, every one of them public unless the host:port is exempt."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot find the host {host} ({exc})") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not exempt:
        for address in addresses:
            reason = _refusal(ipaddress.ip_address(address.split("%", 1)[0]))
            if reason and redirected_into_listed:
                raise Refused(f"refused: a redirect to {host}, {reason}: a redirect may lead only to public addresses")
            if reason:
                raise Refused(f"refused: {host} is {reason}, which the site never requests")
    return addresses


def _allow_listed(host: str, port: int, default_port: int) -> bool:
    """Whether STARLIGHT_FETCH_ALLOWED_HOSTS names this host and port (a host alone: its scheme's default port)."""
    name = f"[{host}]" if ":" in host else host
    allowed = settings.FETCH_ALLOWED_HOSTS
    return f"{name}:{port}" in allowed or (port == default_port and name in allowed)


def refusal_of(url: str) -> str | None:
    """Why the site would refuse to request `url` (a private address, a user name in it), or None: for a form
    to say so at once. A host that cannot be found now is left for the request itself to report."""
    if has_credentials(url):
        return "the address has a user name or password in it, and the site sends none"
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    default_port = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default_port
        _addresses(
            parts.hostname, port, exempt=_allow_listed(parts.hostname, port, default_port), redirected_into_listed=False
        )
    except Refused as exc:
        return str(exc).removeprefix("refused: ")
    except (FetchError, ValueError):
        return None
    return None


class _Deadline:
    """The whole fetch's end. Each wait on the socket gets the time left before it, at most `per_wait`."""

    def __init__(self, *, per_wait: float, whole: float):
        self.per_wait, self.whole = per_wait, whole
        self.at = time.monotonic() + whole
        self.cut_short = False  # the last wait was given less than per_wait: the deadline was nearer

    def wait(self) -> float:
        left = self.at - time.monotonic()
        self.cut_short = left < self.per_wait
        if left <= 0:
            raise TimeoutError
        return min(self.per_wait, left)

    def timed_out(self) -> FetchError:
        if self.cut_short:
            return FetchError(f"took too long: the answer was not complete within {self.whole:g} s")
        return FetchError(f"timed out after {self.per_wait:g} s")


class _Reader(io.RawIOBase):
    """The socket as the response reads it: each read waits no longer than the deadline allows."""

    def __init__(self, sock, deadline: _Deadline):
        # Read through the socket's own file, which keeps it open after the connection lets go of it.
        self.sock, self.file, self.deadline = sock, sock.makefile("rb", buffering=0), deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        self.sock.settimeout(self.deadline.wait())
        return self.file.readinto(buffer)

    def close(self):
        self.file.close()
        super().close()

    def makefile(self, mode):  # what HTTPResponse asks of the socket it is given, for its headers and body
        return io.BufferedReader(self)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address checked beforehand, whatever the name resolves to now, and waits on the
    socket only as long as the deadline allows."""

    def __init__(self, host, port, address, deadline: _Deadline):
        super().__init__(host, port)
        self.address, self.deadline = address, deadline

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.deadline.wait())

    def send(self, data):
        if self.sock is None:
            self.connect()
        self.sock.settimeout(self.deadline.wait())
        super().send(data)

    def response_class(self, sock, **kwargs):
        return http.client.HTTPResponse(_Reader(sock, self.deadline), **kwargs)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self):
        super().connect()
        self.sock.settimeout(self.deadline.wait())  # for the handshake
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def _read(response, *, limit: int) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large: {filesizeformat(int(declared))}, the limit is {filesizeformat(limit)}")
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"too large: more than {filesizeformat(limit)}")
        chunks.append(chunk)
    return b"".join(chunks)


def _once(
    url: str, headers: dict[str, str], *, deadline: _Deadline, came_from: tuple | None, body: bytes | None = None
):
    """One request: a GET, or a POST of `body`. `came_from`: the host and port of the request that redirected
    here, if any."""
    if has_credentials(url):
        raise Refused("refused: the address has a user name or password in it, and the site sends none")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not a web address: {url[:200]}")
    default_port = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise FetchError(f"not a web address: {url[:200]}") from exc
    # An allowed host:port is exempt when asked for, and on a redirect that stays there; never when a
    # redirect leads to it from elsewhere.
    listed = _allow_listed(parts.hostname, port, default_port)
    stays = came_from in (None, (parts.hostname, port))
    address = _addresses(parts.hostname, port, exempt=listed and stays, redirected_into_listed=listed and not stays)[0]
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, deadline)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("GET" if body is None else "POST", path, body=body, headers={"Host": parts.netloc, **headers})
    return connection, connection.getresponse(), (parts.hostname, port)


@contextmanager
def _failures(deadline: _Deadline, verb: str):
    """What went wrong on the wire, as a FetchError with the reason."""
    try:
        yield
    except TimeoutError as exc:
        raise deadline.timed_out() from exc
    except ssl.SSLError as exc:
        raise FetchError(f"secure connection failed ({exc.reason or exc})") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"could not {verb} ({exc.__class__.__name__}: {exc})"[:300]) from exc


def fetch(url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> Fetched:
    """GET `url`, following up to MAX_REDIRECTS redirects. Raises FetchError with the reason."""
    limit = settings.FETCH_MAX_BYTES
    deadline = _Deadline(per_wait=settings.FETCH_TIMEOUT, whole=settings.FETCH_DEADLINE)
    came_from = None
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(MAX_REDIRECTS + 1):
        with _failures(deadline, "fetch"):
            connection, response, came_from = _once(url, headers, deadline=deadline, came_from=came_from)
            try:
                if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location"))
                    continue
                if response.status == 304:
                    return Fetched(url=url, status=304, etag=etag, last_modified=last_modified)
                if response.status != 200:
                    raise FetchError(f"the server answered {response.status} {response.reason}".strip())
                body = _read(response, limit=limit)
                return Fetched(
                    url=url,
                    status=200,
                    body=body,
                    etag=response.getheader("ETag", ""),
                    last_modified=response.getheader("Last-Modified", ""),
                    content_type=response.getheader("Content-Type", ""),
                )
            finally:
                connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def post(url: str, body: bytes, headers: dict[str, str], *, excerpt: int) -> Answer:
    """POST `body` to `url` once, under the same address rules and time limits as `fetch`, following no
    redirect: the answer's status (a redirect's included) and at most `excerpt` bytes of its body. Raises
    FetchError when no answer came."""
    deadline = _Deadline(per_wait=settings.FETCH_TIMEOUT, whole=settings.FETCH_DEADLINE)
    with _failures(deadline, "post"):
        connection, response, _where = _once(url, headers, deadline=deadline, came_from=None, body=body)
        try:
            return Answer(status=response.status, body=response.read(excerpt))
        finally:
            connection.close()
