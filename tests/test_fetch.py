"""``govreports fetch`` against a real HTTP server on 127.0.0.1 (see ``fetch_site``)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govreports.build.inputs import collect_files
from govreports.fetch.archive import skipped_by_build
from govreports.fetch.client import HttpOptions
from govreports.fetch.run import FetchOptions, FetchSummary, fetch_sources
from govreports.fetch.state import STATE_FILE
from govreports.pipeline import check_report
from tests import fetch_site
from tests.conftest import BUNDLED_REPORT
from tests.fetch_site import FIRST_RUN, Server

OPTIONS = FetchOptions(HttpOptions(timeout=1.0, retries=1, backoff=0.05, max_bytes=1_000_000,
                                   per_host=4, delay=0, trust_env=False,
                                   allow_private=True), workers=4)
BUNDLED_FIELDS = list(json.loads(Path(f"{BUNDLED_REPORT}.meta.json").read_text()))
OVERRIDES = {"adcode": "510402", "year": "2024", "level": "county", "note": "hand-checked"}


@dataclass
class Run:
    reports: Path
    summary: FetchSummary

    def outcome(self, url: str):
        return next(o for o in self.summary.outcomes if o.url == url)

    def archived(self, url: str) -> Path:
        return self.reports / self.outcome(url).path

    def sidecar(self, url: str) -> dict:
        return json.loads(Path(f"{self.archived(url)}.meta.json").read_text(encoding="utf-8"))


def write_sources(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["url", "adcode", "year", "level", "note"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def all_rows(server: Server) -> list[dict[str, str]]:
    rows = [{"url": server.url(path)} for path, _, _ in FIRST_RUN]
    rows[0].update(OVERRIDES)
    return [*rows, {"url": server.url("/report.html?bad"), "year": "20x4"}]


@pytest.fixture(scope="module")
def server():
    check_report(fetch_site.REPORT, "warm-up.html")  # load the parser's dictionaries once
    with Server() as running:
        yield running


@pytest.fixture(scope="module")
def first_run(server, tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("fetch")
    sources = write_sources(base / "sources.csv", all_rows(server))
    return Run(base / "reports", fetch_sources(sources, base / "reports", OPTIONS))


@pytest.fixture(scope="module")
def second_run(server, first_run) -> tuple[Run, int, set[Path]]:
    before = set(first_run.reports.rglob("*"))
    mark = len(server.site.log)
    server.site.version = 2
    sources = first_run.reports.parent / "sources.csv"
    return Run(first_run.reports, fetch_sources(sources, first_run.reports, OPTIONS)), mark, before


def test_first_run_outcome_of_every_row(server, first_run):
    for path, status, reason in FIRST_RUN:
        outcome = first_run.outcome(server.url(path))
        assert outcome.status == status, (path, outcome)
        assert (outcome.reason or "").startswith(reason or ""), (path, outcome)
    bad = first_run.outcome(server.url("/report.html?bad"))
    assert bad.reason == "bad row (line 19): bad year '20x4'"
    assert first_run.summary.counts() == {"new": 9, "changed": 0, "unchanged": 0, "failed": 9}


@pytest.mark.parametrize(("path", "served"), [
    ("/report.html", fetch_site.REPORT), ("/report-gbk.html", fetch_site.REPORT_GBK),
    ("/report-wrong-charset.html", fetch_site.REPORT_WRONG_CHARSET),
    ("/shell-pdf.html", fetch_site.PDF), ("/shell-docx.html", fetch_site.DOCX),
])  # fmt: skip
def test_archived_bytes_are_exactly_what_was_served(server, first_run, path, served):
    archived = first_run.archived(server.url(path))
    assert archived.read_bytes() == served
    assert archived.suffix == {b"%PDF": ".pdf", b"PK\x03\x04": ".docx"}.get(served[:4], ".html")


def test_sidecar_records_provenance(server, first_run):
    url = server.url("/report.html")
    meta = first_run.sidecar(url)
    assert list(meta)[: len(BUNDLED_FIELDS)] == BUNDLED_FIELDS  # the bundled format, extended
    assert meta["source_url"] == meta["final_url"] == url
    assert (meta["http_status"], meta["content_type"]) == (200, fetch_site.HTML)
    assert meta["sha256"] == hashlib.sha256(fetch_site.REPORT).hexdigest()
    assert meta["bytes"] == len(fetch_site.REPORT)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta["retrieved"])
    retrieved = datetime.fromisoformat(meta["retrieved"])
    assert abs(datetime.now(UTC) - retrieved) < timedelta(minutes=5)
    assert meta["overrides"] == {"adcode": "510402", "year": 2024, "level": "county"}
    assert meta["note"] == "hand-checked"
    assert first_run.archived(url).name == f"report-{meta['sha256'][:12]}.html"
    assert first_run.archived(url).parent.name == f"127.0.0.1_{url.split(':')[2].split('/')[0]}"


def test_shell_page_is_kept_as_provenance_not_as_a_report(server, first_run):
    url = server.url("/shell-pdf.html")
    meta = first_run.sidecar(url)
    assert meta["source_url"] == url
    assert meta["final_url"] == server.url("/files/P020250317.pdf")
    shell = first_run.reports / meta["page"]["path"]
    assert shell.read_bytes() == (fetch_site.PAGES / "shell-pdf.html").read_bytes()
    assert "/.pages/" in meta["page"]["path"] and meta["page"]["http_status"] == 200
    assert skipped_by_build(shell) and not skipped_by_build(first_run.archived(url))
    assert shell not in collect_files(first_run.reports)
    assert first_run.archived(url) in collect_files(first_run.reports)


def test_redirects_are_followed_and_recorded(server, first_run):
    meta = first_run.sidecar(server.url("/moved"))
    assert meta["redirects"] == [server.url("/moved"), server.url("/moved-2")]
    assert meta["final_url"] == server.url("/report-moved.html")
    assert first_run.outcome(server.url("/loop-a")).reason.count("→") == 2


def test_politeness(server, first_run):
    assert [status for _, status in server.site.requests("/flaky.html")][:2] == [500, 200]
    assert server.site.requests("/private/report.html") == []
    assert len(server.site.requests("/robots.txt")) == 1
    agents = {headers["user-agent"] for _, headers, _ in server.site.log}
    assert len(agents) == 1 and agents.pop().startswith("govreports/")
    assert not any(p.suffix == ".pdf" and "huge" in p.name for p in first_run.reports.rglob("*"))


def test_second_run_reports_changes_and_keeps_both_versions(server, second_run):
    run, _, before = second_run
    assert run.summary.counts() == {"new": 0, "changed": 1, "unchanged": 8, "failed": 9}
    changed = run.outcome(server.url("/changing.html"))
    old, new = run.reports / changed.previous, run.reports / changed.path
    assert old.read_bytes() == fetch_site.REPORT and new.read_bytes() == fetch_site.REPORT_EDITED
    assert run.sidecar(server.url("/changing.html"))["previous"][0]["path"] == changed.previous
    assert json.loads(Path(f"{old}.meta.json").read_text())["superseded_by"] == changed.path
    assert skipped_by_build(old) and not skipped_by_build(new)
    added = set(run.reports.rglob("*")) - before
    assert added == {new, Path(f"{new}.meta.json")}
    assert not (run.reports / STATE_FILE).exists()


def test_second_run_asks_conditionally_and_downloads_nothing_unchanged(server, second_run):
    _, mark, _ = second_run
    later = server.site.log[mark:]
    etag = [(headers.get("if-none-match"), status) for path, headers, status in later
            if path == "/etag.html"]  # fmt: skip
    assert etag == [('"v1"', 304)]
    pdf = [(headers.get("if-modified-since"), status) for path, headers, status in later
           if path == "/files/P020250317.pdf"]  # fmt: skip
    assert pdf == [(fetch_site.PDF_DATE, 304)]


def test_an_interrupted_run_continues_where_it_stopped(server, tmp_path):
    paths = ["/report.html", "/report-gbk.html", "/report-wrong-charset.html", "/moved",
             "/shell-docx.html", "/news.html"]  # fmt: skip
    sources = write_sources(tmp_path / "sources.csv", [{"url": server.url(p)} for p in paths])
    options = FetchOptions(OPTIONS.http, workers=1)
    seen = []

    def interrupt_after_two(outcome) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_sources(sources, tmp_path / "r", options, on_outcome=interrupt_after_two)
    done = json.loads((tmp_path / "r" / STATE_FILE).read_text())["done"]
    assert 2 <= len(done) < len(paths)
    mark = len(server.site.log)
    summary = fetch_sources(sources, tmp_path / "r", options)
    again = {server.url(path.split("?")[0]) for path, _, _ in server.site.log[mark:]}
    assert not again & set(done)
    assert summary.resumed == len(done)
    assert summary.counts() == {"new": 5, "changed": 0, "unchanged": 0, "failed": 1}
    assert not (tmp_path / "r" / STATE_FILE).exists()


def test_a_hand_archived_report_becomes_the_previous_version(server, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED_REPORT, reports / BUNDLED_REPORT.name)
    bundled = json.loads(Path(f"{BUNDLED_REPORT}.meta.json").read_text(encoding="utf-8"))
    url = server.url("/report.html")
    sidecar = reports / f"{BUNDLED_REPORT.name}.meta.json"
    sidecar.write_text(json.dumps({**bundled, "source_url": url}), encoding="utf-8")
    summary = fetch_sources(write_sources(tmp_path / "s.csv", [{"url": url}]), reports, OPTIONS)
    (outcome,) = summary.outcomes
    assert (outcome.status, outcome.previous) == ("changed", BUNDLED_REPORT.name)
    kept = json.loads(sidecar.read_text(encoding="utf-8"))
    assert kept == {**bundled, "source_url": url, "superseded_by": outcome.path}
    assert (reports / BUNDLED_REPORT.name).read_bytes() == BUNDLED_REPORT.read_bytes()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run([sys.executable, "-m", "govreports", *args], capture_output=True,
                          text=True, timeout=120, env=env, check=False)  # fmt: skip


def test_cli_prints_one_line_per_failure_and_a_summary(server, tmp_path):
    sources = write_sources(tmp_path / "sources.csv", all_rows(server))
    result = run_cli("fetch", str(sources), "--reports", str(tmp_path / "reports"),
                     "--timeout", "1", "--retries", "1", "--delay", "0", "--max-mb", "1",
                     "--allow-private-hosts")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    failures = [line for line in lines if line.startswith("govreports: ")]
    assert len(failures) == 9 and all("http://127.0.0.1:" in line for line in failures)
    assert lines[-1].startswith("fetched 18 rows: 9 new, 0 changed, 0 unchanged, 9 failed (")
    print(lines[-1])


def test_cli_unusable_sources_is_one_line(tmp_path):
    (tmp_path / "bad.csv").write_text("link\nhttp://example.org/\n", encoding="utf-8")
    result = run_cli("fetch", str(tmp_path / "bad.csv"), "--reports", str(tmp_path / "r"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"govreports: {tmp_path / 'bad.csv'}: no 'url' column (header: url,adcode,year,level,note)"]


def test_fetch_help_has_an_example():
    result = run_cli("fetch", "--help")
    assert result.returncode == 0 and "example:\n  govreports fetch " in result.stdout
