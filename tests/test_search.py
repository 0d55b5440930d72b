"""The search index's segmented mirror: only changed pages are segmented again."""

from __future__ import annotations

import gzip
import json

from govreports import search

PAGE = '<html><body><nav>首页</nav><div data-pagefind-body><p>{}</p></div></body></html>'


def write(site, rel, text):
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(text), encoding="utf-8")
    return path


def test_mirror_is_segmented_and_kept_in_step_with_the_site(tmp_path):
    site, mirror = tmp_path / "site", tmp_path / "mirror"
    pages = {"a/index.html": write(site, "a/index.html", "全区共受理行政复议案件52件"),
             "b/index.html": write(site, "b/index.html", "法律援助案件359件")}
    (site / "list.html").write_text("<p>不索引</p>", encoding="utf-8")
    pages["list.html"] = site / "list.html"
    assert search.sync_mirror(pages, mirror, workers=1) == 2
    segmented = (mirror / "a/index.html").read_text("utf-8")
    assert f"行政复议{search.SEPARATOR}案件" in segmented and "复议" in segmented.split("hidden>")[1]
    assert not (mirror / "list.html").exists()

    unchanged = (mirror / "b/index.html").stat().st_mtime_ns
    write(site, "a/index.html", "出庭应诉率100%")
    assert search.sync_mirror(pages, mirror, workers=1) == 2
    assert "出庭" in (mirror / "a/index.html").read_text("utf-8")
    assert (mirror / "b/index.html").stat().st_mtime_ns == unchanged  # not segmented again

    del pages["b/index.html"]
    assert search.sync_mirror(pages, mirror, workers=1) == 1
    assert not (mirror / "b/index.html").exists()


REPORT = ('<html><body><div data-pagefind-body><span data-pagefind-filter="year:{year}"></span>'
          '<h1 data-pagefind-meta="title">{year}年度报告</h1><p>{text}</p></div></body></html>')


def write_report(site, code, year, text):
    path = site / f"region/{code}/{year}/index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT.format(year=year, text=text), encoding="utf-8")


def test_index_is_sharded_by_year_and_only_changed_years_are_indexed_again(tmp_path, monkeypatch):
    site, mirror = tmp_path / "site", tmp_path / "mirror"
    write_report(site, "510402", 2024, "全区共受理行政复议案件52件")
    write_report(site, "510403", 2024, "法律援助案件359件")
    write_report(site, "510402", 2023, "出庭应诉率100%")
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    runs = []
    run = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda src, out: (runs.append(out.name), run(src, out)))

    index = search.index_search(site, mirror, workers=1)
    assert index.pages == 3 and sorted(runs) == ["2023", "2024"]
    bundle = site / search.OUTPUT
    assert json.loads((bundle / search.YEARS).read_text("utf-8")) == ["2024", "2023"]
    for year in ("2023", "2024"):
        assert (bundle / year / "pagefind.js").is_file() and (bundle / year / "pagefind-entry.json").is_file()
    assert not (bundle / "pagefind.js").exists()
    # URLs stay the site's own: each year's pages are indexed at their site paths
    fragments = b"".join(gzip.decompress(p.read_bytes()) for p in (bundle / "2023" / "fragment").iterdir())
    assert b"/region/510402/2023/" in fragments and b"/2024/" not in fragments

    runs.clear()
    write_report(site, "510402", 2023, "出庭应诉率98%")  # one 2023 report changed
    search.index_search(site, mirror, workers=1)
    assert runs == ["2023"]
    assert (site / search.OUTPUT / "2024" / "pagefind.js").is_file()  # reused

    runs.clear()
    search.index_search(site, mirror, workers=1)  # nothing changed
    assert runs == []

    (site / "region/510402/2023/index.html").unlink()  # the year is gone
    search.index_search(site, mirror, workers=1)
    assert runs == [] and json.loads((bundle / search.YEARS).read_text("utf-8")) == ["2024"]
    assert not (bundle / "2023").exists() and not (mirror / search.SHARDS / "2023").exists()
