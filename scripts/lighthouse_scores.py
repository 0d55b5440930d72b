"""Lighthouse scores of the built site's home, a report and an indicator page.

Usage: python scripts/lighthouse_scores.py [SITE_DIR] [REPORT_PATH] [INDICATOR_PATH]
       (defaults: site  region/510402/2024/  indicator/penalty_cases/)

Needs npm's `lighthouse` (npm install -g lighthouse) and Debian's chromium;
serves SITE_DIR on 127.0.0.1 and prints performance, accessibility, best
practices and SEO for each page (mobile emulation, Lighthouse's default).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def scores(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [shutil.which("lighthouse") or "lighthouse", url, "--quiet", "--output=json",
                   f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                   f"--only-categories={','.join(CATEGORIES)}"]
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
        subprocess.run(command, check=True, env=env, timeout=300)
        categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: categories[name]["score"] for name in CATEGORIES}


def main(site: Path, pages: list[str]) -> int:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    worst = 1.0
    try:
        for page in pages:
            result = scores(base + page)
            worst = min(worst, *result.values())
            shown = "  ".join(f"{name} {value:.2f}" for name, value in result.items())
            print(f"/{page:28s} {shown}")
    finally:
        server.shutdown()
    return 0 if worst >= 0.95 else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    site_dir = Path(args[0]) if args else Path("site")
    chosen = args[1:] or ["region/510402/2024/", "indicator/penalty_cases/"]
    sys.exit(main(site_dir, ["", *chosen]))
