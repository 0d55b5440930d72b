"""Hostile sources and pages to fetch: refused or stopped in one line, never followed or hung.

Each case is served here by a small local server (raw bytes where httpx must
be fooled: dripping headers or body).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

import pytest

from govreports.fetch import client as client_module
from govreports.fetch import row as row_module
from govreports.fetch.client import FetchFailed, HttpOptions, PoliteClient, is_public, refusal
from govreports.fetch.run import FetchOptions, fetch_sources
from govreports.fetch.state import STATE_FILE
from tests import fetch_site
from tests.test_fetch import write_sources

ROOT = Path(__file__).resolve().parent.parent
HTTP = HttpOptions(timeout=1.0, retries=0, backoff=0.05, max_bytes=1_000_000, per_host=4,
                   delay=0, trust_env=False, allow_private=True)  # fmt: skip
UTF16_DECLARED = fetch_site.REPORT.replace(b'charset="utf-8"', b'charset="utf-16"')
UTF16_DECLARED += b" " * (len(UTF16_DECLARED) % 2)  # even: it would "decode" as UTF-16


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        server: Hostile = self.server.owner  # type: ignore[attr-defined]
        server.log.append(self.path)
        route = server.routes.get(self.path)
        try:
            if route is None:
                self._reply(404, b"missing", "text/plain")
            elif callable(route):
                route(self)
            else:
                self._reply(*route)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _reply(self, status: int, body: bytes, content_type: str | None,
               headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def drip_headers(handler: _Handler) -> None:
    """One byte of the status line every 0.1 s, for ever (httpx's read timeout never trips)."""
    for byte in b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 10_000:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


def drip_body(handler: _Handler) -> None:
    handler.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    for byte in fetch_site.REPORT * 10:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


class Hostile:
    """``with Hostile(routes) as server:``; a route is (status, body, type[, headers]) or a function."""

    def __init__(self, routes: dict, host: str = "127.0.0.1") -> None:
        self.routes, self.host, self.log = routes, host, []

    def __enter__(self) -> Self:
        self._httpd = ThreadingHTTPServer((self.host, 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self._httpd.server_address[1]}{path}"


def redirect(target: str) -> tuple:
    return (302, b"", None, {"Location": target})


def fetch_one_url(url: str, tmp_path: Path, http: HttpOptions = HTTP):
    sources = write_sources(tmp_path / "sources.csv", [{"url": url}])
    (outcome,) = fetch_sources(sources, tmp_path / "reports", FetchOptions(http, workers=1)).outcomes
    return outcome


# --- addresses ---------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["127.0.0.1", "127.3.4.5", "10.1.2.3", "172.16.0.1",
                                     "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
                                     "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1",
                                     "not-an-ip"])  # fmt: skip
def test_non_public_addresses(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public(address)


def test_refusal_resolves_the_host_name():
    assert refusal("http://localhost:8080/x", allow_private=False) == (
        "a private address: http://localhost:8080/x (127.0.0.1)"
    ) or "(::1)" in (refusal("http://localhost:8080/x", allow_private=False) or "")
    assert refusal("http://localhost:8080/x", allow_private=True) is None
    assert refusal("file:///etc/passwd", allow_private=True) == (
        "a non-http(s) URL: file:///etc/passwd")


def test_a_private_source_url_is_refused_by_default(tmp_path):
    with Hostile({"/report.html": (200, fetch_site.REPORT, fetch_site.HTML)}) as server:
        outcome = fetch_one_url(server.url("/report.html"), tmp_path,
                                HttpOptions(timeout=1.0, retries=0, delay=0, trust_env=False))
        assert server.log == []  # not even robots.txt
    assert outcome.status == "failed"
    assert outcome.reason.startswith("refused: a private address: http://127.0.0.1:")


def test_a_redirect_to_loopback_on_another_port_is_refused(tmp_path, monkeypatch):
    """The source is on 127.0.0.2, which this test treats as public; it redirects to 127.0.0.1."""
    monkeypatch.setattr(client_module, "is_public", lambda address: address == "127.0.0.2")
    http = HttpOptions(timeout=1.0, retries=0, delay=0, trust_env=False)
    with Hostile({"/secret": (200, fetch_site.REPORT, fetch_site.HTML)}) as inside:
        routes = {"/robots.txt": (404, b"", "text/plain"), "/go": redirect(inside.url("/secret"))}
        with Hostile(routes, host="127.0.0.2") as outside:
            outcome = fetch_one_url(outside.url("/go"), tmp_path, http)
            assert outside.log == ["/robots.txt", "/go"]
        assert inside.log == []
    assert outcome.reason == (f"refused: redirect to a private address: {inside.url('/secret')} "
                              "(127.0.0.1)")  # fmt: skip


def test_the_connected_peer_is_checked_too(monkeypatch):
    """DNS rebinding: the check's answer was public, the connection's is not."""
    monkeypatch.setattr(client_module, "refusal", lambda url, allow_private: None)
    http = HttpOptions(timeout=1.0, retries=0, delay=0, trust_env=False)
    with Hostile({"/report.html": (200, fetch_site.REPORT, fetch_site.HTML)}) as server:
        with PoliteClient(http) as client, pytest.raises(FetchFailed) as error:
            client.get(server.url("/report.html"))
        assert "/report.html" not in server.log
    assert str(error.value) == "refused: connected to a private address (127.0.0.1)"


def test_a_file_redirect_is_refused_as_such_not_as_robots(tmp_path):
    routes = {"/robots.txt": (404, b"", "text/plain"), "/file": redirect("file:///etc/passwd")}
    with Hostile(routes) as server:
        outcome = fetch_one_url(server.url("/file"), tmp_path)
    assert outcome.reason == "refused: redirect to a non-http(s) URL: file:///etc/passwd"


# --- slow servers ------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/drip-headers", "/drip-body"])
def test_a_dripping_server_cannot_extend_the_deadline(path):
    http = HttpOptions(timeout=1.0, max_seconds=1.5, retries=0, delay=0, trust_env=False,
                       allow_private=True)  # fmt: skip
    routes = {"/robots.txt": (404, b"", "text/plain"), path: globals()[path[1:].replace("-", "_")]}
    with Hostile(routes) as server, PoliteClient(http) as client:
        client.get(server.url("/robots.txt"))  # robots.txt is not part of the timing
        start = time.monotonic()
        with pytest.raises(FetchFailed) as error:
            client.get(server.url(path))
        elapsed = time.monotonic() - start
    assert str(error.value) == "too slow: not finished in 1.5 s"
    assert elapsed < 2.5


def test_the_total_deadline_follows_the_timeout():
    assert HttpOptions(timeout=3).deadline == 30
    assert HttpOptions(timeout=3, max_seconds=7).deadline == 7


def test_ctrl_c_stops_within_a_second_and_the_run_resumes(tmp_path):
    routes = {"/robots.txt": (404, b"", "text/plain"), "/drip-body": drip_body,
              "/report.html": (200, fetch_site.REPORT, fetch_site.HTML)}  # fmt: skip
    with Hostile(routes) as server:
        urls = [server.url("/report.html"), server.url("/drip-body")]
        sources = write_sources(tmp_path / "sources.csv", [{"url": url} for url in urls])
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PYTHONPATH"] = str(ROOT)
        process = subprocess.Popen(
            [sys.executable, "-m", "govreports", "fetch", str(sources), "--reports",
             str(tmp_path / "r"), "--timeout", "30", "--delay", "0", "--workers", "2",
             "--allow-private-hosts"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        state = tmp_path / "r" / STATE_FILE
        for _ in range(600):  # the report row is done once the parser has loaded
            if state.exists() and urls[0] in state.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        assert "/drip-body" in server.log and process.poll() is None
        start = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
        elapsed = time.monotonic() - start
    print(f"stopped {elapsed:.2f} s after SIGINT")
    assert elapsed < 3.0, stderr  # 0.3-0.5 s on an idle machine; margin for a loaded CI
    assert process.returncode == 130 and "Traceback" not in stderr
    assert "fetch interrupted; run the same command again to continue" in stderr
    done = json.loads(state.read_text(encoding="utf-8"))["done"]
    assert list(done) == [urls[0]]  # the dripping row is not done: it is fetched on resume


# --- what a page says about itself -------------------------------------------------------

def test_a_utf8_page_declaring_utf16_is_archived(tmp_path):
    routes = {"/robots.txt": (404, b"", "text/plain"),
              "/utf16.html": (200, UTF16_DECLARED, "text/html; charset=utf-16")}
    with Hostile(routes) as server:
        outcome = fetch_one_url(server.url("/utf16.html"), tmp_path)
    assert outcome.status == "new", outcome.reason
    assert (tmp_path / "reports" / outcome.path).read_bytes() == UTF16_DECLARED


def test_the_first_retrieval_time_survives_a_change_and_a_change_back(tmp_path, monkeypatch):
    """A → B → A: the third version is the first file again, retrieved first at T1."""
    edited = fetch_site.REPORT_EDITED
    bodies = iter([fetch_site.REPORT, edited, fetch_site.REPORT])
    served = {"body": fetch_site.REPORT}
    routes = {"/robots.txt": (404, b"", "text/plain"),
              "/report.html": lambda handler: handler._reply(200, served["body"], fetch_site.HTML)}
    times = iter(["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"])
    monkeypatch.setattr(row_module, "utc_now", lambda: next(times))
    outcomes = []
    with Hostile(routes) as server:
        for _ in range(3):
            served["body"] = next(bodies)
            outcomes.append(fetch_one_url(server.url("/report.html"), tmp_path))
    assert [o.status for o in outcomes] == ["new", "changed", "changed"]
    assert outcomes[2].path == outcomes[0].path
    meta = json.loads((tmp_path / "reports" / f"{outcomes[2].path}.meta.json").read_text())
    assert (meta["retrieved"], meta["first_retrieved"]) == ("2025-03-01T00:00:00Z",
                                                            "2025-01-01T00:00:00Z")
    assert meta["superseded_by"] is None
    assert [p["path"] for p in meta["previous"]][:2] == [outcomes[1].path, outcomes[0].path]
