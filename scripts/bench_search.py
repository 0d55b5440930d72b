"""Search in a built site, measured in headless Chromium (used by bench_build.py).

Serves the site on 127.0.0.1, opens the home page in a fresh browser context
per query, types the query into the search box and records the bytes fetched
(CDP ``Network.loadingFinished`` encodedDataLength) and the ms until the first
result appears. Works with Material's search and with Pagefind's UI.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

QUERIES = ("复议", "出庭应诉率", "法律援助")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SEARCH_BOX = "input.md-search__input, input.pagefind-ui__search-input, input[type=search]"
RESULT = ".md-search-result__item, .pagefind-ui__result"
TIMEOUT_MS = 120_000


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
                return [_one_query(browser, url, query) for query in queries]
            finally:
                browser.close()
    finally:
        httpd.shutdown()


def _one_query(browser, url: str, query: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched = [0]
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.loadingFinished",
        lambda event: fetched.__setitem__(0, fetched[0] + int(event["encodedDataLength"])),
    )
    page.goto(url, wait_until="networkidle")
    on_load = fetched[0]
    box = page.locator(SEARCH_BOX).first
    box.click()
    start = time.perf_counter()
    box.fill(query)
    box.press("End")  # Material reacts to key events, as after an IME commit
    page.locator(RESULT).first.wait_for(timeout=TIMEOUT_MS)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    context.close()
    return {"query": query, "first_result_ms": round(elapsed), "bytes_total": fetched[0],
            "bytes_after_typing": fetched[0] - on_load}  # fmt: skip
