"""Builds that scale: parse cache, parallel parse, incremental (dirty) site render."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govreports.build import cache as build_cache
from govreports.build import parallel as build_parallel
from govreports.build.cache import ParseCache
from govreports.build.inputs import collect_files, load_reports
from govreports.build.run import build
from govreports.build.site_step import render_key
from govreports.records import Failure
from govreports.site.search import search

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "make_synthetic_corpus.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five synthetic reports."""
    out = tmp_path_factory.mktemp("synthetic") / "reports"
    subprocess.run([sys.executable, str(GENERATOR), "5", str(out), "--seed", "7"],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return out


@pytest.fixture
def reports(corpus: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "reports"
    shutil.copytree(corpus, copy)
    return copy


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Paths sent to the parse workers (cache misses)."""
    seen: list[Path] = []
    real = build_parallel._parse_many

    def counting(paths: list[Path], *args):
        seen.extend(paths)
        return real(paths, *args)

    monkeypatch.setattr(build_parallel, "_parse_many", counting)
    return seen


def _load(reports: Path, cache: Path, **kwargs):
    files = collect_files(reports)
    return load_reports(files, lambda *a: None, synthetic=True, cache=ParseCache(cache), **kwargs)


def _hold_back(reports: Path, aside: Path) -> Path:
    held = collect_files(reports)[-1]
    aside.mkdir()
    for path in (held, held.with_name(held.name + ".meta.json")):
        path.rename(aside / path.name)
    return held


def test_cache_hit_and_one_reparse_after_adding_one(reports, tmp_path, calls) -> None:
    held = _hold_back(reports, tmp_path / "aside")
    first = _load(reports, tmp_path / "cache")
    assert len(calls) == 4 and len(first.parsed) == 4
    calls.clear()
    again = _load(reports, tmp_path / "cache")
    assert calls == [] and again.parsed == first.parsed
    for path in (tmp_path / "aside").iterdir():
        path.rename(held.parent / path.name)
    added = _load(reports, tmp_path / "cache")
    assert calls == [held] and len(added.parsed) == 5


def test_cache_miss_on_content_or_sidecar_change(reports, tmp_path, calls) -> None:
    _load(reports, tmp_path / "cache")
    files = collect_files(reports)
    files[0].write_bytes(files[0].read_bytes() + "\n本报告完。\n".encode())
    sidecar = files[1].with_name(files[1].name + ".meta.json")
    sidecar.write_text(sidecar.read_text("utf-8").replace("{", '{"note2": 1, ', 1), "utf-8")
    calls.clear()
    _load(reports, tmp_path / "cache")
    assert calls == files[:2]


def test_cache_miss_on_parser_version_change(reports, tmp_path, calls, monkeypatch) -> None:
    _load(reports, tmp_path / "cache")
    calls.clear()
    monkeypatch.setattr(build_cache, "PARSER_VERSION", "test-next")
    _load(reports, tmp_path / "cache")
    assert len(calls) == 5


def test_parallel_parse_keeps_order_and_collects_failures(reports, tmp_path) -> None:
    for i in range(6):  # enough files for the worker pool
        (reports / f"news-{i}.txt").write_text(
            "市政府召开常务会议\n会议研究了植树工作。\n", "utf-8"
        )
    parallel = _load(reports, tmp_path / "a", workers=2)
    sequential = _load(reports, tmp_path / "b", workers=1)
    assert [p.report.report_id for p, _ in parallel.parsed] == [
        p.report.report_id for p, _ in sequential.parsed
    ]
    assert [path for _, path in parallel.parsed] == sorted(path for _, path in parallel.parsed)
    assert [p.keywords for p, _ in parallel.parsed] == [p.keywords for p, _ in sequential.parsed]
    assert all(p.keywords for p, _ in parallel.parsed) and len(parallel.parsed) == 5
    assert [f.path for f in parallel.failures] == [f.path for f in sequential.failures]
    assert len(parallel.failures) == 6 and all(isinstance(f, Failure) for f in parallel.failures)


def _pages(site: Path) -> dict[str, Path]:
    return {p.parent.relative_to(site).as_posix(): p for p in site.glob("region/*/*/index.html")}


def test_rebuild_updates_changed_removes_deleted_keeps_others(reports, tmp_path) -> None:
    out = tmp_path / "out"
    build(reports, out, synthetic=True)
    before = {
        url: (p.read_bytes(), p.stat().st_mtime_ns) for url, p in _pages(out / "site").items()
    }
    files = collect_files(reports)
    changed, deleted = files[0], files[1]
    changed.write_text(changed.read_text("utf-8") + "\n全年办理法律援助案件9876件。\n", "utf-8")
    deleted.unlink()
    result = build(reports, out, synthetic=True)
    after = _pages(out / "site")
    assert result.reports == 4 and len(after) == 4 and (out / "build" / "cache").is_dir()
    gone = set(before) - set(after)
    assert len(gone) == 1 and not (out / "site" / next(iter(gone))).exists()
    updated = [url for url in after if after[url].read_bytes() != before[url][0]]
    assert len(updated) == 1 and "9876" in after[updated[0]].read_text("utf-8")
    assert [hit.url for hit in search(out / "site" / "search", "9876件")] == [f"{updated[0]}/"]
    kept = [url for url in after if url not in updated]  # incremental render: others untouched
    assert all(after[url].stat().st_mtime_ns == before[url][1] for url in kept)


def test_render_key_changes_with_the_config(tmp_path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: a\n", "utf-8")
    key = render_key(config)
    config.write_text("site_name: b\n", "utf-8")
    assert render_key(config) != key
