"""A polite HTTP client for government websites.

One ``PoliteClient`` per run: timeouts, retries with exponential backoff on
5xx and network errors, a per-host concurrency limit and minimum delay
between requests, robots.txt (fetched through the same client, cached per
host), redirects followed by hand so every hop is checked and loops are
named, and a size cap enforced while streaming. Every problem is raised as
``FetchFailed`` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Self
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


@dataclass(frozen=True)
class HttpOptions:
    timeout: float = 30.0  # seconds, per connect / read
    retries: int = 3  # extra attempts after a 5xx or a network error
    backoff: float = 1.0  # first wait; doubles on every retry
    max_bytes: int = 50 * 1024 * 1024
    max_seconds: float = 600.0  # a whole download, however slowly the bytes trickle in
    per_host: int = 2  # requests in flight per host
    delay: float = 1.0  # seconds between request starts on one host
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY from the environment


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
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with semaphore:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delay
            time.sleep(start - now)
            yield


class PoliteClient:
    def __init__(self, options: HttpOptions | None = None) -> None:
        self.options = options or HttpOptions()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout), follow_redirects=False,
            trust_env=self.options.trust_env,
            headers={"User-Agent": self.options.user_agent,
                     "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
        )  # fmt: skip
        self._gate = HostGate(self.options.per_host, self.options.delay)
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

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
            try:
                with self._gate.slot(urlsplit(url).netloc.lower()):
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
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _stream(self, url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        cap = self.options.max_bytes
        with self._client.stream("GET", url, headers=headers) as response:
            got = {name.lower(): value for name, value in response.headers.items()}
            declared = got.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchFailed(f"too large: {int(declared)} bytes declared (cap {cap})")
            body, deadline = bytearray(), time.monotonic() + self.options.max_seconds
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > cap:
                    raise FetchFailed(f"too large: more than {cap} bytes (download stopped)")
                if time.monotonic() > deadline:
                    raise FetchFailed(f"too slow: not finished in {self.options.max_seconds:g} s")
            return response.status_code, got, bytes(body)

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
        except FetchFailed:
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
