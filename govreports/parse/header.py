"""A page's header block: where the body starts, labelled fields, dates.

Label variants live in ``data/header_labels.yaml``; this module only knows
that a label is followed by an optional colon and a value that runs to the
next label or the end of the line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from govreports.datafiles import load_yaml, require_keys
from govreports.ingest.normalize import spaced_label

HEADER_LABELS = "header_labels.yaml"
MAX_HEADER_LINES = 40
PROSE = re.compile(r"[，,。；;]")
YEAR_OPENING = re.compile(r"^\s*(?:19|20)\d{2}\s*年")
HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]\s*|年\s*)(?P<m>\d{1,2})\s*(?:[-/.]\s*|月\s*)(?P<d>\d{1,2})(?!\d)"
)
# Full-width digits and date separators read as ASCII for dates and years ("２０２４－０１", "2０24年").
ASCII_DIGITS = str.maketrans("０１２３４５６７８９－．／：", "0123456789-./:")
EMPTY_VALUE = re.compile(r"^[-—–_\s/]*$")
# Page widgets trailing a value ("司法局 【字体：大 中 小】", "… 选择阅读字号:[ 大 中 小 ]").
TRAILING_WIDGET = re.compile(r"\s*[【\[［].*$")


@dataclass(frozen=True)
class Field:
    name: str  # a key of header_labels.yaml "fields"
    value: str
    line: int


def body_start(lines: list[str]) -> int:
    """Index of the first line of the report's body.

    The header is the run of short lines before the first prose line: a line
    with clause punctuation, an outline heading, or one opening with a year
    ("2024年,东区…").
    """
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        text = line.strip()
        if HEADING_START.match(text) or (len(text) > 25 and PROSE.search(text)):
            return index
        if YEAR_OPENING.match(text) and len(text) > 20:
            return index
    return 0


@functools.cache
def _labels() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The label regex (one named group per label) and each group's field name."""
    data = load_yaml(HEADER_LABELS)
    require_keys(HEADER_LABELS, data, ["fields", "ignored"])
    labels = [(label, field) for field, names in data["fields"].items() for label in names]
    labels += [(label, "") for label in data["ignored"]]
    labels.sort(key=lambda item: -len(item[0]))
    alternatives = "|".join(
        f"(?P<f{i}>{spaced_label(label, '[ 　]*')})" for i, (label, _) in enumerate(labels)
    )
    pattern = re.compile(rf"(?:^|(?<=[\s|│]))(?:{alternatives})[ 　]*[:：]")
    return pattern, tuple(field for _, field in labels)


def read_fields(lines: list[str]) -> list[Field]:
    """Every ``label: value`` pair in ``lines`` (simplified script), in order."""
    pattern, field_of_group = _labels()
    found: list[Field] = []
    for number, line in enumerate(lines):
        text = line.strip().lstrip("-*•·").strip()
        matches = list(pattern.finditer(text))
        for match, following in zip(matches, matches[1:] + [None]):
            end = following.start() if following else len(text)
            value = TRAILING_WIDGET.sub("", text[match.end() : end]).strip()
            field = field_of_group[int(str(match.lastgroup)[1:])]  # every alternative is a named group
            if field and not EMPTY_VALUE.match(value):
                found.append(Field(field, value, number))
    return found


def parse_date(text: str) -> date | None:
    """The first plausible date in ``text``: 2024-03-28, 2021/03/29, 2019年3月1日."""
    for match in DATE.finditer(text.translate(ASCII_DIGITS)):
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None


def is_date_line(text: str) -> bool:
    """A line holding only a date (and maybe a time): "2024-02-29 08:57"."""
    stripped = DATE.sub("", text.strip(), count=1)
    return stripped != text.strip() and re.fullmatch(r"[\s\d:：日]*", stripped) is not None
