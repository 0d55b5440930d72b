"""The built site in headless Chromium: pages, search, downloads, hostile report."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.e2e

REPORT = "region/510402/2024/"
HOSTILE = "region/510403/2024/"
PAGES = [
    "", "province/", "province/510000/", "year/", "year/2024/", "region/510402/",
    REPORT, HOSTILE, "indicator/", "indicator/reconsideration_cases_received/",
    "data/", "about/", "quality/",
]  # fmt: skip
QUERIES = ["复议", "行政复议", "出庭应诉率", "法律援助", "东区", "攀枝花"]


class Watch:
    """Collects what must not happen on a page: console errors, failed or foreign requests."""

    def __init__(self, page, base: str) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("requestfailed", lambda r: self.problems.append(f"failed {r.url}"))
        page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}")
        )
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route(
            re.compile(r"^(?!" + re.escape(base) + ").*"),
            lambda route: (self.problems.append(f"foreign {route.request.url}"), route.abort()),
        )


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.watch = Watch(tab, server)
    yield tab
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(page, server, path) -> None:
    page.goto(server + path, wait_until="load")
    assert page.locator("h1").count() == 1
    assert "本站数据为合成" in page.locator(".md-banner").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh"
    page.wait_for_timeout(100)
    assert page.watch.problems == [] and page.watch.dialogs == []


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_finds_the_report(page, server, query) -> None:
    page.goto(server, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, as after an IME commit
    hit = page.locator(f'.md-search-result__link[href*="{REPORT}"]').first
    hit.wait_for(timeout=10_000)
    assert page.watch.problems == []


def test_search_shows_hostile_text_inertly(page, server) -> None:
    page.goto(server, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("西区")
    box.press("End")
    page.locator(f'.md-search-result__link[href*="{HOSTILE}"]').first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.watch.dialogs == [] and page.locator(".md-search-result img").count() == 0


def test_hostile_report_is_text(page, server) -> None:
    page.goto(server + HOSTILE, wait_until="load")
    page.wait_for_timeout(300)
    text = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text
    assert "<img src=x onerror=alert(1)>" in text and "**bold**" in text
    assert page.locator("article script, article img, article [onclick]").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.watch.dialogs == [] and page.watch.problems == []


def test_indicator_link_scrolls_to_marked_sentence(page, server) -> None:
    page.goto(server + REPORT, wait_until="load")
    first = page.locator('table a[href^="#fig-"]').first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_function(f"location.hash === '{target}'")
    mark = page.locator(f"[id='{target[1:]}']")
    mark = mark if mark.evaluate("e => e.tagName") == "MARK" else mark.locator("xpath=..")
    assert mark.evaluate("e => e.tagName") == "MARK"
    assert "12次" in mark.inner_text()
    assert mark.is_visible() and mark.bounding_box()["y"] < 900


@pytest.mark.parametrize("path", ["data/", REPORT])
def test_download_links_resolve(page, server, path) -> None:
    page.goto(server + path, wait_until="load")
    hrefs = page.eval_on_selector_all(
        "article a[href]",
        "as => as.map(a => a.href).filter(h => !h.endsWith('/') && !h.includes('#'))",
    )
    assert len(hrefs) >= (4 if path == "data/" else 3)
    for href in hrefs:
        assert href.startswith(server), href
        assert page.request.get(href).status == 200, href


def test_feed_is_atom(page, server) -> None:
    response = page.request.get(server + "feed.xml")
    root = ET.fromstring(response.body())
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert response.status == 200 and len(entries) == 2
