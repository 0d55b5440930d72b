"""Bodies: the bodies resource, region pages that keep a government's series apart from its
departments' and townships', township pages, renamed divisions."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from govreports.bodies import bodies_for
from govreports.package.catalog import validate_package
from govreports.package.datapackage import PackageFiles, write_package
from govreports.pages import urls
from govreports.pages.corpus import Corpus
from govreports.pages.write import write_pages
from govreports.parse import divisions
from govreports.records import ParsedReport, Region
from govreports.site.search import facets
from tests.test_package import make_parsed, make_report, read_csv

PIDU, PIXIAN = "510117", "510124"  # 郫县 became 郫都区 in 2016
TOWNSHIP = "510402001"


def _region(code: str, name: str | None = None) -> Region:
    found = divisions.region(code, name)
    assert found is not None, code
    return found


def _reports() -> list[ParsedReport]:
    east = {"province": "四川省", "city": "攀枝花市", "district": "东区"}
    pidu = {"province": "四川省", "city": "成都市"}
    return [
        make_parsed(make_report("510402-2024", "510402", 2024, issuer="攀枝花市东区人民政府", **east)),
        make_parsed(make_report("510402-2023", "510402", 2023, issuer="攀枝花市东区人民政府", **east)),
        make_parsed(make_report("510402-sfj-2024", "510402", 2024, body_kind="department",
                                department="司法局", issuer="攀枝花市东区司法局", **east)),
        make_parsed(make_report(f"{TOWNSHIP}-2024", TOWNSHIP, 2024, level="township",
                                township=_region(TOWNSHIP).name,
                                issuer=f"攀枝花市东区{_region(TOWNSHIP).name}办事处", **east)),
        make_parsed(make_report(f"{PIDU}-2015", PIXIAN, 2015, issuer="郫县人民政府",
                                district="郫县", **pidu)),
        make_parsed(make_report(f"{PIDU}-2023", PIDU, 2023, issuer="成都市郫都区人民政府",
                                district="郫都区", **pidu)),
    ]  # fmt: skip


def _regions() -> dict[str, Region]:
    """What regions_for gives: the reports' divisions, their parents and today's codes."""
    found: dict[str, Region] = {}
    for code, name in [("510402", None), (TOWNSHIP, None), (PIDU, None), (PIXIAN, "郫县")]:
        found[code] = _region(code, name)
        for parent in divisions.parents(code):
            found[parent.code] = _region(parent.code)
    return found


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> PackageFiles:
    root = tmp_path_factory.mktemp("bodies")
    regions = _regions()
    return write_package(_reports(), [regions[c] for c in sorted(regions)], root / "out", root / "dl")


def test_the_division_table_knows_the_cases_used_here() -> None:
    assert _region(PIXIAN, "郫县").current == PIDU
    assert _region(TOWNSHIP).level == "township" and _region(TOWNSHIP).parent == "510402"


def test_bodies_resource_validates_with_its_foreign_keys(files: PackageFiles) -> None:
    report = validate_package(files.datapackage)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(files.datapackage.read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert {"fields": ["body_id"], "reference": {"resource": "bodies", "fields": ["body_id"]}} \
        in schemas["reports"]["foreignKeys"]
    assert schemas["bodies"]["foreignKeys"][0]["reference"]["resource"] == "regions"
    assert schemas["regions"]["foreignKeys"][0]["fields"] == ["parent"]
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["title"] and " — " in field["description"], (resource["name"], field["name"])


def test_one_body_row_per_body_named_from_its_latest_report(files: PackageFiles) -> None:
    bodies = {row["body_id"]: row for row in read_csv(files.resources["bodies"])}
    assert sorted(bodies) == [PIDU, "510402", "510402-sfj", TOWNSHIP]
    assert bodies[PIDU]["name"] == "成都市郫都区人民政府" and bodies[PIDU]["adcode"] == PIDU
    assert bodies["510402-sfj"]["body_kind"] == "department"
    assert bodies["510402-sfj"]["adcode"] == "510402" and bodies["510402-sfj"]["level"] == "county"
    assert bodies[TOWNSHIP]["level"] == "township"


def test_regions_carry_history_and_parents(files: PackageFiles) -> None:
    regions = {row["adcode"]: row for row in read_csv(files.resources["regions"])}
    assert {"510000", "510400", "510100", "510402", TOWNSHIP, PIDU, PIXIAN} <= set(regions)
    assert regions[PIXIAN]["name"] == "郫县" and regions[PIXIAN]["current"] == PIDU
    assert regions[PIXIAN]["valid_to"] == "2016"
    assert regions[TOWNSHIP]["parent"] == "510402" and regions["510402"]["parent"] == "510400"
    assert regions["510000"]["parent"] == ""


def test_sqlite_and_wide_table_follow_the_schema(files: PackageFiles) -> None:
    with sqlite3.connect(files.sqlite) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = {row[2] for row in db.execute("PRAGMA foreign_key_list(reports)")}
        assert keys == {"regions", "bodies"}
        assert db.execute("SELECT count(*) FROM bodies").fetchone() == (4,)
    wide = {row["report_id"]: row for row in read_csv(files.resources["indicator_values_wide"])}
    assert wide[f"{TOWNSHIP}-2024"]["adcode"] == TOWNSHIP
    assert wide["510402-sfj-2024"]["body_kind"] == "department"


def test_body_adcode_falls_back_to_the_report_when_today_is_unknown() -> None:
    reports = [p.report for p in _reports()]
    (pidu,) = [b for b in bodies_for(reports, {PIXIAN}) if b.body_id == PIDU]
    assert pidu.adcode == PIDU  # the latest report's division


# Pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("pages")
    write_pages(Corpus(reports=tuple(_reports()), regions=_regions()), root)
    return {p.relative_to(root).as_posix(): p.read_text("utf-8") for p in root.rglob("*.md")}


def _section(page: str, start: str, end: str | None = None) -> str:
    text = page.split(start, 1)[1]
    return text.split(end, 1)[0] if end else text


def test_a_department_is_listed_under_its_government_not_in_its_series(pages) -> None:
    page = pages["region/510402/index.md"]
    series = _section(page, 'id="reports"', 'id="indicators"')
    assert "2024/" in series and "2023/" in series
    assert "sfj-2024" not in series and TOWNSHIP not in series
    departments = _section(page, '<h3 id="department">部门</h3>', "</ul>")
    assert "攀枝花市东区司法局" in departments and 'href="../510402/sfj-2024/"' not in departments
    assert 'href="sfj-2024/"' in departments
    assert "乡镇街道" in page and f'href="../{TOWNSHIP}/"' in page
    assert "级别：县级" in page
    assert "region/510402/sfj-2024/index.md" in pages


def test_a_township_gets_its_own_page_under_its_county(pages) -> None:
    page = pages[f"region/{TOWNSHIP}/index.md"]
    assert "级别：乡级" in page and 'href="../510402/"' in page
    assert "2024/" in _section(page, 'id="reports"', 'id="indicators"')
    assert f"region/{TOWNSHIP}/2024/index.md" in pages


def test_a_renamed_division_is_one_series_and_shows_its_current_name(pages) -> None:
    page = pages[f"region/{PIDU}/index.md"]
    series = _section(page, 'id="reports"', 'id="indicators"')
    assert "2015/" in series and "2023/" in series
    assert "曾用名：郫县" in page
    old = pages[f"region/{PIXIAN}/index.md"]
    assert "现为" in old and f'href="../{PIDU}/"' in old
    report = pages[f"region/{PIDU}/2015/index.md"]
    assert "今郫都区" in report and PIXIAN in report


def test_labels_are_chinese(pages) -> None:
    report = pages["region/510402/sfj-2024/index.md"]
    assert "县级部门" in report and "攀枝花市东区司法局" in report
    assert "县级政府" in pages["year/2024/index.md"]
    township = replace(make_report(f"{TOWNSHIP}-2024", TOWNSHIP, 2024), level="township")
    assert facets(township)[2:] == ("乡级", "政府")
    assert urls.report_url(township) == f"region/{TOWNSHIP}/2024/"
