"""A local government website for the fetch tests: a real HTTP server on 127.0.0.1.

Each path is one edge case (see ``ROUTES``). The server logs every request
(path, conditional headers, status) so tests can check what was downloaded.
``version`` switches ``/changing.html`` to its edited text for a second run.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"
PAGES = FIXTURES / "fetch"
HTML = "text/html; charset=utf-8"
PDF_DATE = "Mon, 17 Mar 2025 08:00:00 GMT"
SLOW_SECONDS = 2.5
HUGE_BYTES = 1_500_000  # over the tests' 1 MB cap


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True  # send Content-Length (else the body runs until the connection closes)


def _bytes(path) -> bytes:
    return path.read_bytes()


REPORT = _bytes(FORMATS / "dongqu.html")
REPORT_GBK = _bytes(FORMATS / "dongqu-gbk.html")
REPORT_WRONG_CHARSET = REPORT_GBK.replace(b"charset=gbk", b"charset=utf-8")
REPORT_EDITED = REPORT.replace("攀东府〔2025〕9号".encode(), "攀东府〔2025〕10号".encode())
PDF = _bytes(FORMATS / "dongqu.pdf")
DOCX = _bytes(FORMATS / "dongqu.docx")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Site:
    def __init__(self) -> None:
        self.version = 1
        self.log: list[tuple[str, dict[str, str], int]] = []
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    def requests(self, path: str) -> list[tuple[dict[str, str], int]]:
        return [(headers, status) for logged, headers, status in self.log if logged == path]

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.hits[path] += 1
            hit = self.hits[path]
        route = ROUTES.get(path)
        return route(self, headers, hit) if route else Reply(404, b"<h1>404</h1>")


def _redirect(target: str, status: int = 302):
    return lambda site, headers, hit: Reply(status, b"", None, {"Location": target})


def _static(body: bytes, content_type: str | None = HTML, **headers: str):
    return lambda site, request, hit: Reply(200, body, content_type, dict(headers))


def _flaky(site, headers, hit) -> Reply:  # every other request is a 500
    return Reply(500, b"busy") if hit % 2 else Reply(200, REPORT)


def _changing(site, headers, hit) -> Reply:
    return Reply(200, REPORT if site.version == 1 else REPORT_EDITED)


def _etag(site, headers, hit) -> Reply:
    if headers.get("if-none-match") == '"v1"':
        return Reply(304, b"", None, {"ETag": '"v1"'})
    return Reply(200, REPORT, HTML, {"ETag": '"v1"'})


def _pdf(site, headers, hit) -> Reply:
    if headers.get("if-modified-since") == PDF_DATE:
        return Reply(304, b"", None, {"Last-Modified": PDF_DATE})
    return Reply(200, PDF, "application/pdf", {"Last-Modified": PDF_DATE})


ROUTES = {
    "/robots.txt": _static(ROBOTS, "text/plain"),
    "/report.html": _static(REPORT),
    "/report-gbk.html": _static(REPORT_GBK, "text/html"),
    "/report-wrong-charset.html": _static(REPORT_WRONG_CHARSET),
    "/shell-pdf.html": _static(_bytes(PAGES / "shell-pdf.html")),
    "/files/P020250317.pdf": _pdf,
    "/shell-docx.html": _static(_bytes(PAGES / "shell-docx.html")),
    "/download.jsp?id=7": _static(DOCX, "application/octet-stream"),
    "/moved": _redirect("/moved-2", 301),
    "/moved-2": _redirect("http://127.0.0.1:{port}/report-moved.html"),
    "/report-moved.html": _static(REPORT),
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/removed": lambda site, headers, hit: Reply(410, b"gone"),
    "/flaky.html": _flaky,
    "/slow.html": lambda site, headers, hit: Reply(200, REPORT, delay=SLOW_SECONDS),
    "/changing.html": _changing,
    "/etag.html": _etag,
    "/private/report.html": _static(REPORT),
    "/login.html": _static(_bytes(PAGES / "login.html")),
    "/news.html": _static(_bytes(PAGES / "news.html")),
    "/huge.pdf": lambda site, headers, hit: Reply(
        200, b"%PDF-1.4\n" + b"0" * HUGE_BYTES, "application/pdf", length=False),
}

# (path, outcome, reason prefix) of a first run over every route above.
FIRST_RUN = [
    ("/report.html", "new", None),
    ("/report-gbk.html", "new", None),
    ("/report-wrong-charset.html", "new", None),
    ("/shell-pdf.html", "new", None),
    ("/shell-docx.html", "new", None),
    ("/moved", "new", None),
    ("/loop-a", "failed", "redirect loop: "),
    ("/missing.html", "failed", "HTTP 404 Not Found"),
    ("/removed", "failed", "HTTP 410 Gone"),
    ("/flaky.html", "new", None),
    ("/slow.html", "failed", "timeout"),
    ("/changing.html", "new", None),
    ("/etag.html", "new", None),
    ("/private/report.html", "failed", "disallowed by robots.txt"),
    ("/login.html", "failed", "login or captcha page instead of a report"),
    ("/news.html", "failed", "not a report: "),
    ("/huge.pdf", "failed", "too large: "),
]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = site.reply(self.path, headers)
        site.log.append((self.path, headers, reply.status))
        time.sleep(reply.delay)
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size cap)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            port = self.server.server_address[1]
            self.send_header(name, value.replace("{port}", str(port)))
        if reply.length:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        for start in range(0, len(reply.body), 65536):
            self.wfile.write(reply.body[start:start + 65536])

    def log_message(self, *args: object) -> None:
        pass


class Server:
    """``with Server() as server:`` serves ``server.site`` at ``server.url(path)``."""

    def __enter__(self) -> Self:
        self.site = Site()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.site = self.site  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"
