"""Load step of ``build``: find report files, parse them, look up their regions.

Finding them is defensive: a file name that is not UTF-8, a link leading out
of the reports folder, something that is not a regular file, a file over the
size limit or a sidecar that fails its schema is a ``Failure`` of its own
(one line, by name); it never stops the build.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from govreports.build.cache import ParseCache
from govreports.build.parallel import Progress, ReportLimits, parse_files, parse_one
from govreports.parse import divisions
from govreports.records import Failure, ParsedReport, Region
from govreports.sidecar import Sidecar, load_meta, read_sidecar, sidecar_path, sidecar_problems

log = logging.getLogger(__name__)
__all__ = [
    "Inputs", "Scan", "collect_files", "display_path", "load_reports", "parse_all", "parse_one",
    "regions_for", "scan_reports",
]  # fmt: skip

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}
SYNTHETIC_REFUSED = (
    "synthetic benchmark report: never published (build it with --synthetic into its own folder)"
)


@dataclass
class Scan:
    """The report files under a folder, and the ones rejected before parsing."""

    files: list[Path] = field(default_factory=list)
    rejected: list[Failure] = field(default_factory=list)


def collect_files(reports_dir: Path) -> list[Path]:
    """Report files under ``reports_dir`` (recursively), in a stable order; see ``scan_reports``."""
    return scan_reports(reports_dir).files


def scan_reports(reports_dir: Path, limits: ReportLimits | None = None) -> Scan:
    """Report files under ``reports_dir`` (recursively, sorted) and the rejected ones.

    Sidecars (``*.meta.json``), hidden files and directories and the provenance
    files that fetch keeps (superseded versions, shell pages) are not reports.
    Links are followed only within ``reports_dir``.
    """
    limits = limits or ReportLimits()
    root = Path(reports_dir)
    resolved_root = root.resolve()
    scan = Scan()

    def reject(path: Path, reason: str, code: str) -> None:
        scan.rejected.append(Failure(display_path(path), reason, code))

    def unreadable(error: OSError) -> None:
        reject(Path(error.filename or root), f"cannot read folder: {error.strerror or error}",
               "unreadable_input")  # fmt: skip

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in list(dirs):
            if (here / name).is_symlink() and not _inside(here / name, resolved_root):
                reject(here / name, "link to a folder outside the reports folder; not followed",
                       "link_outside_reports")  # fmt: skip
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or Path(name).suffix.lower() not in REPORT_SUFFIXES:
                continue
            problem = _file_problem(path, root, resolved_root, limits)
            if problem:
                reject(path, *problem)
                continue
            meta, unreadable_sidecar = load_meta(path)
            problems = [unreadable_sidecar] if unreadable_sidecar else \
                sidecar_problems(meta or {}, path, root)  # fmt: skip
            if problems:
                reject(path, f"bad sidecar {sidecar_path(path).name}: {'; '.join(problems)}", "bad_sidecar")
            elif Sidecar.from_meta(meta or {}).is_report:
                scan.files.append(path)
    scan.files.sort()
    scan.rejected.sort(key=lambda f: f.path)
    return scan


def _file_problem(path: Path, root: Path, resolved_root: Path, limits: ReportLimits) -> tuple[str, str] | None:
    try:
        str(path.relative_to(root)).encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename it", "bad_file_name"
    if path.is_symlink() and not _inside(path, resolved_root):
        return "link to a file outside the reports folder; not followed", "link_outside_reports"
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}", "unreadable_input"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file", "unreadable_input"
    if limits.input_bytes and info.st_size > limits.input_bytes:
        size, limit = info.st_size / 1e6, limits.input_bytes / 1e6
        return f"{size:.1f} MB is over the input limit of {limit:.1f} MB", "input_too_large"
    return None


def _inside(path: Path, resolved_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(resolved_root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def display_path(path: Path | str) -> str:
    """``path`` as printable text: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
    reports_dir: Path | None = None, limits: ReportLimits | None = None,
    parse: Callable[[Path], ParsedReport | Failure] | None = None,
) -> Inputs:  # fmt: skip
    """Parse every file, in parallel and through ``cache``; failures are collected, not raised.

    Synthetic benchmark reports are refused unless the build is a synthetic one,
    so they never enter the published dataset. Duplicate report ids are failures.
    With ``reports_dir``, each report's ``source_file`` is its path from that
    folder's name ("reports/…"), the same wherever the build runs.
    ``limits`` and ``parse`` are passed to ``parallel.parse_files``.
    """
    results = parse_files(files, progress, cache=cache, workers=workers, limits=limits, parse=parse)
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
    try:
        inside = path.resolve().relative_to(root)
    except ValueError:  # scan_reports follows no link out of the folder; the link's own path then
        inside = path.absolute().relative_to(reports_dir.absolute())
    relative = f"{root.name}/{inside.as_posix()}"
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
