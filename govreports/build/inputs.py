"""Load step of ``build``: find report files, parse them, look up their regions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from govreports.build.cache import ParseCache
from govreports.build.parallel import Progress, parse_files, parse_one
from govreports.parse import divisions
from govreports.records import Failure, ParsedReport, Region
from govreports.sidecar import read_sidecar

log = logging.getLogger(__name__)
__all__ = ["Inputs", "collect_files", "load_reports", "parse_all", "parse_one", "regions_for"]

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SYNTHETIC_REFUSED = (
    "synthetic benchmark report: never published (build it with --synthetic into its own folder)"
)


def collect_files(reports_dir: Path) -> list[Path]:
    """Report files under ``reports_dir`` (recursively), in a stable order.

    Sidecars (``*.meta.json``), hidden directories and the provenance files
    that fetch keeps (superseded versions, shell pages) are not reports.
    """
    return sorted(
        path
        for path in reports_dir.rglob("*")
        if path.is_file()
        and path.suffix.lower() in REPORT_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(reports_dir).parts)
        and read_sidecar(path).is_report
    )


@dataclass(frozen=True)
class Inputs:
    """The parse stage's output, in the stable order of ``collect_files``."""

    parsed: list[tuple[ParsedReport, Path]]
    failures: list[Failure]


def parse_all(
    files: list[Path], progress: Progress, *, synthetic: bool = False
) -> tuple[list[tuple[ParsedReport, Path]], list[Failure]]:
    """Parse every file (no cache); see ``load_reports``."""
    inputs = load_reports(files, progress, synthetic=synthetic)
    return inputs.parsed, inputs.failures


def load_reports(
    files: list[Path], progress: Progress, *, synthetic: bool = False,
    cache: ParseCache | None = None, workers: int | None = None,
    reports_dir: Path | None = None,
) -> Inputs:  # fmt: skip
    """Parse every file, in parallel and through ``cache``; failures are collected, not raised.

    Synthetic benchmark reports are refused unless the build is a synthetic one,
    so they never enter the published dataset. Duplicate report ids are failures.
    With ``reports_dir``, each report's ``source_file`` is its path from that
    folder's name ("reports/…"), the same wherever the build runs.
    """
    results = parse_files(files, progress, cache=cache, workers=workers)
    inputs = Inputs([], [])
    seen: dict[str, Path] = {}
    for path, result in zip(files, results, strict=True):
        if not synthetic and not isinstance(result, Failure) and read_sidecar(path).synthetic:
            result = Failure(str(path), SYNTHETIC_REFUSED, "synthetic_refused")
        if isinstance(result, Failure):
            inputs.failures.append(result)
        elif result.report.report_id in seen:
            first = seen[result.report.report_id]
            inputs.failures.append(Failure(str(path), f"duplicate report_id {result.report.report_id} "
                                                      f"(already read from {first})", "duplicate_report"))  # fmt: skip
        else:
            seen[result.report.report_id] = path
            if reports_dir is not None:
                result = archived_as(result, path, reports_dir)
            inputs.parsed.append((result, path))
    return inputs


def archived_as(parsed: ParsedReport, path: Path, reports_dir: Path) -> ParsedReport:
    """``parsed`` with ``source_file`` relative to the repository's reports folder."""
    root = reports_dir.resolve()
    relative = f"{root.name}/{path.resolve().relative_to(root).as_posix()}"
    return replace(parsed, report=replace(parsed.report, source_file=relative))


def regions_for(reports: list[ParsedReport]) -> dict[str, Region]:
    """Region of every report's adcode, its parents and its current code (for names and series)."""
    found: dict[str, Region] = {}
    for parsed in reports:
        adcode = parsed.report.adcode
        if not adcode or adcode in found:
            continue
        here = divisions.region(adcode, _name_in_year(adcode, parsed.report.year))
        if here is None:
            found[adcode] = _fallback_region(parsed)
            continue
        found[adcode] = here
        for code in [p.code for p in divisions.parents(adcode)] + [here.current or adcode]:
            region = found.get(code) or divisions.region(code)
            if region is not None:
                found[code] = region
    return found


def _name_in_year(adcode: str, year: int | None) -> str | None:
    version = divisions.code_in_year(adcode, year) if year else None
    return version.name if version and version.code == adcode else None


def _fallback_region(parsed: ParsedReport) -> Region:
    r = parsed.report
    name = r.township or r.district or r.city or r.province or r.adcode or ""
    return Region(r.adcode or "", name, r.level or "county", None, r.province, r.city,
                  None, None, None, r.adcode, None, None)  # fmt: skip
