"""Package step of ``build``: write the data package and describe its downloads for the site."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from govreports.datafiles import load_csv
from govreports.issues import Issue
from govreports.package.catalog import data_dictionary, dataset_jsonld, site_downloads
from govreports.package.datapackage import write_package
from govreports.package.parts import Limits
from govreports.package.reuse import Reuse
from govreports.records import Failure, ParsedReport, Region

DOWNLOADS = "downloads"
PARTS_STATE = Path("build") / "package-parts.json"  # fingerprints of the per-year downloads


def package_for_site(
    reports: list[ParsedReport], regions: dict[str, Region], out_dir: Path,
    docs_dir: Path, site_url: str | None,
    failures: Sequence[Failure] = (),
    previous: Path | None = None, limits: Limits | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Write the package into ``out_dir``, its downloads into the docs; return Corpus fields.

    ``failures`` are published as issues. ``previous``: the previous
    build's output dir, whose unchanged per-year downloads are reused.
    """
    files = write_package(
        reports, [regions[code] for code in sorted(regions)], out_dir, docs_dir / DOWNLOADS,
        site_url=site_url, failures=failures, limits=limits,
        reuse=reuse_of(previous, out_dir, docs_dir.relative_to(out_dir) / DOWNLOADS),
    )  # fmt: skip
    package = json.loads(files.datapackage.read_text(encoding="utf-8"))
    return {
        "downloads": tuple(site_downloads(files, docs_dir)),
        "dictionary": tuple(data_dictionary(package)),
        "jsonld": dataset_jsonld(package, site_url, files) if site_url else None,
        "indicators": load_csv("indicators.csv"),
        "issues": tuple(read_issues(files.resources["issues"])),
    }


def read_issues(path: Path) -> Iterator[Issue]:
    """The ``issues`` resource as written, for the quality page."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Issue(row["code"], row["severity"], row["report_id"] or None, row["field"] or None,
                        row["message"], row["evidence"] or None)


def reuse_of(previous: Path | None, out_dir: Path, downloads: Path) -> Reuse:
    """Fingerprints go to ``build/package-parts.json``; the previous ones are read from
    ``previous`` (None: a cold build), with its downloads at the same relative path."""
    state = out_dir / PARTS_STATE
    if previous is None:
        return Reuse(None, None, state)
    return Reuse(previous / downloads, previous / PARTS_STATE, state)
