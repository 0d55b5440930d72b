"""Downloads derived from the written package: a zip, an SQLite database, an Excel workbook.

Each reads the package (``datapackage.json`` + CSVs) rather than the records,
so the downloads hold exactly what was validated. Timestamps are fixed so that
the same package gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from govreports.chinese import display_width
from govreports.fsutil import atomic_output
from govreports.package.xlsx import XlsxWriter

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the reproducible-builds epoch of zip files
EXCEL_MAX_ROWS = 1_048_575  # data rows under the header
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def read_rows(out_dir: Path, resource: dict, types: dict | None = None) -> Iterator[list[Any]]:
    """Typed rows of a resource's CSV: None for empty, int, float, bool, date.

    Only the columns of the resource's schema, found by name in the CSV header,
    so a slimmed descriptor (see ``slim``) reads a subset of the columns.
    """
    types = _PARSERS if types is None else types
    fields = resource["schema"]["fields"]
    parsers = [types.get(field["type"], str) for field in fields]
    with (out_dir / resource["path"]).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        at = [header.index(field["name"]) for field in fields]
        if at == list(range(len(header))):
            for row in reader:
                yield [parse(cell) if cell != "" else None for parse, cell in zip(parsers, row)]
            return
        for row in reader:
            yield [parse(row[i]) if row[i] != "" else None for parse, i in zip(parsers, at)]


def slim(package: dict, omit: dict[str, set[str]]) -> dict:
    """The package without the ``omit``ted columns (resource name → field names)."""
    resources = []
    for resource in package["resources"]:
        drop = omit.get(resource["name"], set())
        fields = [field for field in resource["schema"]["fields"] if field["name"] not in drop]
        resources.append({**resource, "schema": {**resource["schema"], "fields": fields}})
    return {**package, "resources": resources}


_PARSERS: dict[str, Callable[[str], Any]] = {
    "integer": int,
    "number": float,
    "boolean": lambda cell: cell == "true",
    "date": datetime.date.fromisoformat,
}
_SQL_PARSERS = {**_PARSERS, "date": str}  # SQLite has no date type: ISO text sorts right


# Zip -----------------------------------------------------------------------


def write_zip(out_dir: Path, package: dict, path: Path) -> None:
    """datapackage.json + data/*.csv, so the archive validates after extraction."""
    members = ["datapackage.json"] + [resource["path"] for resource in package["resources"]]
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            _add_file(archive, out_dir / member, member)


def write_zipped(source: Path, path: Path, name: str) -> None:
    """One file, deflated into its own zip as ``name`` (a database: ~3x smaller)."""
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_file(archive, source, name)


def _add_file(archive: zipfile.ZipFile, source: Path, name: str) -> None:
    info = _entry(name)
    info.file_size = source.stat().st_size  # lets zipfile choose ZIP64 for huge files
    with source.open("rb") as src, archive.open(info, "w") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


# SQLite --------------------------------------------------------------------


def write_sqlite(out_dir: Path, package: dict, path: Path) -> None:
    """One table per resource with keys and FK indexes, plus a ``_fields`` dictionary."""
    with atomic_output(path) as tmp:
        tmp.unlink()
        connection = sqlite3.connect(tmp)
        try:
            _fill_database(connection, out_dir, package)
        finally:
            connection.close()


def _fill_database(connection: sqlite3.Connection, out_dir: Path, package: dict) -> None:
    connection.execute("PRAGMA journal_mode = OFF")  # a temp file: no journal needed
    with connection:
        for resource in package["resources"]:
            for statement in table_ddl(resource):
                connection.execute(statement)
            names = resource["schema"]["fields"]
            marks = ", ".join("?" * len(names))
            insert = f"INSERT INTO {_q(resource['name'])} VALUES ({marks})"
            connection.executemany(insert, read_rows(out_dir, resource, _SQL_PARSERS))
        _write_fields_table(connection, package)
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise ValueError(f"SQLite foreign key check failed: {broken[:5]}")
    connection.execute("VACUUM")


def table_ddl(resource: dict) -> list[str]:
    """CREATE TABLE with PRIMARY KEY and FOREIGN KEYs, and an index per FK."""
    schema, name = resource["schema"], resource["name"]
    lines = [f"{_q(f['name'])} {_sql_type(f)}{_not_null(f)}" for f in schema["fields"]]
    lines.append(f"PRIMARY KEY ({_cols(schema['primaryKey'])})")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append(
            f"FOREIGN KEY ({_cols(fk['fields'])}) REFERENCES {_q(ref['resource'])} ({_cols(ref['fields'])})"
        )
    rowid = " WITHOUT ROWID" if len(schema["primaryKey"]) > 1 else ""
    statements = [f"CREATE TABLE {_q(name)} (\n  " + ",\n  ".join(lines) + f"\n){rowid}"]
    for fk in schema.get("foreignKeys", []):
        if schema["primaryKey"][: len(fk["fields"])] == fk["fields"]:
            continue  # the primary key already indexes it
        index = _q(f"{name}__{'__'.join(fk['fields'])}")
        statements.append(f"CREATE INDEX {index} ON {_q(name)} ({_cols(fk['fields'])})")
    return statements


def _write_fields_table(connection: sqlite3.Connection, package: dict) -> None:
    connection.execute(
        "CREATE TABLE _fields (resource TEXT NOT NULL, field TEXT NOT NULL, type TEXT NOT NULL,"
        " title TEXT, description TEXT, PRIMARY KEY (resource, field))"
    )
    rows = [
        (resource["name"], f["name"], f["type"], f.get("title"), f.get("description"))
        for resource in package["resources"]
        for f in resource["schema"]["fields"]
    ]
    connection.executemany("INSERT INTO _fields VALUES (?, ?, ?, ?, ?)", rows)


def _sql_type(field: dict) -> str:
    return SQL_TYPES.get(field["type"], "TEXT")


def _not_null(field: dict) -> str:
    return " NOT NULL" if field.get("constraints", {}).get("required") else ""


def _cols(names: list[str]) -> str:
    return ", ".join(_q(name) for name in names)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# Excel ---------------------------------------------------------------------


def write_xlsx(out_dir: Path, package: dict, path: Path, row_limit: int = EXCEL_MAX_ROWS) -> None:
    """One sheet per resource (split by year past ``row_limit`` rows), headers ``中文 name``."""
    years = _report_years(out_dir, package)
    with XlsxWriter(path) as book:
        for resource in package["resources"]:
            split = _count_rows(out_dir, resource) > row_limit
            router = _sheet_router(resource, years, row_limit) if split else None
            _write_resource_sheets(book, out_dir, resource, router)


def _report_years(out_dir: Path, package: dict) -> dict[str, int | None]:
    reports = next(r for r in package["resources"] if r["name"] == "reports")
    names = [field["name"] for field in reports["schema"]["fields"]]
    at_id, at_year = names.index("report_id"), names.index("year")
    return {row[at_id]: row[at_year] for row in read_rows(out_dir, reports)}


Router = Callable[[], Callable[[list], str]]


def _sheet_router(resource: dict, years: dict, limit: int) -> Router:
    """A fresh row → sheet-name mapper: ``<name>_<year>[_<part>]``.

    Rows without a year go to ``<name>_no_year``; a year past the limit is cut into parts.
    """
    name = resource["name"]
    year_of = _year_getter([field["name"] for field in resource["schema"]["fields"]], years)

    def new_route() -> Callable[[list], str]:
        counts: dict[str, int] = {}

        def route(row: list) -> str:
            year = year_of(row)
            key = f"{name}_{year}" if year is not None else f"{name}_no_year"
            counts[key] = counts.get(key, 0) + 1
            part = (counts[key] - 1) // limit + 1
            return key if part == 1 else f"{key}_{part}"

        return route

    return new_route


def _count_rows(out_dir: Path, resource: dict) -> int:
    with (out_dir / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _year_getter(names: list[str], years: dict) -> Callable[[list], Any]:
    """A row's own ``year``, else its report's year, else None."""
    if "year" in names:
        at_year = names.index("year")
        return lambda row: row[at_year]
    if "report_id" in names:
        at_id = names.index("report_id")
        return lambda row: years.get(row[at_id])
    return lambda row: None


def _write_resource_sheets(
    book: XlsxWriter, out_dir: Path, resource: dict, router: Router | None
) -> None:
    """Unsplit: one pass. Split: one pass per sheet, as a sheet is written in one go."""
    fields = resource["schema"]["fields"]
    header = [f"{field['title']} {field['name']}" for field in fields]
    widths = _column_widths(header, _sample(out_dir, resource))
    if router is None:
        book.add_sheet(resource["name"], header, widths)
        book.append_many(read_rows(out_dir, resource))
        return
    route = router()
    names = dict.fromkeys(route(row) for row in read_rows(out_dir, resource, {}))
    for name in names:
        book.add_sheet(name, header, widths)
        route = router()
        book.append_many(row for row in read_rows(out_dir, resource) if route(row) == name)


def _sample(out_dir: Path, resource: dict, size: int = 200) -> list[list[Any]]:
    rows = read_rows(out_dir, resource, {})
    return [row for _, row in zip(range(size), rows)]


def _column_widths(header: list[str], sample: list[list[Any]]) -> list[float]:
    """Fit header and sampled values, CJK counted double, between 8 and 60."""
    columns = [[label] + [row[i] or "" for row in sample] for i, label in enumerate(header)]
    return [min(60, max(8, max(display_width(text[:200]) for text in col) + 2)) for col in columns]
