"""Describe and check the published package: validation, data dictionary, schema.org JSON-LD.

These work on the ``datapackage.json`` dict, so the data page, the CLI and CI
all describe exactly what was written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import frictionless

if TYPE_CHECKING:
    from govreports.package.datapackage import PackageFiles
    from govreports.package.parts import DownloadFile

SITE_DIR = "downloads"  # where the build puts the downloads in the site
MEDIA_TYPES = {
    "zip": "application/zip",
    "sqlite.zip": "application/zip",
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sqlite": "application/vnd.sqlite3",
}


@dataclass(frozen=True)
class Download:
    label: str  # shown to the reader, e.g. "完整数据包 (zip)"
    url: str  # site URL of the file, e.g. "downloads/govreports.zip"
    size: int


def validate_package(datapackage: Path) -> frictionless.Report:
    """Full Frictionless validation: types, constraints, hashes, primary and foreign keys."""
    return frictionless.validate(str(datapackage))


def data_dictionary(package_json: dict) -> list[dict]:
    """One row per resource field: resource, field, type, title, description, constraints."""
    return [
        {
            "resource": resource["name"],
            "field": field["name"],
            "type": field["type"],
            "title": field.get("title", ""),
            "description": field.get("description", ""),
            "constraints": _constraints_text(field, resource["schema"]),
        }
        for resource in package_json["resources"]
        for field in resource["schema"]["fields"]
    ]


def _constraints_text(field: dict, schema: dict) -> str:
    """A short readable summary, e.g. ``required; pattern ^\\d{6}$; primary key``."""
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required":
            parts.append("required")
        elif key == "enum":
            parts.append("one of " + " / ".join(value))
        else:
            parts.append(f"{key} {value}")
    if field["name"] in schema.get("primaryKey", []):
        parts.append("primary key")
    for fk in schema.get("foreignKeys", []):
        if field["name"] in fk["fields"]:
            ref = fk["reference"]
            parts.append(f"→ {ref['resource']}.{', '.join(ref['fields'])}")
    return "; ".join(parts)


def dataset_jsonld(package_json: dict, site_url: str, files: PackageFiles) -> dict[str, Any]:
    """A schema.org ``Dataset`` for the data page, so search engines index the downloads."""
    base = site_url.rstrip("/") + "/"
    reports = _read_resource(files, "reports")
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": package_json["title"],
        "description": package_json["description"],
        "url": base,
        "version": package_json.get("version"),
        "keywords": package_json.get("keywords", []),
        "license": package_json["licenses"][0]["path"],
        "isAccessibleForFree": True,
        "creator": [
            {"@type": "Organization", "name": person["title"]}
            for person in package_json.get("contributors", [])
        ],
        "temporalCoverage": _temporal_coverage(reports),
        "spatialCoverage": _spatial_coverage(reports),
        "variableMeasured": _variables(_read_resource(files, "indicators")),
        "distribution": _distribution(package_json, base, files),
    }


def _read_resource(files: PackageFiles, name: str) -> list[dict[str, str]]:
    with files.resources[name].open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _temporal_coverage(reports: list[dict[str, str]]) -> str | None:
    years = sorted({int(row["year"]) for row in reports if row["year"]})
    if not years:
        return None
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}/{years[-1]}"


def _spatial_coverage(reports: list[dict[str, str]]) -> dict[str, Any]:
    provinces = sorted({row["province"] for row in reports if row["province"]})
    place: dict[str, Any] = {"@type": "Place", "name": "中华人民共和国 China"}
    if provinces:
        place["containsPlace"] = [{"@type": "Place", "name": name} for name in provinces]
    return place


def _variables(indicators: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "@type": "PropertyValue",
            "name": row["label_zh"],
            "alternateName": row["label_en"],
            "propertyID": row["code"],
            "unitText": row["unit"],
            "description": row["definition"],
        }
        for row in indicators
    ]


def _distribution(package_json: dict, base: str, files: PackageFiles) -> list[dict[str, Any]]:
    """A DataDownload per file the site carries (``<site>/downloads/...``)."""
    return [
        {
            "@type": "DataDownload",
            "name": file.path.name,
            "description": download_label(file),
            "encodingFormat": MEDIA_TYPES[_format(file.path)],
            "contentUrl": base + download_url(files, file.path),
            "contentSize": f"{file.path.stat().st_size} B",
        }
        for file in files.downloads
    ]


def download_url(files: PackageFiles, path: Path) -> str:
    """Site URL of a download, relative to the site root: ``downloads/2024/x.zip``."""
    return f"{SITE_DIR}/{path.relative_to(files.zip.parent).as_posix()}"


def download_label(file: DownloadFile) -> str:
    scope = f"{file.part} 年度" if file.part else "全部年度"
    kind = {
        "zip": "数据包 CSV (zip)", "xlsx": "Excel 工作簿 (xlsx)", "json": "数据包描述 (datapackage.json)",
        "sqlite": "SQLite 数据库 (zip 压缩)" if file.path.suffix == ".zip" else "SQLite 数据库",
    }.get(file.kind, f"{file.resource} (CSV)")  # fmt: skip
    return f"{scope} · {kind}"


def _format(path: Path) -> str:
    return "sqlite.zip" if path.name.endswith(".sqlite.zip") else path.suffix[1:]


def site_downloads(files: PackageFiles, docs_dir: Path) -> list[Download]:
    """The data page's download list: every site file, all years first, then per year."""
    return [
        Download(download_label(file), file.path.relative_to(docs_dir).as_posix(),
                 file.path.stat().st_size)
        for file in files.downloads
    ]  # fmt: skip
