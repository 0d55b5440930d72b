"""Lighthouse ≥ 0.95 on home, a report and an indicator page (opt-in: slow).

Run with ``GOVREPORTS_LIGHTHOUSE=1 pytest tests/e2e/test_lighthouse.py`` after
``npm i -g lighthouse``. The site is served gzip-compressed, as GitHub Pages
serves it; Lighthouse uses its default (mobile, throttled) settings.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.environ.get("GOVREPORTS_LIGHTHOUSE") or not shutil.which("lighthouse"),
        reason="set GOVREPORTS_LIGHTHOUSE=1 and install lighthouse",
    ),
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ["", "region/510402/2024/", "indicator/reconsideration_cases_received/"]


class _Gzip(SimpleHTTPRequestHandler):
    """Serves every file gzip-compressed (Chromium always accepts gzip), over HTTP/1.0."""

    def log_message(self, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        outputfile.write(gzip.compress(source.read()))

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "content-length":  # the connection close ends the body
            super().send_header(keyword, value)

    def end_headers(self) -> None:
        super().send_header("Content-Encoding", "gzip")
        super().end_headers()


@pytest.fixture(scope="module")
def gzip_server(built) -> Iterator[str]:
    handler = functools.partial(_Gzip, directory=str(built.site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(gzip_server: str, tmp_path: Path, path: str) -> None:
    report = tmp_path / "lighthouse.json"
    subprocess.run(
        ["lighthouse", gzip_server + path, "--quiet", "--output=json",
         f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300,
    )  # fmt: skip
    scores = {k: v["score"] for k, v in json.loads(report.read_text())["categories"].items()}
    assert all(score >= 0.95 for score in scores.values()), scores
