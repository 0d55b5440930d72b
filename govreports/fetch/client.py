"""A polite HTTP client for government websites.

One ``PoliteClient`` per run: timeouts, retries with exponential backoff on
5xx and network errors, a per-host concurrency limit and minimum delay
between requests, robots.txt (fetched through the same client, cached per
host), redirects followed by hand so every hop is checked and loops are
named, and a size cap enforced while streaming. Every problem is raised as
``FetchFailed`` with a one-line reason.

Hostile input: every hop must be http(s) and resolve to public addresses
(``allow_private`` lifts that, for tests and intranets); the connected peer
is checked again (DNS may answer differently the second time). Each request
has a total deadline that a server dripping bytes cannot extend: a watchdog
shuts its socket down. ``stop()`` (Ctrl-C) does the same to every request
in flight, which then raises ``Interrupted``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from govreports import __version__

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "govreports"
USER_AGENT = (f"govreports/{__version__} (+https://github.com/govreports/govreports; "
              "archives annual reports on law-based government as open data)")  # ASCII only
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0


class FetchFailed(Exception):
    """A URL that could not be fetched; the message is one line for the user."""


class Interrupted(Exception):
    """The run is stopping (Ctrl-C): the row is not done and is fetched again on resume."""


@dataclass(frozen=True)
class HttpOptions:
    timeout: float = 30.0  # seconds, per connect / read (see max_seconds for the whole request)
    retries: int = 3  # extra attempts after a 5xx or a network error
    backoff: float = 1.0  # first wait; doubles on every retry
    max_bytes: int = 50 * 1024 * 1024
    max_seconds: float | None = None  # a whole request, however slowly bytes trickle in;
    # None: 10 × timeout
    per_host: int = 2  # requests in flight per host
    delay: float = 1.0  # seconds between request starts on one host
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY from the environment
    allow_private: bool = False  # let URLs and redirects reach loopback/private/link-local hosts

    @property
    def deadline(self) -> float:
        return self.max_seconds if self.max_seconds is not None else 10 * self.timeout


@dataclass(frozen=True)
class Fetched:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(repr=False)  # lower-case names
    content: bytes = field(repr=False)  # empty for 304
    redirects: tuple[str, ...] = ()  # the hops before final_url

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class HostGate:
    """At most ``per_host`` requests in flight per host, started ``delay`` seconds apart."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host, self._delay = per_host, delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextlib.contextmanager
    def slot(self, host: str, stopping: threading.Event | None = None) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        stopping = stopping or threading.Event()
        while not semaphore.acquire(timeout=0.2):
            if stopping.is_set():
                raise Interrupted
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delay
            if stopping.wait(start - now):
                raise Interrupted
            yield
        finally:
            semaphore.release()


class Watchdog:
    """One request's deadline: when it passes (or the run stops), its sockets are shut down.

    httpx's timeouts are per read; a server sending one byte per read never
    trips them, in the headers or the body. The sockets come from httpcore's
    connection trace; the connected peer is checked against private addresses.
    """

    def __init__(self, seconds: float, check_peer: bool) -> None:
        self.seconds, self._check_peer = seconds, check_peer
        self.why: str | None = None  # "deadline", "stopped" or "private:ADDRESS"
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.fire, ("deadline",))
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            fired = self.why is not None
        if fired:
            _shut(sock)
        elif self._check_peer:
            peer = _peer_address(sock)
            if peer is not None and not is_public(peer):
                self.fire(f"private:{peer}")

    def fire(self, why: str) -> None:
        with self._lock:
            self.why = self.why or why
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _peer_address(sock: socket.socket) -> str | None:
    try:
        return str(sock.getpeername()[0])
    except (OSError, IndexError):
        return None


def is_public(address: str) -> bool:
    """A globally routable unicast address (not loopback, private, link-local, reserved …)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def refusal(url: str, allow_private: bool) -> str | None:
    """Why ``url`` must not be requested ("a non-http(s) URL: …", "a private address: …")."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"a non-http(s) URL: {url}"
    host = parts.hostname
    if not host:
        return f"a URL without a host: {url}"
    if allow_private:
        return None
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return None  # unknown host: the request itself fails (and is retried) as before
    for *_, address in found:
        if not is_public(str(address[0])):
            return f"a private address: {url} ({address[0]})"
    return None


class PoliteClient:
    def __init__(self, options: HttpOptions | None = None) -> None:
        self.options = options or HttpOptions()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout), follow_redirects=False,
            trust_env=self.options.trust_env,
            limits=httpx.Limits(max_keepalive_connections=0),  # a socket per request (watchdog)
            headers={"User-Agent": self.options.user_agent,
                     "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
        )  # fmt: skip
        self._gate = HostGate(self.options.per_host, self.options.delay)
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watchdogs: set[Watchdog] = set()
        # behind a proxy the peer is the proxy: only the resolved host can be checked
        self._check_peer = not self.options.allow_private and not (
            self.options.trust_env and urllib.request.getproxies())

    def stop(self) -> None:
        """Abort every request in flight and refuse new ones (they raise ``Interrupted``)."""
        self._stopping.set()
        with self._lock:
            watchdogs = list(self._watchdogs)
        for watchdog in watchdogs:
            watchdog.fire("stopped")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def get(self, url: str, validators: dict[str, str] | None = None) -> Fetched:
        """GET ``url`` following redirects; conditional when ``validators`` are given."""
        return self._get(url, _conditional_headers(validators or {}), robots=True)

    def _get(self, url: str, headers: dict[str, str], robots: bool) -> Fetched:
        chain = [url]
        for _ in range(self.options.max_redirects + 1):
            refused = refusal(chain[-1], self.options.allow_private)
            if refused:  # checked before robots.txt: a file:// URL has none to ask
                hop = "redirect to " if len(chain) > 1 else ""
                raise FetchFailed(f"refused: {hop}{refused}")
            if robots and not self._allowed(chain[-1]):
                raise FetchFailed(f"disallowed by robots.txt: {chain[-1]}")
            status, got_headers, content = self._with_retries(chain[-1], headers)
            location = got_headers.get("location")
            if status not in REDIRECTS or not location:
                return Fetched(url, chain[-1], status, got_headers, content, tuple(chain[:-1]))
            target = urljoin(chain[-1], location.strip())
            if target in chain:
                raise FetchFailed("redirect loop: " + " → ".join([*chain[chain.index(target):],
                                                                  target]))
            chain.append(target)
        raise FetchFailed(f"too many redirects (more than {self.options.max_redirects})")

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        options = self.options
        for attempt in range(options.retries + 1):
            last = attempt == options.retries
            if self._stopping.is_set():
                raise Interrupted
            try:
                with self._gate.slot(urlsplit(url).netloc.lower(), self._stopping):
                    status, got_headers, content = self._stream(url, headers)
            except httpx.TransportError as error:
                if last:
                    raise FetchFailed(describe_error(error, options.timeout)) from None
                wait, why = options.backoff * 2**attempt, describe_error(error, options.timeout)
            else:
                log.debug("GET %s → %d (%d bytes)", url, status, len(content))
                if status not in RETRY_STATUSES or last:
                    return status, got_headers, content
                wait = retry_wait(got_headers.get("retry-after"), options.backoff * 2**attempt)
                why = f"HTTP {status}"
            log.info("%s: %s; retrying in %.1f s", url, why, wait)
            if self._stopping.wait(wait):
                raise Interrupted
        raise AssertionError("unreachable")

    def _stream(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        watchdog = Watchdog(self.options.deadline, self._check_peer)
        with self._lock:
            self._watchdogs.add(watchdog)
        try:
            with watchdog:
                if self._stopping.is_set():
                    raise Interrupted
                return self._read(url, headers, watchdog)
        except (httpx.TransportError, FetchFailed) as error:
            if watchdog.why is None:
                raise
            raise self._watchdog_error(watchdog) from error
        finally:
            with self._lock:
                self._watchdogs.discard(watchdog)

    def _read(self, url: str, headers: dict[str, str],
              watchdog: Watchdog) -> tuple[int, dict, bytes]:  # fmt: skip
        cap = self.options.max_bytes
        deadline = time.monotonic() + watchdog.seconds
        with self._client.stream("GET", url, headers=headers,
                                 extensions={"trace": watchdog.trace}) as response:  # fmt: skip
            got = {name.lower(): value for name, value in response.headers.items()}
            declared = got.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchFailed(f"too large: {int(declared)} bytes declared (cap {cap})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > cap:
                    raise FetchFailed(f"too large: more than {cap} bytes (download stopped)")
                if watchdog.why is not None or time.monotonic() > deadline:
                    watchdog.fire("deadline")
                    raise self._watchdog_error(watchdog)
            if watchdog.why is not None:
                raise self._watchdog_error(watchdog)
            return response.status_code, got, bytes(body)

    def _watchdog_error(self, watchdog: Watchdog) -> Exception:
        why = watchdog.why or "deadline"
        if why == "stopped":
            return Interrupted()
        if why.startswith("private:"):
            return FetchFailed(f"refused: connected to a private address ({why[8:]})")
        return FetchFailed(f"too slow: not finished in {watchdog.seconds:g} s")

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt download per host, even with many workers
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        return self._robots[origin].can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        """RFC 9309: 4xx means no rules; 5xx or no answer means stay out."""
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self._get(origin + "/robots.txt", {}, robots=False)
        except FetchFailed as failure:
            if str(failure).startswith("refused: "):
                raise  # the host itself is refused (a private peer): say so, not "robots"
            rules.disallow_all = True  # type: ignore[attr-defined]  # RobotFileParser's own flag
            return rules
        if fetched.status >= 500:
            rules.disallow_all = True  # type: ignore[attr-defined]
        elif fetched.status >= 400:
            rules.allow_all = True  # type: ignore[attr-defined]
        else:
            rules.parse(fetched.content.decode("utf-8", errors="replace").splitlines())
        return rules


def _conditional_headers(validators: dict[str, str]) -> dict[str, str]:
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers


def retry_wait(retry_after: str | None, default: float) -> float:
    """Seconds to wait before a retry: the server's Retry-After (capped), else ``default``."""
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after.strip()), MAX_RETRY_AFTER)
    return default


def describe_error(error: httpx.TransportError, timeout: float) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"timeout (no answer within {timeout:g} s)"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {error}" if str(error) else "cannot connect"
    return f"network error: {type(error).__name__}: {error}"
