"""Hostile and broken input to ``govreports build``: no crash, no hang, nothing lost, one clear line.

Every test builds its own input in ``tmp_path``.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govreports.build import run as build_run
from govreports.build.inputs import scan_reports
from govreports.build.parallel import ReportLimits, parse_files, parse_one
from govreports.build.run import OutputBusy, OutputError, build, publish
from govreports.cli import EXIT_BUSY, EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_PARTIAL, main
from govreports.records import Failure
from tests.conftest import BUNDLED_REPORT, ROOT

REAL_ID = "510402-2024"
BAD_SIDECARS = {  # file name → (sidecar text, words of its one line)
    "nested.txt": (json.dumps({"source_url": {"a": {"b": 1}}}), "source_url is a mapping"),
    "overrides-list.txt": (json.dumps({"overrides": ["year", 2024]}), "overrides is a list"),
    "year-negative.txt": (json.dumps({"overrides": {"year": -1}}), "year -1 is not between 2004"),
    "year-huge.txt": (json.dumps({"overrides": {"year": 99999}}), "year 99999"),
    "level.txt": (json.dumps({"overrides": {"level": "galaxy"}}), 'level "galaxy"'),
    "adcode.txt": (json.dumps({"overrides": {"adcode": "51040"}}), "not 6 or 9 digits"),
    "scheme.txt": (json.dumps({"source_url": "file:///etc/passwd"}), "not an http(s) URL"),
    "superseded.txt": (json.dumps({"superseded_by": "gone/nowhere.txt"}), "names no file"),
    "not-json.txt": ("{not json", "not JSON"),
    "array.txt": ("[1, 2]", "a JSON list, not an object"),
    "latin1.txt": (b'{"note": "\xe9"}', "not UTF-8"),
}


def real_report(folder: Path, name: str = "panzhihua-dongqu-2024.txt", meta: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(BUNDLED_REPORT.read_bytes())
    sidecar = json.loads(BUNDLED_REPORT.with_name(BUNDLED_REPORT.name + ".meta.json").read_text("utf-8"))
    (folder / f"{name}.meta.json").write_text(json.dumps({**sidecar, **(meta or {})}), "utf-8")
    return path


def hostile_folder(root: Path) -> tuple[Path, list[str]]:
    """The real report among every kind of bad input; returns the folder and the bad names."""
    reports = root / "reports"
    real_report(reports)
    bad: list[str] = []
    for name, (text, _words) in BAD_SIDECARS.items():
        (reports / name).write_bytes(BUNDLED_REPORT.read_bytes())
        sidecar = reports / f"{name}.meta.json"
        sidecar.write_bytes(text if isinstance(text, bytes) else text.encode())
        bad.append(name)
    (reports / os.fsdecode(b"bad-\xff\xfe.txt")).write_bytes(BUNDLED_REPORT.read_bytes())
    bad.append("bad-\\xff\\xfe.txt")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(BUNDLED_REPORT.read_bytes())
    (reports / "link.txt").symlink_to(outside / "secret.txt")
    (reports / "linked-folder").symlink_to(outside, target_is_directory=True)
    bad += ["link.txt", "linked-folder"]
    return reports, bad


def temporaries(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith((".build-", ".old-"))]


def published_ids(out: Path) -> set[str]:
    with (out / "data" / "reports.csv").open(encoding="utf-8") as stream:
        return {row["report_id"] for row in csv.DictReader(stream)}


# ---------------------------------------------------------------- inputs, one by one


@pytest.mark.parametrize("name", sorted(BAD_SIDECARS))
def test_bad_sidecar_is_named_and_its_report_kept_out(tmp_path: Path, name: str) -> None:
    reports, _bad = hostile_folder(tmp_path)
    scan = scan_reports(reports)
    assert [p.name for p in scan.files] == ["panzhihua-dongqu-2024.txt"]
    [failure] = [f for f in scan.rejected if f.path.endswith(f"/{name}")]
    assert failure.code == "bad_sidecar" and f"{name}.meta.json" in failure.reason
    assert BAD_SIDECARS[name][1] in failure.reason and "\n" not in failure.reason


def test_non_utf8_name_and_links_out_of_reports_are_rejected_by_name(tmp_path: Path) -> None:
    reports, _bad = hostile_folder(tmp_path)
    codes = {Path(f.path).name: f.code for f in scan_reports(reports).rejected}
    assert codes["bad-\\xff\\xfe.txt"] == "bad_file_name"
    assert codes["link.txt"] == codes["linked-folder"] == "link_outside_reports"
    for failure in scan_reports(reports).rejected:
        failure.path.encode("utf-8")  # printable, and writable into the package


def test_links_inside_reports_and_valid_superseded_by_are_fine(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    current = real_report(reports)
    real_report(reports, "old.txt", {"superseded_by": current.name})
    (reports / "sub").mkdir()
    real_report(reports / "sub", "older.txt", {"superseded_by": "panzhihua-dongqu-2024.txt"})
    scan = scan_reports(reports)
    assert scan.files == [current] and scan.rejected == []


def test_good_sidecar_values_pass(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    real_report(reports, meta={"overrides": {"adcode": "510402", "year": 2024, "level": "county"}})
    real_report(reports, "b.txt", {"overrides": {"adcode": "510402001", "year": "2024", "level": "department"},
                                   "source_url": "https://www.scdongqu.gov.cn/a", "synthetic": False})
    assert scan_reports(reports).rejected == []


def test_file_over_the_input_limit_is_not_read(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    real_report(reports)
    (reports / "huge.txt").write_bytes(b"x" * 20_000)
    scan = scan_reports(reports, ReportLimits(input_bytes=19_000))
    assert [(Path(f.path).name, f.code) for f in scan.rejected] == [("huge.txt", "input_too_large")]
    assert [p.name for p in scan.files] == ["panzhihua-dongqu-2024.txt"]


def test_fifo_named_like_a_report_does_not_hang(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    real_report(reports)
    os.mkfifo(reports / "pipe.txt")
    assert [(Path(f.path).name, f.code) for f in scan_reports(reports).rejected] == [
        ("pipe.txt", "unreadable_input")
    ]


# ---------------------------------------------------------------- per-report limits


def fake_parse(path: Path):
    """A parse that misbehaves on demand, by file name (runs in the worker)."""
    if "slow" in path.name:
        time.sleep(600)
    if "hungry" in path.name:
        hoard = [bytearray(64 * 2**20) for _ in range(1000)]  # 64 GB, 64 MB at a time
        return Failure(str(path), f"not stopped ({len(hoard)})")
    if "dies" in path.name:
        os.kill(os.getpid(), 9)
    return parse_one(path)


@pytest.mark.slow
def test_slow_hungry_and_dying_parses_fail_alone(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    good = real_report(reports)
    names = ["a-slow.txt", "b-hungry.txt", "c-dies.txt"]
    files = [real_report(reports, name) for name in names] + [good]
    limits = ReportLimits(seconds=5, memory_bytes=int(1.5 * 2**30))
    started = time.monotonic()
    results = parse_files(files, lambda *a: None, workers=2, limits=limits, parse=fake_parse)
    assert time.monotonic() - started < 60
    codes = [r.code if isinstance(r, Failure) else r.report.report_id for r in results]
    assert codes == ["over_time_limit", "over_memory_limit", "parser_error", REAL_ID]
    assert all("\n" not in r.reason for r in results if isinstance(r, Failure))


@pytest.mark.slow
def test_one_report_over_the_time_limit_and_the_rest_publish(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    real_report(reports)
    real_report(reports, "stuck-slow.txt", {"overrides": {"year": 2023}})
    result = build(reports, tmp_path / "out", limits=ReportLimits(seconds=10), parse=fake_parse)
    assert result.reports == 1 and published_ids(tmp_path / "out") == {REAL_ID}
    assert [(Path(f.path).name, f.code) for f in result.failures] == [("stuck-slow.txt", "over_time_limit")]


# ---------------------------------------------------------------- the whole build


def test_build_over_hostile_folder_publishes_the_real_report(tmp_path: Path, capsys) -> None:
    reports, bad = hostile_folder(tmp_path)
    out = tmp_path / "out"
    (out / ".build-stale1").mkdir(parents=True)  # left by a killed build
    (out / ".old-stale2" / "site").mkdir(parents=True)
    code = main(["build", "--reports", str(reports), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_PARTIAL
    assert published_ids(out) == {REAL_ID} and (out / "site" / "index.html").is_file()
    lines = err.splitlines()
    for name in bad:
        assert sum(f"/{name}: " in line for line in lines) == 1, (name, err)
    assert len(lines) == len(bad) + 1 and lines[-1].startswith("built 1 reports")
    assert "Traceback" not in err and temporaries(out) == []
    issues = (out / "data" / "issues.csv").read_text("utf-8")
    assert issues.count("bad_sidecar") == len(BAD_SIDECARS) and "link_outside_reports" in issues


def test_clean_build_exits_0(tmp_path: Path, capsys) -> None:
    real_report(tmp_path / "reports")
    assert main(["build", "--reports", str(tmp_path / "reports"), "--out", str(tmp_path / "out")]) == EXIT_OK
    assert capsys.readouterr().err.count("\n") == 1


def test_disk_full_is_one_line_naming_the_path(tmp_path: Path, monkeypatch, capsys) -> None:
    real_report(tmp_path / "reports")
    out = tmp_path / "out"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "data" / "figures.csv"))

    monkeypatch.setattr(build_run, "package_for_site", full)
    assert main(["build", "--reports", str(tmp_path / "reports"), "--out", str(out)]) == EXIT_OUTPUT_ERROR
    [line] = capsys.readouterr().err.splitlines()
    assert str(out / "data" / "figures.csv") in line and "No space left" in line
    assert temporaries(out) == []


def test_read_only_output_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    real_report(tmp_path / "reports")
    out = tmp_path / "out"

    def read_only(path: Path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(build_run, "remove_stale_temporaries", read_only)
    assert main(["build", "--reports", str(tmp_path / "reports"), "--out", str(out)]) == EXIT_OUTPUT_ERROR
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"govreports: {out}: Read-only file system (cannot write there); nothing was published"


# ---------------------------------------------------------------- lock and publish


def test_second_build_refuses_while_the_output_is_locked(tmp_path: Path, capsys) -> None:
    real_report(tmp_path / "reports")
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build
    try:
        with pytest.raises(OutputBusy):
            build(tmp_path / "reports", out, wait=0.3)
        args = ["build", "--reports", str(tmp_path / "reports"), "--out", str(out), "--wait", "0"]
        assert main(args) == EXIT_BUSY
    finally:
        os.close(fd)
    [line] = capsys.readouterr().err.splitlines()
    assert "another build is writing" in line and not (out / "site").exists()


def staged(root: Path, version: str) -> Path:
    root.mkdir(parents=True)
    (root / "datapackage.json").write_text(version)
    for folder in ("data", "build", "site"):
        (root / folder).mkdir()
        (root / folder / "file").write_text(version)
    return root


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_publish_swaps_all_or_rolls_back(tmp_path: Path, monkeypatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(build_run, "exchange", lambda a, b: False)
    out = staged(tmp_path / "out", "old")
    before = snapshot(out)
    real_swap = build_run._swap

    def failing(entry: Path, target: Path, aside: Path, done: list) -> None:
        if entry.name == "site":
            raise OSError(errno.EIO, "Input/output error", str(target))
        real_swap(entry, target, aside, done)

    monkeypatch.setattr(build_run, "_swap", failing)
    with pytest.raises(OSError):
        publish(staged(tmp_path / "stage1", "new"), out)
    assert snapshot(out) == before and temporaries(out) == []
    monkeypatch.setattr(build_run, "_swap", real_swap)
    publish(staged(tmp_path / "stage2", "new"), out)
    assert set(snapshot(out).values()) == {b"new"} and temporaries(out) == []


def test_failed_swap_in_a_build_keeps_the_old_package_and_site(tmp_path: Path, monkeypatch) -> None:
    reports = tmp_path / "reports"
    real_report(reports)
    out = tmp_path / "out"
    build(reports, out)
    before = snapshot(out)
    real_report(reports, "other.txt", {"overrides": {"year": 2023}})

    def failing(entry: Path, target: Path, aside: Path, done: list) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(build_run, "_swap", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        build(reports, out)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if "/cache/" not in k} == \
        {k: v for k, v in before.items() if "/cache/" not in k}  # fmt: skip
    assert (out / "build" / "cache").is_dir() and temporaries(out) == []


@pytest.mark.slow
def test_two_concurrent_builds_never_mix(tmp_path: Path) -> None:
    """Two processes build different report sets into one folder: the result is one of them."""
    first, second = tmp_path / "first", tmp_path / "second"
    real_report(first)
    real_report(second)
    real_report(second, "earlier.txt", {"overrides": {"year": 2023}})
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    builds = [
        subprocess.Popen([sys.executable, "-m", "govreports", "build", "--reports", str(folder),
                          "--out", str(out), "--wait", "120"], env=env, stderr=subprocess.PIPE, text=True)
        for folder in (first, second)
    ]  # fmt: skip
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in builds]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    ids = published_ids(out)
    assert ids in ({REAL_ID}, {REAL_ID, "510402-2023"})
    years = {f"510402-{p.name}" for p in (out / "site" / "region" / "510402").iterdir() if p.is_dir()}
    docs = {f"510402-{p.name}" for p in (out / "build" / "docs" / "region" / "510402").iterdir() if p.is_dir()}
    assert years == docs == ids and temporaries(out) == []
