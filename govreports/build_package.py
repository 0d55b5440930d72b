"""Package step of ``build``: write the data package and describe its downloads for the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from govreports.catalog import data_dictionary, dataset_jsonld
from govreports.datafiles import load_csv
from govreports.package import PackageFiles, write_package
from govreports.pages_corpus import Download
from govreports.records import ParsedReport, Region

DOWNLOADS = "downloads"


def package_for_site(
    reports: list[ParsedReport], regions: dict[str, Region], out_dir: Path,
    docs_dir: Path, site_url: str | None,
) -> dict[str, Any]:  # fmt: skip
    """Write the package into ``out_dir``, its downloads into the docs; return Corpus fields."""
    adcodes = sorted({p.report.adcode for p in reports if p.report.adcode})
    files = write_package(
        reports, [regions[code] for code in adcodes], out_dir, docs_dir / DOWNLOADS,
        site_url=site_url,
    )  # fmt: skip
    package = json.loads(files.datapackage.read_text(encoding="utf-8"))
    return {
        "downloads": tuple(site_downloads(files, docs_dir)),
        "dictionary": tuple(data_dictionary(package)),
        "jsonld": dataset_jsonld(package, site_url, files) if site_url else None,
        "indicators": load_csv("indicators.csv"),
    }


def site_downloads(files: PackageFiles, docs_dir: Path) -> list[Download]:
    """Copy the package's CSVs into the site too (same layout, so the copy stays valid)."""
    target = docs_dir / DOWNLOADS
    shutil.copyfile(files.datapackage, target / "datapackage.json")
    (target / "data").mkdir(parents=True, exist_ok=True)
    for path in files.resources.values():
        shutil.copyfile(path, target / "data" / path.name)
    found = [
        ("完整数据包 (zip)", files.zip), ("Excel 工作簿 (xlsx)", files.xlsx),
        ("SQLite 数据库", files.sqlite), ("数据包描述 (datapackage.json)", target / "datapackage.json"),
    ] + [(f"{name} (CSV)", target / "data" / p.name) for name, p in files.resources.items()]  # fmt: skip
    return [
        Download(label, path.relative_to(docs_dir).as_posix(), path.stat().st_size)
        for label, path in found
    ]
