"""Search in a built site, measured in headless Chromium (used by bench_build.py).

Serves the site on 127.0.0.1, opens the home page in a fresh browser context
per query, types the query into the search box and records the bytes fetched
(sum of response bodies, fetches by workers included;
the static server does not compress) and the ms until the first
result appears. Works with Material's built-in search and with the site's own search box.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS

QUERIES = ("复议", "出庭应诉率", "法律援助")
# Material's built-in search, the site's own box (docs/overrides/partials/search.html)
SEARCH_BOX = "input.md-search__input, input.gr-search__input"
RESULT = ".md-search-result__item, .gr-search__list > *"
TIMEOUT_MS = 60_000


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def measure_search(site: Path, queries: tuple[str, ...] = QUERIES) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return [_safe_query(browser, url, query) for query in queries]
            finally:
                browser.close()
    finally:
        httpd.shutdown()


def _safe_query(browser, url: str, query: str) -> dict:
    try:
        return _one_query(browser, url, query)
    except Exception as exc:  # noqa: BLE001 (a missing result is a finding, not a crash)
        return {"query": query, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}


def _one_query(browser, url: str, query: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    responses: list = []  # page.on("response") also sees the search worker's fetches
    page.on("response", lambda response: responses.append(response))
    opened = time.perf_counter()
    page.goto(url, wait_until="networkidle")  # Material's search fetches its whole index here
    load_ms = (time.perf_counter() - opened) * 1000
    on_load = len(responses)
    box = page.locator(SEARCH_BOX).first
    box.click()
    start = time.perf_counter()
    box.fill(query)
    box.press("End")  # Material reacts to key events, as after an IME commit
    page.locator(RESULT).first.wait_for(timeout=TIMEOUT_MS)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    sizes = [_body_bytes(response) for response in responses]
    context.close()
    return {"query": query, "first_result_ms": round(elapsed), "load_ms": round(load_ms), "bytes_total": sum(sizes),
            "bytes_after_typing": sum(sizes[on_load:]), "requests_after_typing": len(sizes) - on_load}  # fmt: skip


def _body_bytes(response) -> int:
    length = response.headers.get("content-length")
    if length is not None:
        return int(length)
    try:
        return len(response.body())
    except Exception:  # noqa: BLE001 (a redirect or aborted request has no body)
        return 0
