"""The site's downloads: the whole package, or per-year packages when it is large.

Small package (CSVs up to ``Limits.max_file_bytes``):
``downloads/govreports-data.{zip,xlsx,sqlite}`` plus a copy of ``datapackage.json``
and ``data/*.csv``. Large package: the same names hold an all-years *summary*
package (every resource but sections and figures; the database zipped,
``.sqlite.zip``), and ``downloads/<part>/govreports-<part>.{zip,xlsx,sqlite.zip}``
a complete package per report year, ``<part>`` being ``2024``, or ``2024-1``,
``2024-2`` when a year's CSVs pass ``Limits.split_bytes``. Every part is a
package with the same schema that validates on its own. The database leaves out
``sections.text`` and the workbook also ``figures.sentence`` (both are in the CSVs and on
the report pages; ``indicator_values`` keep their sentence). No file may exceed
``Limits.max_file_bytes``: a part that would is cut in two.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from govreports.fsutil import atomic_write_text, sha256_file
from govreports.package.downloads import slim, write_sqlite, write_xlsx, write_zip, write_zipped
from govreports.package.reuse import Reuse, fingerprint

SUMMARY = (
    "regions",
    "bodies",
    "reports",
    "indicators",
    "indicator_values",
    "indicator_values_wide",
    "keywords",
    "issues",
)
# Long text left out of the database and the workbook (it is in the CSVs and on the pages).
SLIM_DATABASE = {"sections": {"text"}}
SLIM_WORKBOOK = {"sections": {"text"}, "figures": {"sentence"}}  # indicator_values keep theirs
KINDS = ("zip", "xlsx", "sqlite")
PART_DIR = re.compile(r"^(\d{4}|no-year)(-\d+)*$")


class DownloadTooLarge(ValueError):
    """A single report's package would still exceed the file size limit."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50_000_000  # GitHub Pages refuses files over 100 MB; keep half
    split_bytes: int = 100_000_000  # CSV bytes of a year above which it is cut into parts


@dataclass(frozen=True)
class DownloadFile:
    part: str  # "" for all years, else the report year, e.g. "2024" or "2024-2"
    kind: str  # zip, xlsx, sqlite, json (datapackage.json) or csv
    path: Path
    resource: str = ""  # for csv: the resource


def write_downloads(
    out_dir: Path, package: dict, downloads_dir: Path, limits: Limits, reuse: Reuse | None = None
) -> list[DownloadFile]:
    """Write every site download of the package in ``out_dir``; return them, all years first.

    With ``reuse``, a year part unchanged since the previous build keeps its files.
    """
    downloads_dir.mkdir(parents=True, exist_ok=True)
    _remove_old_parts(downloads_dir)
    reuse = reuse or Reuse(None, None, None)
    if sum(resource["bytes"] for resource in package["resources"]) <= limits.max_file_bytes:
        files = _write_set(out_dir, package, downloads_dir, "", zip_db=False)
        if _largest(files) <= limits.max_file_bytes:
            reuse.save()
            return files
        for file in files:
            file.path.unlink()
    summary = subpackage(out_dir, package, downloads_dir, set(SUMMARY))
    files = _write_set(downloads_dir, summary, downloads_dir, "", zip_db=True)
    _check(files, limits)
    parts = list(partition(out_dir, package, limits.split_bytes))
    with tempfile.TemporaryDirectory(prefix=".parts-", dir=downloads_dir.parent) as tmp:
        subs = subpackages(out_dir, package, Path(tmp), parts)
        for part, ids in parts:
            key = fingerprint(subs[part], limits)
            taken = reuse.take(part, key, downloads_dir)
            if taken is not None:
                written = [DownloadFile(*item) for item in taken]
            else:
                prepared = (Path(tmp) / part, subs[part])
                written = _write_part(out_dir, package, downloads_dir, part, ids, limits, prepared)
            reuse.record(part, key, [(f.part, f.kind, f.path) for f in written], downloads_dir)
            files += written
    reuse.save()
    return files


def _write_set(
    package_dir: Path, package: dict, downloads_dir: Path, part: str, zip_db: bool
) -> list[DownloadFile]:
    """zip, xlsx and sqlite of the package in ``package_dir``; for all years also its files."""
    stem = f"{part}/govreports-{part}" if part else "govreports-data"
    paths = {kind: downloads_dir / f"{stem}.{kind}" for kind in KINDS}
    write_zip(package_dir, package, paths["zip"])
    write_xlsx(package_dir, slim(package, SLIM_WORKBOOK), paths["xlsx"])
    if zip_db:
        database = package_dir / f".{paths['sqlite'].name}"
        write_sqlite(package_dir, slim(package, SLIM_DATABASE), database)
        paths["sqlite"] = paths["sqlite"].with_name(paths["sqlite"].name + ".zip")
        write_zipped(database, paths["sqlite"], database.name[1:])
        database.unlink()
    else:
        write_sqlite(package_dir, slim(package, SLIM_DATABASE), paths["sqlite"])
    files = [DownloadFile(part, kind, path) for kind, path in paths.items()]
    if not part:
        files += _copy_package(package_dir, package, downloads_dir)
    return files


def _copy_package(package_dir: Path, package: dict, downloads_dir: Path) -> list[DownloadFile]:
    files = [DownloadFile("", "json", downloads_dir / "datapackage.json")]
    files += [
        DownloadFile("", "csv", downloads_dir / r["path"], r["name"]) for r in package["resources"]
    ]
    if package_dir != downloads_dir:
        (downloads_dir / "data").mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copyfile(package_dir / file.path.relative_to(downloads_dir), file.path)
    return files


def _write_part(
    out_dir: Path, package: dict, downloads_dir: Path, part: str, ids: list[str], limits: Limits,
    prepared: tuple[Path, dict] | None = None,
) -> list[DownloadFile]:  # fmt: skip
    """One year's package (``prepared``: already written) and downloads; cut in two while a
    file is over the limit."""
    if prepared is not None:
        files = _write_set(*prepared, downloads_dir, part, zip_db=True)
    else:
        with tempfile.TemporaryDirectory(prefix=".part-", dir=downloads_dir.parent) as tmp:
            sub = subpackages(out_dir, package, Path(tmp), [(part, ids)])[part]
            files = _write_set(Path(tmp) / part, sub, downloads_dir, part, zip_db=True)
    if _largest(files) <= limits.max_file_bytes:
        return files
    if len(ids) == 1:
        raise DownloadTooLarge(f"{ids[0]}: its downloads exceed {limits.max_file_bytes} bytes")
    shutil.rmtree(downloads_dir / part)
    half = len(ids) // 2
    first = _write_part(out_dir, package, downloads_dir, f"{part}-1", ids[:half], limits)
    return first + _write_part(out_dir, package, downloads_dir, f"{part}-2", ids[half:], limits)


def _largest(files: list[DownloadFile]) -> int:
    return max(file.path.stat().st_size for file in files)


def _check(files: list[DownloadFile], limits: Limits) -> None:
    if _largest(files) > limits.max_file_bytes:
        raise DownloadTooLarge(f"the all-years summary exceeds {limits.max_file_bytes} bytes")


def _remove_old_parts(downloads_dir: Path) -> None:
    if downloads_dir.is_dir():
        for old in downloads_dir.iterdir():
            if old.is_dir() and PART_DIR.match(old.name):
                shutil.rmtree(old)


# Partition -----------------------------------------------------------------


def partition(out_dir: Path, package: dict, part_bytes: int) -> Iterator[tuple[str, list[str]]]:
    """Report ids per part: by year, a year cut into equal parts of about ``part_bytes``."""
    years: dict[str, list[str]] = {}
    for row in _dict_rows(out_dir / "data" / "reports.csv"):
        years.setdefault(row["year"] or "no-year", []).append(row["report_id"])
    total = sum(resource["bytes"] for resource in package["resources"])
    per_report = total / max(1, sum(len(ids) for ids in years.values()))
    for year in sorted(years):
        ids = sorted(years[year])
        count = math.ceil(len(ids) * per_report / part_bytes)
        if count <= 1:
            yield year, ids
            continue
        size = math.ceil(len(ids) / count)
        for index in range(0, len(ids), size):
            yield f"{year}-{index // size + 1}", ids[index : index + size]


def _dict_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


# Subpackage ----------------------------------------------------------------


def subpackage(out_dir: Path, package: dict, target: Path, keep: set[str]) -> dict:
    """Write the all-years summary into ``target``: the resources ``keep``, all rows."""
    kept = {r["name"] for r in package["resources"] if r["name"] in keep}
    resources = [
        _copy_resource(out_dir, target, resource, kept)
        for resource in package["resources"]
        if resource["name"] in kept
    ]
    described = {**package, "resources": resources}
    text = json.dumps(described, ensure_ascii=False, indent=2) + "\n"
    atomic_write_text(target / "datapackage.json", text)
    return described


def subpackages(
    out_dir: Path, package: dict, root: Path, parts: list[tuple[str, list[str]]]
) -> dict[str, dict]:
    """What ``subpackage`` writes for each part, into ``root/<part>``, reading each CSV once."""
    owner = {report_id: part for part, ids in parts for report_id in ids}
    by_adcode, by_body = _parts_of_places(out_dir, owner)
    names = [part for part, _ in parts]
    kept = {r["name"] for r in package["resources"]}
    resources: dict[str, list[dict]] = {part: [] for part in names}
    for resource in package["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        paths = {part: root / part / resource["path"] for part in names}
        with ExitStack() as stack:
            writers = {}
            for part, path in paths.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
                writers[part] = csv.writer(handle, lineterminator="\n")
            src = stack.enter_context(
                (out_dir / resource["path"]).open(encoding="utf-8", newline="")
            )
            reader = csv.reader(src)
            header = next(reader)
            for writer in writers.values():
                writer.writerow(header)
            if "report_id" in fields:
                at = fields.index("report_id")
                for row in reader:
                    if row[at] in owner:
                        writers[owner[row[at]]].writerow(row)
            elif resource["name"] in ("regions", "bodies"):
                key, where = ("adcode", by_adcode) if resource["name"] == "regions" else ("body_id", by_body)
                at = fields.index(key)
                for row in reader:
                    for part in sorted(where.get(row[at], ())):
                        writers[part].writerow(row)
            else:
                for row in reader:
                    for writer in writers.values():
                        writer.writerow(row)
        for part, path in paths.items():
            resources[part].append(_described_copy(resource, path, kept))
    described = {}
    for part in names:
        described[part] = {**package, "resources": resources[part]}
        described[part]["name"] = f"{package['name']}-{part}"
        described[part]["title"] = f"{package['title']} — {part}"
        text = json.dumps(described[part], ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(root / part / "datapackage.json", text)
    return described


def _parts_of_places(
    out_dir: Path, owner: dict[str, str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Which parts need each region row and each body row: the reports' regions and bodies,
    the bodies' places, and every region above those (so that each part's keys resolve)."""
    by_body: dict[str, set[str]] = {}
    by_adcode: dict[str, set[str]] = {}
    for report in _dict_rows(out_dir / "data" / "reports.csv"):
        part = owner.get(report["report_id"])
        if part is not None:
            by_body.setdefault(report["body_id"], set()).add(part)
            by_adcode.setdefault(report["adcode"], set()).add(part)
    bodies = out_dir / "data" / "bodies.csv"
    if bodies.exists():
        for body in _dict_rows(bodies):
            if body["adcode"]:
                by_adcode.setdefault(body["adcode"], set()).update(by_body.get(body["body_id"], ()))
    parent = {row["adcode"]: row["parent"] for row in _dict_rows(out_dir / "data" / "regions.csv")}
    for code in list(by_adcode):
        above, seen = parent.get(code), {code}
        while above and above not in seen:
            seen.add(above)
            by_adcode.setdefault(above, set()).update(by_adcode[code])
            above = parent.get(above)
    return by_adcode, by_body


def _copy_resource(out_dir: Path, target: Path, resource: dict, kept: set[str]) -> dict:
    """Copy the CSV; drop foreign keys to resources left out."""
    source, path = out_dir / resource["path"], target / resource["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return _described_copy(resource, path, kept)


def _described_copy(resource: dict, path: Path, kept: set[str]) -> dict:
    schema = dict(resource["schema"])
    keys = [fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in kept]
    schema.pop("foreignKeys", None)
    if keys:
        schema["foreignKeys"] = keys
    size, digest = path.stat().st_size, sha256_file(path)
    return {**resource, "bytes": size, "hash": f"sha256:{digest}", "schema": schema}
