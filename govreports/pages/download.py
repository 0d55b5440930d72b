"""A report's data downloads: the compact parse JSON and the figures CSV.

The JSON holds the body once; everything else that is text of the body is
stored as offsets into it (``body[start:end]``), in a ``{"fields", "rows"}``
table per record type. A ``raw``/``sentence``/``text`` cell is null when it
can be read from the offsets, and holds the text otherwise. The CSV is the
package's figures table without ``sentence`` (in the JSON, and marked on the
page at ``#fig-{figure_id}``), so the sentences are not stored twice. :func:`read_report_json`
turns the file back into the :class:`ParsedReport` it was written from.

The site publishes only the JSON (gzip-compressed, see ``pages_report``); the
browser builds the CSV from it (docs/overrides/assets/javascripts/downloads.js),
byte for byte as :func:`figures_csv` writes it. Its cells are therefore in a
format JavaScript can reproduce from the parsed JSON: empty for null,
``true``/``false``, numbers in plain decimal notation from the shortest digits
that identify the double (no exponent, no ``.0``; integers beyond 2**53 as the
nearest double, as JavaScript reads them).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from typing import Any

from govreports.issues import Issue
from govreports.package.cells import csv_cell
from govreports.pages.fulltext import sentence_span
from govreports.records import Figure, IndicatorValue, ParsedReport, Report, Section

FORMAT = "govreports-report/3"  # 3: issues and keywords
FIGURE_FIELDS = [
    "report_id", "figure_id", "value", "unit", "approx", "kind", "raw", "subject",
    "sentence", "section_id", "char_start", "char_end", "indicator",
]  # fmt: skip
CSV_FIELDS = [f for f in FIGURE_FIELDS if f != "sentence"]
SECTION_COLS = [
    "section_id",
    "parent_id",
    "level",
    "number",
    "heading",
    "text_start",
    "text_end",
    "text",
]
FIGURE_COLS = [f for f in FIGURE_FIELDS if f not in ("report_id", "sentence")] + [
    "sentence_start", "sentence_end", "sentence",
]  # fmt: skip
VALUE_COLS = ["indicator", "value", "unit", "approx", "figure_id", "sentence"]
ISSUE_COLS = ["code", "severity", "field", "message", "evidence"]


def figures_csv(parsed: ParsedReport) -> str:
    """The report's figures as CSV text (CRLF; written with a UTF-8 BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows([csv_cell(getattr(f, k)) for k in CSV_FIELDS] for f in parsed.figures)
    return buffer.getvalue()




def report_json(parsed: ParsedReport) -> str:
    """The parse result as compact JSON (see the module docstring)."""
    body = parsed.body
    sentences = {f.figure_id: f.sentence for f in parsed.figures}
    data = {
        "format": FORMAT,
        "report": {f.name: getattr(parsed.report, f.name) for f in fields(Report)},
        "body": body,
        "sections": _table(SECTION_COLS, _section_rows(body, parsed.sections)),
        "figures": _table(FIGURE_COLS, [_figure_row(body, f) for f in parsed.figures]),
        "indicator_values": _table(
            VALUE_COLS, [_value_row(v, sentences) for v in parsed.indicator_values]
        ),
        "issues": _table(ISSUE_COLS, [[getattr(i, c) for c in ISSUE_COLS] for i in parsed.issues]),
        "keywords": [list(keyword) for keyword in parsed.keywords],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _table(cols: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"fields": cols, "rows": rows}


def _section_rows(body: str, sections: tuple[Section, ...]) -> list[list[Any]]:
    rows, cursor = [], 0
    for s in sections:
        at = body.find(s.text, cursor) if s.text else -1
        start, end = (at, at + len(s.text)) if at != -1 else (0, 0)
        cursor = end if at != -1 else cursor
        text = None if body[start:end] == s.text else s.text
        rows.append([s.section_id, s.parent_id, s.level, s.number, s.heading, start, end, text])
    return rows


def _value_row(v: IndicatorValue, sentences: dict[int, str]) -> list[Any]:
    text = None if sentences.get(v.figure_id) == v.sentence else v.sentence
    return [v.indicator, v.value, v.unit, v.approx, v.figure_id, text]


def _figure_row(body: str, f: Figure) -> list[Any]:
    start, end = sentence_span(body, f)
    text = None if body[start:end] == f.sentence else f.sentence
    row = {c: getattr(f, c) for c in FIGURE_COLS[:-3]}
    row["raw"] = None if body[f.char_start : f.char_end] == f.raw else f.raw
    return [*row.values(), start, end, text]


def read_report_json(text: str) -> ParsedReport:
    """The ParsedReport a :func:`report_json` document was written from."""
    data = json.loads(text)
    body, rid = data["body"], data["report"]["report_id"]
    sections = tuple(
        Section(rid, r[0], r[1], r[2], r[3], r[4], body[r[5] : r[6]] if r[7] is None else r[7])
        for r in data["sections"]["rows"]
    )
    figures = tuple(_read_figure(rid, body, dict(zip(FIGURE_COLS, r, strict=True)))
                    for r in data["figures"]["rows"])  # fmt: skip
    sentences = {f.figure_id: f.sentence for f in figures}
    values = tuple(
        IndicatorValue(rid, r[0], r[1], r[2], r[3], r[4], sentences.get(r[4], "") if r[5] is None else r[5])
        for r in data["indicator_values"]["rows"]
    )
    report = Report(**data["report"])
    issues = tuple(Issue(**dict(zip(ISSUE_COLS, r, strict=True)), report_id=rid) for r in data["issues"]["rows"])
    keywords = tuple((word, weight) for word, weight in data["keywords"])
    return ParsedReport(report, sections, figures, values, body, issues, keywords)


def _read_figure(rid: str, body: str, row: dict[str, Any]) -> Figure:
    start, end, text = row.pop("sentence_start"), row.pop("sentence_end"), row.pop("sentence")
    if row["raw"] is None:
        row["raw"] = body[row["char_start"] : row["char_end"]]
    return Figure(report_id=rid, sentence=body[start:end] if text is None else text, **row)
