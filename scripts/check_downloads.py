"""Check a built site's downloads as a user would open them (used by bench_build.py).

Usage: python scripts/check_downloads.py SITE

For every data package under SITE/downloads (the loose ``datapackage.json``
and each ``*.zip``): ``frictionless validate`` (schemas, primary and foreign
keys). For every workbook: opened with openpyxl, each sheet's rows counted
against Excel's limit (every row read). For every SQLite database (``.sqlite`` or zipped):
``PRAGMA integrity_check`` and ``foreign_key_check``. Prints one line per file
and exits non-zero if any check fails.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from govreports.package.catalog import validate_package

EXCEL_ROWS = 1_048_576


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit(__doc__.split("\n\n")[1])
    downloads = Path(argv[0]) / "downloads"
    failures = 0
    for path in sorted(downloads.rglob("*")):
        check = CHECKS.get("".join(path.suffixes[-2:]) if path.name.endswith(".sqlite.zip") else path.suffix)
        if check is None or (path.suffix == ".json" and path.name != "datapackage.json"):
            continue
        start = time.perf_counter()
        try:
            detail = check(path)
            verdict = "ok"
        except Exception as exc:  # noqa: BLE001 (a broken download is a finding)
            detail, verdict = f"{type(exc).__name__}: {exc}", "FAILED"
            failures += 1
        took = time.perf_counter() - start
        print(f"{verdict:6} {path.relative_to(downloads)}  {detail}  ({took:.1f} s)", flush=True)
    print(f"downloads: {failures} failed" if failures else "downloads: all ok")
    return 1 if failures else 0


def _validate_package(path: Path) -> str:
    if path.suffix == ".json":
        report = validate_package(path)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            zipfile.ZipFile(path).extractall(tmp)
            report = validate_package(Path(tmp) / "datapackage.json")
    if not report.valid:
        raise ValueError(f"invalid package: {report.flatten(['type', 'note'])[:3]}")
    rows = sum(task.stats.get("rows") or 0 for task in report.tasks)
    return f"valid package, {len(report.tasks)} resources, {rows} rows"


def _open_workbook(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    counts = {sheet.title: sum(1 for _ in sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    book.close()
    over = {name: rows for name, rows in counts.items() if rows > EXCEL_ROWS}
    if over:
        raise ValueError(f"sheets over Excel's {EXCEL_ROWS} rows: {over}")
    return f"{len(counts)} sheets, largest {max(counts.values())} rows"


def _open_database(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                (name,) = archive.namelist()
                path = Path(archive.extract(name, tmp))
        with sqlite3.connect(path) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise ValueError("integrity_check failed")
            if db.execute("PRAGMA foreign_key_check").fetchall():
                raise ValueError("foreign_key_check found rows")
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            rows = sum(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        return f"{len(tables)} tables, {rows} rows"


CHECKS = {
    ".json": _validate_package,
    ".zip": _validate_package,
    ".xlsx": _open_workbook,
    ".sqlite": _open_database,
    ".sqlite.zip": _open_database,
}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
