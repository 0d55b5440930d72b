"""The built site and package, checked on disk (no browser)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from govreports.build import run as build_module
from govreports.build.run import BuildResult, build
from govreports.site.config import mkdocs_config
from govreports.site.search import search

from .conftest import BUNDLED, REPORTS_BUILT, ROOT, needs_other_year

REPORT = "region/510402/2024/index.html"
TITLE = "攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告"
EXTERNAL = re.compile(r"\s*(https?:)?//", re.IGNORECASE)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def start_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag and its attributes, however they are quoted (pages are minified)."""
    tags: list[tuple[str, dict[str, str]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, {name: value or "" for name, value in attrs}))

    Tags().feed(html)
    return tags


def test_failures_are_reported_not_fatal(built: BuildResult) -> None:
    assert built.reports == REPORTS_BUILT
    assert [Path(f.path).name for f in built.failures] == ["not-a-report.txt"]
    quality = (built.site_dir / "quality" / "index.html").read_text("utf-8")
    assert "not-a-report.txt" in quality and built.failures[0].reason[:10] in quality


@needs_other_year
def test_search_index_finds_reports_by_words_inside_compounds(built: BuildResult) -> None:
    """The index keys character pairs: a word inside a compound (复议 in 行政复议,
    应诉 in 出庭应诉率, 法治政府 inside the title) finds the report; only reports are indexed."""
    index = built.site_dir / "search"
    for word in ("复议", "行政复议", "应诉", "出庭应诉率", "法律援助", "法治政府", "东区", "攀枝花"):
        assert "region/510402/2024/" in [hit.url for hit in search(index, word)], word
    assert [hit.url for hit in search(index, "綦江")] == ["region/500110/2022/"]
    assert search(index, "复议", {"year": "2022", "province": "四川省"}) == []
    meta = json.loads((index / "index.json").read_bytes())
    assert meta["docs"] == 3 and [v for v, _ in meta["facets"]["year"]] == ["2024", "2022"]
    assert meta["facets"]["level"] == [["县级", 3]]
    assert meta["facets"]["kind"] == [["政府", 3]]


def test_search_index_is_small_and_local(built: BuildResult) -> None:
    index = built.site_dir / "search"
    assert not (built.site_dir / "search" / "search_index.json").exists()  # not Material's
    assert not (built.site_dir / "pagefind").exists()
    sizes = [path.stat().st_size for path in index.rglob("*") if path.is_file()]
    assert max(sizes) < 64_000 and sum(sizes) < 500_000


def test_no_third_party_requests_in_any_page(built: BuildResult) -> None:
    pages = html_pages(built.site_dir)
    assert len(pages) >= 12
    for page in pages:
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html and "cdn" not in html.lower(), page
        for tag, attrs in start_tags(html):
            # a resource the browser would fetch from another host: src=…, or a <link>
            # other than the canonical URL and the feed
            assert not EXTERNAL.match(attrs.get("src", "")), (page, tag, attrs)
            rel = attrs.get("rel", "").split()
            if tag == "link" and not {"canonical", "alternate"} & set(rel):
                assert not EXTERNAL.match(attrs.get("href", "")), (page, attrs)
            if tag == "a" and EXTERNAL.match(attrs.get("href", "")):
                assert {"nofollow", "noopener"} <= set(rel), (page, attrs)


def test_no_text_is_escaped_twice(built: BuildResult) -> None:
    for page in html_pages(built.site_dir):
        assert "&amp;#" not in page.read_text("utf-8"), page


def test_hostile_text_is_inert_in_html(built: BuildResult) -> None:
    for page in html_pages(built.site_dir):
        html = page.read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.IGNORECASE), page
        assert not re.search(r"<[^>]+\sonclick=", html), page
        assert ">49<" not in html, page  # {{ 7*7 }} was never evaluated


def test_synthetic_banner_on_every_page(built: BuildResult) -> None:
    for page in html_pages(built.site_dir):
        assert "本站数据为合成" in page.read_text("utf-8"), page


def test_report_pages_do_not_grow_with_the_corpus(built: BuildResult) -> None:
    html = (built.site_dir / REPORT).read_text("utf-8")
    assert "region/510403" not in html  # no links to other reports (nav is fixed)
    assert html.count("md-nav__link") < 40


def test_package_and_downloads_are_published(built: BuildResult) -> None:
    package = json.loads(built.datapackage.read_text("utf-8"))
    assert {r["name"] for r in package["resources"]} >= {"reports", "figures"}
    downloads = built.site_dir / "downloads"
    assert (downloads / "govreports-data.zip").is_file()
    assert (built.site_dir / "feed.xml").is_file()


def test_top_level_mkdocs_yml_is_the_generated_config() -> None:
    committed = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert committed == mkdocs_config("build/docs", "site", base=ROOT)


def test_failed_build_leaves_previous_output(tmp_path: Path, monkeypatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED, reports / BUNDLED.name)
    out = tmp_path / "out"
    build(reports, out)
    before = {p: p.read_bytes() for p in (out / "site" / "index.html", out / "datapackage.json")}

    def broken(*args: object) -> None:
        raise RuntimeError("mkdocs exploded")

    monkeypatch.setattr(build_module, "render_site", broken)
    (reports / "second.txt").write_text(BUNDLED.read_text("utf-8").replace("东区", "西区"), "utf-8")
    with pytest.raises(RuntimeError):
        build(reports, out)
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["build", "data", "datapackage.json", "site"]


def test_report_page_shell_stays_small(built: BuildResult) -> None:
    """What every page repeats (header, navigation, search box, footer, scripts) is paid
    15,000 times at national scale: kept under 7.5 KB, with no palette script (no toggle)."""
    html = (built.site_dir / REPORT).read_text("utf-8")
    shell = html[: html.index("<article")] + html[html.index("</article>") :]
    assert len(shell.encode("utf-8")) < 7_500
    assert "__palette" not in html
