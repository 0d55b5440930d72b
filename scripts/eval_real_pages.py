"""Score the parser against human readings of real report pages.

Usage: python scripts/eval_real_pages.py [DIR]   (default: tests/fixtures/real-pages)

DIR holds page excerpts (NN.txt) and expected.json with a human reading of
each. Prints one line per page and the accuracy per field; exits 1 when a
page raised an unexpected exception (a traceback is a bug).
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

from govreports.pipeline import read_report_file
from govreports.records import ParseError

FIELDS = ("year", "level", "province", "city", "district", "published")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real-pages"


def score_page(path: Path, expected: dict) -> tuple[dict[str, bool], str]:
    """Per-field correctness of one page and a short description."""
    try:
        report = read_report_file(path).report
    except ParseError as error:
        if not expected["is_report"]:
            return {"rejected": True}, f"rejected: {error}"
        return {field: False for field in FIELDS}, f"FAILED: {error}"
    if not expected["is_report"]:
        return {"rejected": False}, f"NOT REJECTED ({report.report_id})"
    got = {field: getattr(report, field) for field in FIELDS}
    marks = {field: got[field] == expected[field] for field in FIELDS}
    wrong = [f"{field}={got[field]!r}≠{expected[field]!r}" for field in FIELDS if not marks[field]]
    return marks, f"{report.report_id} {report.issuer}" + (f"  WRONG {' '.join(wrong)}" if wrong else "")


def main(directory: Path) -> int:
    readings = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    totals: dict[str, list[bool]] = {}
    crashed = 0
    for name, reading in sorted(readings.items()):
        try:
            marks, line = score_page(directory / f"{name}.txt", reading["expected"])
        except Exception:  # noqa: BLE001 — the point is to count them
            crashed += 1
            marks, line = {}, "TRACEBACK\n" + traceback.format_exc()
        for field, ok in marks.items():
            totals.setdefault(field, []).append(ok)
        print(f"{name}: {line}")
    print()
    for field, marks in totals.items():
        print(f"{field:10s} {sum(marks):3d}/{len(marks):<3d} {sum(marks) / len(marks):6.1%}")
    print(f"tracebacks {crashed}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR))
