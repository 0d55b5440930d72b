"""The package stage at scale: per-year downloads, size limits, keyword lookups."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from govreports.package.catalog import dataset_jsonld, validate_package
from govreports.package.datapackage import PackageFiles
from govreports.package.parts import DownloadTooLarge, Limits
from govreports.package.reuse import Reuse
from tests.test_package import (
    RESOURCES,
    build,
    make_parsed,
    make_report,
    read_csv,
    sample_reports,
)  # fmt: skip

SMALL = Limits(max_file_bytes=60_000, split_bytes=1_000_000)  # the raw database is bigger


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> PackageFiles:
    return build(tmp_path_factory.mktemp("split"), limits=SMALL)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> PackageFiles:
    return build(tmp_path_factory.mktemp("whole"))


def test_small_package_is_not_split(files: PackageFiles) -> None:
    assert files.parts == [] and files.sqlite.name == "govreports-data.sqlite"
    names = {f.path.relative_to(files.zip.parent).as_posix() for f in files.downloads}
    assert {"datapackage.json", "data/figures.csv", "govreports-data.xlsx"} <= names


def test_split_by_year_and_each_part_validates(tmp_path: Path, split: PackageFiles) -> None:
    assert split.parts == ["2023", "2024"]
    zips = [f.path for f in split.downloads if f.kind == "zip"]
    assert [p.relative_to(split.zip.parent).as_posix() for p in zips] == [
        "govreports-data.zip", "2023/govreports-2023.zip", "2024/govreports-2024.zip",
    ]  # fmt: skip
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(tmp_path / path.stem)
        report = validate_package(tmp_path / path.stem / "datapackage.json")
        assert report.valid, (path, report.flatten(["rowNumber", "fieldName", "type", "note"]))
    part = json.loads((tmp_path / "govreports-2024" / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in part["resources"]] == RESOURCES
    ids = {row["report_id"] for row in read_csv(tmp_path / "govreports-2024" / "data/reports.csv")}
    assert ids == {"110101-2024", "110101-sfj-2024", "510402-2024"}
    summary = json.loads((tmp_path / "govreports-data" / "datapackage.json").read_text("utf-8"))
    assert "figures" not in {r["name"] for r in summary["resources"]}


def test_every_split_download_opens(tmp_path: Path, split: PackageFiles) -> None:
    for file in split.downloads:
        if file.kind == "xlsx":
            assert "reports" in openpyxl.load_workbook(file.path, read_only=True).sheetnames
            assert len(pd.read_excel(file.path, sheet_name="reports")) >= 1
        if file.kind == "sqlite":
            with zipfile.ZipFile(file.path) as archive:
                (name,) = archive.namelist()
                archive.extractall(tmp_path)
            with sqlite3.connect(tmp_path / name) as db:
                assert db.execute("PRAGMA foreign_key_check").fetchall() == []
                assert db.execute("SELECT count(*) FROM reports").fetchone()[0] >= 1
                columns = {row[1] for row in db.execute("PRAGMA table_info(sections)")}
                assert not file.part or ("heading" in columns and "text" not in columns)


def test_no_file_over_the_limit_and_a_year_is_cut_in_parts(tmp_path: Path) -> None:
    reports = sample_reports() + [
        make_parsed(make_report(f"110101-2024-d{i}", "110101", 2024, level="department",
                                department=f"部门{i}")) for i in range(6)
    ]  # fmt: skip
    limits = Limits(max_file_bytes=60_000, split_bytes=4_000)
    built = build(tmp_path, reports, limits=limits)
    assert built.parts[0] == "2023" and len(built.parts) >= 3
    assert all(part.startswith("2024-") for part in built.parts[1:])
    assert not (built.zip.parent / "govreports-data.sqlite").exists()  # only the zipped one
    for file in built.downloads:
        assert file.path.stat().st_size <= limits.max_file_bytes, file.path
    with pytest.raises(DownloadTooLarge):
        build(tmp_path / "tiny", limits=Limits(max_file_bytes=3_000, split_bytes=1_000))


def test_split_is_deterministic_and_links_resolve(tmp_path: Path, split: PackageFiles) -> None:
    again = build(tmp_path, list(reversed(sample_reports())), limits=SMALL)
    assert [f.path.name for f in again.downloads] == [f.path.name for f in split.downloads]
    for one, other in zip(split.downloads, again.downloads):
        assert one.path.read_bytes() == other.path.read_bytes(), one.path.name
    package = json.loads(split.datapackage.read_text(encoding="utf-8"))
    site = dataset_jsonld(package, "https://example.org/g/", split)
    base = split.zip.parent
    for item in site["distribution"]:
        path = item["contentUrl"].removeprefix("https://example.org/g/downloads/")
        assert (base / path).is_file(), path


def test_keywords_are_the_reports_own(tmp_path: Path) -> None:
    reports = [replace(p, keywords=(("复议", 0.5), ("执法", 0.25)) if p.report.report_id == "110101-2024" else ())
               for p in sample_reports()]  # fmt: skip
    built = build(tmp_path, reports)
    rows = read_csv(built.resources["keywords"])
    assert [(r["report_id"], r["rank"], r["keyword"]) for r in rows] == [
        ("110101-2024", "1", "复议"), ("110101-2024", "2", "执法"),
    ]  # fmt: skip


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_unchanged_years_are_reused_byte_identical_to_a_cold_build(tmp_path: Path) -> None:
    first = tmp_path / "first"
    build(first, limits=SMALL, reuse=Reuse(None, None, first / "parts.json"))
    added = make_parsed(make_report("110101-2024-d1", "110101", 2024, level="department",
                                    department="部门1"))  # fmt: skip
    reports = sample_reports() + [added]
    reuse = Reuse(first / "dl", first / "parts.json", tmp_path / "again" / "parts.json")
    again = build(tmp_path / "again", reports, limits=SMALL, reuse=reuse)
    assert reuse.reused == ["2023"]  # 2024 changed: written again
    old, new = first / "dl" / "2023" / "govreports-2023.zip", again.zip.parent / "2023"
    assert (new / "govreports-2023.zip").stat().st_ino == old.stat().st_ino  # linked, not written
    cold = build(tmp_path / "cold", reports, limits=SMALL)
    assert _tree(tmp_path / "again" / "dl") == _tree(tmp_path / "cold" / "dl")
    assert _tree(tmp_path / "again" / "out") == _tree(tmp_path / "cold" / "out")
    assert [f.path.name for f in again.downloads] == [f.path.name for f in cold.downloads]
    stale = Reuse(first / "dl", first / "parts.json", None)
    (first / "dl" / "2023" / "govreports-2023.xlsx").unlink()  # a file gone: write the part
    build(tmp_path / "third", reports, limits=SMALL, reuse=stale)
    assert stale.reused == []
