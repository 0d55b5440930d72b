"""The built site in headless Chromium: pages, search, downloads, hostile report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from .conftest import REPORTS_BUILT

pytestmark = pytest.mark.e2e

REPORT = "region/510402/2024/"
HOSTILE = "region/510403/2024/"
PAGES = [
    "", "province/", "province/510000/", "year/", "year/2024/", "region/510402/",
    REPORT, HOSTILE, "indicator/", "indicator/reconsideration_cases_received/",
    "data/", "about/", "quality/",
]  # fmt: skip
TITLE = "攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告"
QUERIES = ["复议", "行政复议", "出庭应诉率", "法律援助", "东区", "攀枝花"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(page, server, path) -> None:
    page.goto(server + path, wait_until="load")
    assert page.locator("h1").count() == 1
    assert "本站数据为合成" in page.locator(".md-banner").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh"
    page.wait_for_timeout(100)
    assert page.watch.problems == [] and page.watch.dialogs == []


def search(page, query: str, expect: str):
    """Type ``query`` in the header search box as a visitor would; wait for a hit on ``expect``."""
    box = page.get_by_role("searchbox", name="搜索报告全文")
    box.click()
    box.fill(query)
    box.press("End")  # a key after the text, as after an IME commit
    hit = page.locator(f'.gr-search__result a[href*="{expect}"]').first
    hit.wait_for(timeout=10_000)
    return hit


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_finds_the_report(page, server, query) -> None:
    page.goto(server, wait_until="load")
    hit = search(page, query, REPORT)
    assert hit.inner_text() == TITLE  # the title as printed: no segmentation marks
    assert page.watch.problems == []


@pytest.mark.parametrize("word", ["法治政府", "复议", "应诉"])
def test_search_finds_words_inside_compounds(page, server, word) -> None:
    """法治政府 is inside 法治政府建设 in the title, 复议/应诉 inside 行政复议/出庭应诉率:
    found, and marked in the excerpt, because the index keys every character pair."""
    page.goto(server + "about/", wait_until="load")
    search(page, word, REPORT)
    page.locator(".gr-search__result mark").first.wait_for()  # excerpts load after the titles
    marks = page.locator(".gr-search__result mark").all_inner_texts()
    assert any(word in mark or mark in word for mark in marks), marks
    assert page.watch.problems == []


def test_search_filters_and_keyboard(page, server) -> None:
    page.goto(server + REPORT, wait_until="load")
    search(page, "攀枝花", HOSTILE)
    page.get_by_label("按省份筛选").select_option("四川省")
    page.get_by_label("按年度筛选").select_option("2024")
    page.wait_for_timeout(500)  # the debounced search has re-run with the filters
    assert page.locator(f'.gr-search__result a[href*="{REPORT}"]').count() == 1
    page.get_by_role("searchbox", name="搜索报告全文").press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.gr-search__result') !== null")
    page.keyboard.press("Escape")
    assert page.locator(".gr-search__panel").is_hidden()


def test_search_shows_hostile_text_inertly(page, server) -> None:
    page.goto(server, wait_until="load")
    search(page, "西区", HOSTILE)
    page.wait_for_timeout(300)
    assert page.watch.dialogs == [] and page.locator(".gr-search__panel img").count() == 0
    assert "{{ 7*7 }}" in page.locator(".gr-search__list").inner_text()


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
    assert response.status == 200 and len(entries) == REPORTS_BUILT  # the bundled, the hostile and the 2022 report
