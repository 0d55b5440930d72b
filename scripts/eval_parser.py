"""Score the parser against human readings of real pages.

Usage: python scripts/eval_parser.py [FIXTURES]   (default: ../shared/fixtures beside the repository)

FIXTURES holds two sets, each page with a careful human reading:
  real-pages/   page excerpts NN.txt and expected.json
  dev-corpus/   pages.jsonl (see its README.md for the fields and conventions)

Each page is ingested as plain text (the pipeline's reading of a .txt file) with the
page's URL as its source, then parsed. Prints every miss (one line each; ``?`` marks a
page whose reader was in doubt), the accuracy per field, per level and per province,
and the confusion matrix of levels. Exits 1 when a page raised an unexpected exception
(a traceback is a bug).
"""

from __future__ import annotations

import json
import sys
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govreports.ingest.read import document_from_bytes
from govreports.pipeline import read_report
from govreports.records import ParseError, Report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FIXTURES = ROOT.parent / "shared" / "fixtures"
SETS = ("real-pages", "dev-corpus")
FIELDS = (
    "year", "level", "body_kind", "province", "city", "district", "township", "department",
    "published",
)
PLACE_FIELDS = ("province", "city", "district", "township")
LEVELS = ("province", "city", "county", "township", "department")
NON_REPORT = "non-report"
REJECTED = "rejected"
NOTE_CHARS = 70


@dataclass(frozen=True)
class Page:
    """One page of a fixture set and its human reading (``expected``)."""

    set_name: str
    page_id: str
    url: str | None
    text: str
    expected: dict[str, Any]
    note: str = ""
    doubt: bool = False


@dataclass(frozen=True)
class Result:
    """The parser's reading of a page in the corpus's convention, or why it has none."""

    page: Page
    got: dict[str, Any] | None = None
    rejected: str | None = None  # the ParseError message
    traceback: str | None = None


@dataclass(frozen=True)
class Check:
    field: str
    ok: bool
    got: Any
    want: Any


# --- reading the fixtures -------------------------------------------------------------


def real_pages(directory: Path) -> list[Page]:
    readings = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    return [
        Page("real-pages", name, r.get("url"), (directory / f"{name}.txt").read_text(encoding="utf-8"),
             r["expected"], r.get("notes", ""))
        for name, r in sorted(readings.items())
    ]


def dev_corpus(path: Path) -> list[Page]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Page("dev-corpus", r["id"], r.get("url"), r["text"], r["expected"], r.get("note") or "",
             bool(r.get("doubt")))
        for r in rows
    ]


def load_pages(fixtures: Path) -> list[Page] | None:
    """Both sets, or None when either is absent."""
    real, corpus = fixtures / "real-pages", fixtures / "dev-corpus" / "pages.jsonl"
    if not (real / "expected.json").is_file() or not corpus.is_file():
        return None
    return real_pages(real) + dev_corpus(corpus)


# --- parsing a page ----------------------------------------------------------------


def evaluate(page: Page) -> Result:
    try:
        document = document_from_bytes(page.text.encode("utf-8"), f"{page.set_name}/{page.page_id}")
        document = replace(document, source_url=page.url,
                           source_site=urlsplit(page.url).hostname if page.url else None)
        return Result(page, got=corpus_reading(read_report(document).report))
    except ParseError as error:
        return Result(page, rejected=str(error))
    except Exception:  # noqa: BLE001 — the point is to count them
        return Result(page, traceback=traceback.format_exc())


def corpus_level(report: Report) -> str | None:
    """The report's level in the corpus's convention (works with or without ``body_kind``)."""
    kind = getattr(report, "body_kind", None)
    if kind in ("department", "zone") or (kind is None and report.level == "department"):
        return "department"
    return report.level


def body_kind(level: str | None) -> str | None:
    if level is None:
        return None
    return "department" if level == "department" else "government"


def corpus_reading(report: Report) -> dict[str, Any]:
    level = corpus_level(report)
    reading = {field: getattr(report, field, None) for field in FIELDS}
    return reading | {"is_report": True, "issuer": report.issuer, "level": level,
                      "body_kind": body_kind(level)}


def expected_reading(expected: dict[str, Any]) -> dict[str, Any]:
    reading = {field: expected.get(field) for field in FIELDS}
    return reading | {"is_report": expected["is_report"], "issuer": expected.get("issuer"),
                      "body_kind": body_kind(expected.get("level"))}


# --- scoring -----------------------------------------------------------------------


def checks(result: Result) -> list[Check]:
    """Acceptance first, then each field that applies to the page."""
    want = expected_reading(result.page.expected)
    got = result.got or {}
    if not want["is_report"]:
        return [Check(REJECTED, result.got is None, describe(result), "not a report")]
    accepted = Check("accepted", result.got is not None, describe(result), "a report")
    fields = [
        Check(field, accepted.ok and _same(got.get(field), want[field]), got.get(field), want[field])
        for field in FIELDS
        if field != "published" or want[field]
    ]
    if want["published"] is None:
        fields.append(Check("published_unshown", accepted.ok and got.get("published") is None,
                            got.get("published"), None))
    return [accepted, *fields]


def _same(got: Any, want: Any) -> bool:
    return (got or None) == (want or None)


def marks(result: Result) -> dict[str, bool]:
    return {check.field: check.ok for check in checks(result)}


def misses(result: Result) -> list[Check]:
    """The wrong checks; only the first when the page was wrongly accepted or rejected."""
    found = checks(result)
    return found[:1] if not found[0].ok else [check for check in found if not check.ok]


def describe(result: Result) -> str:
    if result.traceback:
        return "TRACEBACK " + result.traceback.strip().splitlines()[-1]
    if result.got is None:
        return f"{REJECTED}: {result.rejected}"
    got = result.got
    return f"{got['issuer']} ({got['level']}, {got['year']})"


# --- printing ----------------------------------------------------------------------


def print_misses(results: list[Result]) -> None:
    print("MISSES  (set id field: got ≠ expected | url | note; ? = reader in doubt)")
    for result in results:
        page = result.page
        for check in misses(result):
            flag = "?" if page.doubt else " "
            context = f"{page.url or ''} | {' '.join(page.note.split())[:NOTE_CHARS]}"
            print(f"{flag} {page.set_name} {page.page_id} {check.field}: "
                  f"{check.got!r} ≠ {check.want!r} | {context}")


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return text + " " * max(0, width - len(text) - wide)


def ratio(values: Iterable[bool]) -> str:
    values = list(values)
    if not values:
        return f"{'-':>13s}"
    return f"{sum(values):4d}/{len(values):<4d}{sum(values) / len(values):5.0%}"


def print_fields(results: list[Result]) -> None:
    columns = {name: [r for r in results if r.page.set_name == name] for name in SETS}
    columns["all"] = results
    print(f"\n{'field':18s}" + "".join(f"{name:>15s}" for name in columns))
    for field in ("accepted", REJECTED, *FIELDS, "published_unshown"):
        cells = [ratio(m[field] for m in map(marks, group) if field in m) for group in columns.values()]
        print(f"{field:18s}" + "".join(f"{cell:>15s}" for cell in cells))
    print("(fields over all report pages, a rejected report counting as wrong; published where the "
          "page shows a date; published_unshown: no date invented where it shows none)")


def _all_right(m: dict[str, bool]) -> bool:
    return all(m.values())


GROUP_COLUMNS: dict[str, Callable[[dict[str, bool]], bool]] = {
    "accepted": lambda m: m["accepted"],
    "year": lambda m: m["year"],
    "level": lambda m: m["level"],
    "place": lambda m: all(m[f] for f in PLACE_FIELDS),
    "department": lambda m: m["department"],
    "all right": _all_right,
}


def print_groups(title: str, results: list[Result], key: Callable[[Page], str]) -> None:
    groups: dict[str, list[dict[str, bool]]] = defaultdict(list)
    for result in results:
        if result.page.expected["is_report"]:
            groups[key(result.page)].append(marks(result))
    print(f"\n{title:18s}{'pages':>6s}" + "".join(f"{name:>15s}" for name in GROUP_COLUMNS))
    for name, group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        cells = [ratio(map(column, group)) for column in GROUP_COLUMNS.values()]
        print(f"{pad(name, 18)}{len(group):6d}" + "".join(f"{cell:>15s}" for cell in cells))


def print_confusion(results: list[Result]) -> None:
    def row(result: Result) -> str:
        return result.page.expected.get("level") if result.page.expected["is_report"] else NON_REPORT

    def column(result: Result) -> str:
        return REJECTED if result.got is None else str(result.got["level"])

    counts = Counter((row(r), column(r)) for r in results)
    columns = [*LEVELS, *sorted({c for _, c in counts} - {*LEVELS, REJECTED}), REJECTED]
    corner = "expected \\ got"
    print(f"\n{corner:16s}" + "".join(f"{c[:10]:>11s}" for c in columns))
    for name in (*LEVELS, NON_REPORT):
        print(f"{name:16s}" + "".join(f"{counts[name, c]:11d}" for c in columns))


def main(fixtures: Path) -> int:
    pages = load_pages(fixtures)
    if pages is None:
        print(f"no fixtures at {fixtures} (real-pages/ and dev-corpus/pages.jsonl); nothing to score")
        return 0
    results = [evaluate(page) for page in pages]
    print_misses(results)
    print_fields(results)
    print_groups("expected level", results, lambda page: page.expected.get("level") or "-")
    print_groups("province", results, lambda page: page.expected.get("province") or "(national)")
    print_confusion(results)
    crashed = [r for r in results if r.traceback]
    for result in crashed:
        print(f"\n{result.page.set_name} {result.page.page_id}:\n{result.traceback}", file=sys.stderr)
    print(f"\ntracebacks {len(crashed)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FIXTURES))
