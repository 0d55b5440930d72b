"""Package stage: parsed reports → a Frictionless tabular data package.

Load the resource schemas (``data/schema.yaml``) and the indicator taxonomy,
check the keys of the input, stream one CSV per resource (rows sorted, so the
same input gives byte-identical files), write ``datapackage.json`` with each
resource's ``bytes`` and ``hash``, then derive the downloads from the package.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreports import __version__
from govreports.bodies import bodies_for
from govreports.datafiles import load_csv, load_yaml
from govreports.fsutil import atomic_output, atomic_write_text, sha256_file
from govreports.issues import Issue, make_issue
from govreports.package.cells import csv_cell
from govreports.package.parts import KINDS, DownloadFile, Limits, write_downloads
from govreports.package.reuse import Reuse
from govreports.parse import divisions
from govreports.records import Failure, ParsedReport, Region

Row = Sequence[Any]


class PackageError(ValueError):
    """The input would make an invalid package (duplicate or dangling keys)."""


@dataclass(frozen=True)
class PackageFiles:
    datapackage: Path  # OUT/datapackage.json
    resources: dict[str, Path]  # resource name -> OUT/data/<name>.csv
    zip: Path  # DOWNLOADS/govreports-data.zip (all years: the summary package when split)
    xlsx: Path  # DOWNLOADS/govreports-data.xlsx
    sqlite: Path  # DOWNLOADS/govreports-data.sqlite (.sqlite.zip when split)
    downloads: tuple[DownloadFile, ...] = ()  # every file for the site, all years first

    @property
    def parts(self) -> list[str]:
        """The per-year parts ("2024", "2024-2", ...); empty when not split."""
        return list(dict.fromkeys(file.part for file in self.downloads if file.part))


def write_package(
    reports: Sequence[ParsedReport],
    regions: Sequence[Region],
    out_dir: Path,
    downloads_dir: Path,
    *,
    failures: Sequence[Failure] = (),
    site_url: str | None = None,
    limits: Limits | None = None,
    reuse: Reuse | None = None,
) -> PackageFiles:
    """Write the package and its downloads; raise PackageError on broken keys.

    ``failures`` (inputs that were not published) become rows of the ``issues`` resource.
    ``limits`` bound the site's files (see ``package_parts``); ``reuse`` takes the
    previous build's files of unchanged year parts (see ``package_reuse``).
    """
    ordered = sorted(reports, key=lambda parsed: parsed.report.report_id)
    indicators = load_csv("indicators.csv")
    check_keys(ordered, regions, {row["code"] for row in indicators})
    tables = resource_rows(ordered, regions, indicators, failures)
    spec = load_yaml("schema.yaml")
    descriptors = [
        write_resource(out_dir, name, resource_spec(spec, name, indicators), rows)
        for name, rows in tables.items()
    ]
    package = package_descriptor(spec["package"], descriptors, site_url)
    atomic_write_text(
        out_dir / "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    )
    downloads = write_downloads(out_dir, package, downloads_dir, limits or Limits(), reuse)
    return PackageFiles(
        datapackage=out_dir / "datapackage.json",
        resources={name: out_dir / "data" / f"{name}.csv" for name in tables},
        **{file.kind: file.path for file in downloads if not file.part and file.kind in KINDS},
        downloads=tuple(downloads),
    )


# Check ---------------------------------------------------------------------


def check_keys(reports: Sequence[ParsedReport], regions: Sequence[Region], codes: set[str]) -> None:
    """Collect every duplicate or dangling key, one report at a time (constant memory)."""
    problems: list[str] = []
    adcodes = {region.adcode for region in regions}
    seen: set[str] = set()
    for parsed in reports:
        report = parsed.report
        if report.report_id in seen:
            problems.append(f"{report.report_id}: duplicate report_id")
        seen.add(report.report_id)
        if report.adcode is not None and report.adcode not in adcodes:
            problems.append(f"{report.report_id}: adcode {report.adcode} not in regions")
        problems.extend(f"{report.report_id}: {p}" for p in _report_key_problems(parsed, codes))
    if problems:
        shown = "\n  ".join(problems[:20])
        raise PackageError(f"{len(problems)} key problem(s):\n  {shown}")


def _report_key_problems(parsed: ParsedReport, codes: set[str]) -> Iterator[str]:
    yield from _duplicates("section_id", [s.section_id for s in parsed.sections])
    figure_ids = [f.figure_id for f in parsed.figures]
    yield from _duplicates("figure_id", figure_ids)
    yield from _duplicates("indicator value", [v.indicator for v in parsed.indicator_values])
    used = [f.indicator for f in parsed.figures if f.indicator] + [
        v.indicator for v in parsed.indicator_values
    ]
    yield from (f"unknown indicator {code}" for code in sorted(set(used) - codes))
    missing = {v.figure_id for v in parsed.indicator_values} - set(figure_ids)
    yield from (f"indicator value cites missing figure {fid}" for fid in sorted(missing))


def _duplicates(what: str, values: list[Any]) -> Iterator[str]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            yield f"duplicate {what} {value}"
        seen.add(value)


# Process -------------------------------------------------------------------


def resource_rows(
    reports: Sequence[ParsedReport],
    regions: Sequence[Region],
    indicators: Sequence[dict[str, str]],
    failures: Sequence[Failure] = (),
) -> dict[str, Iterable[Row]]:
    """Lazy rows per resource, in package order; values in schema field order."""
    codes = [row["code"] for row in indicators]
    bodies = bodies_for((p.report for p in reports), {region.adcode for region in regions})
    region_rows = _region_rows(reports, regions, [body.adcode for body in bodies])
    return {
        "regions": region_rows,
        "bodies": [_attrs(body, BODY_FIELDS) for body in bodies],
        "reports": (_attrs(p.report, REPORT_FIELDS) for p in reports),
        "sections": (_attrs(s, SECTION_FIELDS) for p in reports for s in p.sections),
        "figures": (
            _attrs(f, FIGURE_FIELDS) for p in reports for f in sorted(p.figures, key=_figure_id)
        ),
        "indicators": ([row[name] for name in INDICATOR_FIELDS] for row in indicators),
        "indicator_values": (
            _attrs(v, VALUE_FIELDS)
            for p in reports
            for v in sorted(p.indicator_values, key=lambda v: v.indicator)
        ),
        "indicator_values_wide": (_wide_row(p, codes) for p in reports),
        "keywords": _keyword_rows(reports),
        "issues": _issue_rows(reports, failures, [row[0] for row in region_rows]),
    }


def _region_rows(
    reports: Sequence[ParsedReport], regions: Sequence[Region], places: Iterable[str | None] = ()
) -> list[Row]:
    """Regions with at least one report or body, and the regions above them; one row per
    adcode. ``parent`` is left empty when its row is not among ``regions``."""
    known = {region.adcode: region for region in regions}
    wanted = [p.report.adcode for p in reports] + list(places)
    kept: dict[str, Region] = {}
    while wanted:
        code = wanted.pop()
        if code and code not in kept and code in known:
            kept[code] = known[code]
            wanted.append(known[code].parent)
    rows: list[Row] = []
    for code in sorted(kept):
        row = list(_attrs(kept[code], REGION_FIELDS))
        if kept[code].parent not in kept:
            row[REGION_FIELDS.index("parent")] = None
        rows.append(row)
    return rows


def _wide_row(parsed: ParsedReport, codes: list[str]) -> Row:
    report = parsed.report
    values = {v.indicator: v.value for v in parsed.indicator_values}
    head = [report.report_id, report.body_id, report.body_kind, report.adcode, report.year,
            report.level, report.issuer]
    return head + [values.get(code) for code in codes]


def _keyword_rows(reports: Sequence[ParsedReport]) -> Iterator[Row]:
    for parsed in reports:
        for rank, (word, weight) in enumerate(parsed.keywords, start=1):
            yield [parsed.report.report_id, rank, word, round(weight, 6)]


def _issue_rows(
    reports: Sequence[ParsedReport], failures: Sequence[Failure], adcodes: Sequence[str] = ()
) -> Iterator[Row]:
    """Findings about the published reports, the inputs left out and the division table's
    sources on the regions published, numbered from 1."""
    found = [issue for parsed in reports for issue in parsed.issues]
    found += [failure.issue() for failure in sorted(failures, key=lambda f: f.path)]
    found += [_disagreement_issue(d) for code in sorted(set(adcodes)) for d in divisions.disagreements(code)]
    for number, issue in enumerate(found, start=1):
        yield [number, *_attrs(issue, ISSUE_FIELDS[1:])]


def _disagreement_issue(found: divisions.Disagreement) -> Issue:
    return make_issue("division_sources_disagree", None, evidence=f"{found.values}（{found.resolution}）",
                      name=found.name, adcode=found.code, what=found.field_zh)


def _attrs(record: Any, names: Sequence[str]) -> Row:
    return [getattr(record, name) for name in names]


def _figure_id(figure: Any) -> int:
    return figure.figure_id


def _field_names(resource: str) -> tuple[str, ...]:
    return tuple(
        field["name"] for field in load_yaml("schema.yaml")["resources"][resource]["fields"]
    )


REGION_FIELDS = _field_names("regions")
BODY_FIELDS = _field_names("bodies")
REPORT_FIELDS = _field_names("reports")
SECTION_FIELDS = _field_names("sections")
FIGURE_FIELDS = _field_names("figures")
INDICATOR_FIELDS = _field_names("indicators")
VALUE_FIELDS = _field_names("indicator_values")
ISSUE_FIELDS = _field_names("issues")


# Save ----------------------------------------------------------------------


def write_resource(out_dir: Path, name: str, spec: dict[str, Any], rows: Iterable[Row]) -> dict:
    """Stream ``rows`` to ``data/<name>.csv``; return the resource descriptor."""
    path = out_dir / "data" / f"{name}.csv"
    with atomic_output(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([field["name"] for field in spec["schema"]["fields"]])
        writer.writerows([csv_cell(value) for value in row] for row in rows)
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        **{key: spec[key] for key in ("title", "description")},
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
        "schema": spec["schema"],
    }




def resource_spec(spec: dict, name: str, indicators: Sequence[dict[str, str]]) -> dict[str, Any]:
    """Title, description and Table Schema of one resource, from schema.yaml."""
    source = spec["resources"][name]
    fields = [_field(field) for field in source["fields"]]
    if name == "indicator_values_wide":
        fields += [_indicator_column(row) for row in indicators]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    for key in ("primaryKey", "foreignKeys"):
        if source.get(key):
            schema[key] = source[key]
    return {"title": source["title"], "description": _describe(source), "schema": schema}


def _field(source: dict[str, Any]) -> dict[str, Any]:
    field = {key: source[key] for key in ("name", "type", "title")}
    field["description"] = _describe(source)
    if source.get("constraints"):
        field["constraints"] = source["constraints"]
    return field


def _indicator_column(row: dict[str, str]) -> dict[str, Any]:
    return {
        "name": row["code"],
        "type": "number",
        "title": row["label_zh"],
        "description": f"{row['label_zh']}（{row['unit']}） — {row['label_en']}. {row['definition']}",
    }


def _describe(source: dict[str, Any]) -> str:
    return f"{source['zh']} — {source['en']}"


def package_descriptor(spec: dict, resources: list[dict], site_url: str | None) -> dict:
    keys = ("name", "title", "licenses", "sources", "keywords", "contributors")
    return {
        "profile": "tabular-data-package",
        **{key: spec[key] for key in keys},
        "description": _describe(spec),
        "homepage": site_url or spec["homepage"],
        "version": __version__,
        "resources": resources,
    }
