"""The search index's segmented mirror: only changed pages are segmented again."""

from __future__ import annotations

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
