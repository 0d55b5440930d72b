"""Load step of ``build``: find report files, parse them, look up their regions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from govreports import regions as region_table
from govreports.parse import parse_file
from govreports.records import Failure, ParsedReport, ParseError, Region
from govreports.sidecar import read_sidecar

log = logging.getLogger(__name__)

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SYNTHETIC_REFUSED = "synthetic benchmark report: never published (build it with --synthetic into its own folder)"


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


def parse_all(
    files: list[Path], progress: Callable[[str, int, int], None], *, synthetic: bool = False
) -> tuple[list[tuple[ParsedReport, Path]], list[Failure]]:
    """Parse every file; failures (and duplicate report ids) are collected, not raised.

    Synthetic benchmark reports are refused unless the build is a synthetic one,
    so they never enter the published dataset.
    """
    parsed: list[tuple[ParsedReport, Path]] = []
    failures: list[Failure] = []
    seen: dict[str, Path] = {}
    for done, path in enumerate(files, start=1):
        result = parse_one(path)
        if not synthetic and not isinstance(result, Failure) and read_sidecar(path).synthetic:
            result = Failure(str(path), SYNTHETIC_REFUSED)
        if isinstance(result, Failure):
            failures.append(result)
        elif result.report.report_id in seen:
            first = seen[result.report.report_id]
            failures.append(Failure(str(path), f"duplicate report_id {result.report.report_id} "
                                               f"(already read from {first})"))  # fmt: skip
        else:
            seen[result.report.report_id] = path
            parsed.append((result, path))
        progress("parse", done, len(files))
    return parsed, failures


def parse_one(path: Path) -> ParsedReport | Failure:
    try:
        return parse_file(path)
    except ParseError as exc:
        return Failure(str(path), str(exc) or type(exc).__name__)
    except Exception as exc:  # a parser bug must not stop a national build
        log.exception("parser bug on %s", path)
        return Failure(str(path), f"parser error ({type(exc).__name__}: {exc})")


def regions_for(reports: list[ParsedReport]) -> dict[str, Region]:
    """Region of every report's adcode plus its parents (for names on the pages)."""
    found: dict[str, Region] = {}
    for parsed in reports:
        adcode = parsed.report.adcode
        if not adcode or adcode in found:
            continue
        for code in (*region_table.parent_codes(adcode), adcode):
            region = region_table.region_by_adcode(code)
            if region is not None:
                found[code] = region
        found.setdefault(adcode, _fallback_region(parsed))
    return found


def _fallback_region(parsed: ParsedReport) -> Region:
    r = parsed.report
    name = r.district or r.city or r.province or r.adcode or ""
    level = "county" if r.district else "city" if r.city else "province"
    return Region(r.adcode or "", name, level, r.province, r.city, None, None)
