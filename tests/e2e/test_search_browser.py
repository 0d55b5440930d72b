"""search.js in headless Chromium against govreports.site.search in Python: same hits, same order."""

from __future__ import annotations

import pytest

from govreports.site.search import search

from .conftest import needs_other_year

pytestmark = pytest.mark.e2e

QUERIES = ["复议", "出庭应诉率", "法律援助", "人民政府", "2024", "Ｅ", "綦江区", "区"]


def browser_hits(page, query: str) -> tuple[list[str], str]:
    box = page.get_by_role("searchbox", name="搜索报告全文")
    box.fill(query)
    box.press("End")
    status = page.locator(".gr-search__status")
    status.filter(has_text="份报告").or_(status.filter(has_text="没有找到")).or_(
        status.filter(has_text="至少")).wait_for(timeout=10_000)  # fmt: skip
    page.wait_for_timeout(150)
    hrefs = page.locator(".gr-search__result > a").evaluate_all("as => as.map(a => a.href)")
    return hrefs, status.inner_text()


@pytest.mark.parametrize("query", QUERIES)
def test_browser_and_python_agree(page, server, built, query) -> None:
    page.goto(server, wait_until="load")
    page.get_by_role("searchbox", name="搜索报告全文").click()
    hrefs, _ = browser_hits(page, query)
    expected = [server + hit.url for hit in search(built.site_dir / "search", query)]
    assert hrefs == expected[:10]
    assert page.watch.problems == []


def test_a_single_character_asks_for_more(page, server) -> None:
    page.goto(server, wait_until="load")
    page.get_by_role("searchbox", name="搜索报告全文").click()
    hrefs, status = browser_hits(page, "区")
    assert hrefs == [] and "至少输入两个" in status


@needs_other_year
def test_filters_span_every_year(page, server) -> None:
    """Reports of 2024 and 2022: the year filter lists both and narrows the hits."""
    page.goto(server, wait_until="load")
    page.get_by_role("searchbox", name="搜索报告全文").click()
    hrefs, status = browser_hits(page, "法治政府")
    assert len(hrefs) == 3 and status.startswith("找到 3 份报告")
    years = page.get_by_label("按年度筛选").locator("option").all_inner_texts()
    assert years == ["全部", "2024（2）", "2022（1）"]
    page.get_by_label("按年度筛选").select_option("2022")
    page.wait_for_timeout(300)
    hrefs = page.locator(".gr-search__result > a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs == [server + "region/500110/2022/"]
    assert page.watch.problems == []
