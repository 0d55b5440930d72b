"""A report's outline: 一、 → (一)/（一） → 1./1、 headings over the body.

Heading markers and their nesting ranks are data (``data/outline.yaml``).
A marker only opens a heading when it continues its siblings' numbering
(一、 after nothing, 二、 after 一、 …), so a sentence that happens to start
with "二、" inside a paragraph does not break the outline.  Headings may be
run-in ("(一)深入学习准确领会。以开展…"): the heading ends at the first full
stop and the rest of the line is section text.

Markers may be written with any decimal digits (``１．``, ``（１）``, and other
scripts' decimal digits); a marker whose number cannot be read is
not a heading. Every pattern is matched at a line start with bounded markers
(``{1,3}``, ``{1,2}``), so the outline is linear in the body's length.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from govreports.datafiles import load_yaml, require_keys
from govreports.numbers import parse_number
from govreports.records import Section, SectionSpan

OUTLINE = "outline.yaml"
CHINESE_ORDINAL = frozenset("一二三四五六七八九十")


@dataclass(frozen=True)
class Heading:
    rank: int
    ordinal: int  # the number the marker prints: 3 for 三、 or (三)
    number: str  # the marker as printed
    heading: str
    start: int  # offset of the marker in the body
    text_start: int  # offset where the section's own text begins


@dataclass(frozen=True)
class Outline:
    sections: tuple[Section, ...]
    spans: tuple[SectionSpan, ...]


@functools.cache
def _rules() -> tuple[list[tuple[int, re.Pattern[str]]], re.Pattern[str], int]:
    data = load_yaml(OUTLINE)
    require_keys(OUTLINE, data, ["markers", "run_in_end", "max_heading_chars"])
    markers = [(m["rank"], re.compile(r"[ \t　]*(" + m["pattern"] + ")")) for m in data["markers"]]
    return markers, re.compile(data["run_in_end"]), data["max_heading_chars"]


def find_headings(body: str) -> list[Heading]:
    """Heading lines of ``body`` that continue their siblings' numbering."""
    headings: list[Heading] = []
    last_ordinal: dict[int, int] = {}
    offset = 0
    for line in body.splitlines(keepends=True):
        heading = _heading_at(line, offset)
        if heading and heading.ordinal == last_ordinal.get(heading.rank, 0) + 1:
            headings.append(heading)
            last_ordinal[heading.rank] = heading.ordinal
            for rank in [r for r in last_ordinal if r > heading.rank]:
                del last_ordinal[rank]
        offset += len(line)
    return headings


def _heading_at(line: str, offset: int) -> Heading | None:
    markers, run_in_end, max_chars = _rules()
    for rank, pattern in markers:
        match = pattern.match(line)
        if not match:
            continue
        number = match.group(1)
        ordinal = _ordinal(number)
        if ordinal is None:
            return None
        rest = line[match.end() :].rstrip("\n")
        stop = run_in_end.search(rest)
        if stop is None and len(rest) > max_chars or not rest.strip():
            return None
        title_end = stop.start() if stop else len(rest)
        text_start = match.end() + (stop.end() if stop else len(line) - match.end())
        return Heading(rank, ordinal, number, rest[:title_end].strip(),
                       offset + match.start(1), offset + text_start)
    return None


def _ordinal(marker: str) -> int | None:
    """The number a marker prints (１． → 1, (十二) → 12); None if it has none."""
    digits = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch
                     for ch in marker if ch.isdecimal() or ch in CHINESE_ORDINAL)
    try:
        return int(parse_number(digits))
    except ValueError:
        return None


def build_outline(body: str, report_id: str, end: int | None = None) -> Outline:
    """Sections (dotted ids by position: "2.4") and their spans over ``body[:end]``."""
    headings = find_headings(body[:end] if end is not None else body)
    limit = len(body) if end is None else end
    sections, spans = [], []
    stack: list[tuple[Heading, str]] = []
    child_count: dict[str, int] = {}
    for index, heading in enumerate(headings):
        while stack and stack[-1][0].rank >= heading.rank:
            stack.pop()
        parent_id = stack[-1][1] if stack else ""
        child_count[parent_id] = child_count.get(parent_id, 0) + 1
        section_id = f"{parent_id}.{child_count[parent_id]}" if parent_id else str(child_count[parent_id])
        own_end = headings[index + 1].start if index + 1 < len(headings) else limit
        text = body[heading.text_start : own_end].strip()
        sections.append(Section(report_id, section_id, parent_id or None, len(stack) + 1,
                                heading.number, heading.heading, text))
        spans.append(SectionSpan(section_id, heading.start, own_end))
        stack.append((heading, section_id))
    return Outline(tuple(sections), tuple(spans))
