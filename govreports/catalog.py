"""Describe and check the published package: validation, data dictionary, schema.org JSON-LD.

These work on the ``datapackage.json`` dict, so the data page, the CLI and CI
all describe exactly what was written.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

import frictionless

if TYPE_CHECKING:
    from govreports.package import PackageFiles

MEDIA_TYPES = {
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sqlite": "application/vnd.sqlite3",
}


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
    """A DataDownload per file: the package at ``<site>/`` as laid out in OUT, the rest
    at ``<site>/downloads/``."""
    package = [("datapackage.json", "application/json")] + [
        (resource["path"], "text/csv") for resource in package_json["resources"]
    ]
    downloads = [
        (f"downloads/{path.name}", MEDIA_TYPES[kind]) for kind, path in _download_paths(files)
    ]
    return [
        {
            "@type": "DataDownload",
            "name": url.rsplit("/", 1)[-1],
            "encodingFormat": media_type,
            "contentUrl": base + url,
        }
        for url, media_type in package + downloads
    ]


def _download_paths(files: PackageFiles) -> list[tuple[str, Path]]:
    return [("zip", files.zip), ("xlsx", files.xlsx), ("sqlite", files.sqlite)]
