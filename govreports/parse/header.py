"""A page's header block: where the body starts, labelled fields, dates.

Label variants live in ``data/header_labels.yaml``; this module only knows
how a label is marked off from its value: a colon ("发布时间:"), brackets
("[ 发布日期 ]"), a table cell ("| 发布时间 | 2024-03-20 |") or a date right
after it ("发布时间2023-03-27"); the value runs to the next label or the end
of the line. Labels of two characters must not follow a Han character
("统计时间" is not the label 时间); longer ones may stand anywhere on a line
("来源:某区人民政府更新时间:2022-03-10").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from govreports.datafiles import load_yaml, require_keys
from govreports.ingest.normalize import spaced_label

HEADER_LABELS = "header_labels.yaml"
MAX_HEADER_LINES = 40
# A label is followed by a colon, a table cell or a date, or opens a bracket (see _labels):
# a line with none of these holds none.
MAY_HOLD_LABEL = re.compile(r"[:：|│\[【［]|\d")
MAX_LABEL_LINE = 2_000  # characters of a line searched for labels: a metadata line is short
PROSE = re.compile(r"[，,。；;]")
YEAR_OPENING = re.compile(r"^\s*(?:19|20)\d{2}\s*年")
HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
DATE = re.compile(
    r"(?P<y>20\d{2})\s*(?:[-/.]\s*|年\s*)(?P<m>\d{1,2})\s*(?:[-/.]\s*|月\s*)(?P<d>\d{1,2})(?!\d)"
)
# A time after a date: "11:48", "12:17:36", "04时21分".
TIME = re.compile(r"\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2}\s*秒?|\s*分)?")
EMPTY_VALUE = re.compile(r"^[-—–_\s/|│]*$")
CELL = " 　|│"
HAN = "\u4e00-\u9fff"
SHORT_LABEL = 2  # labels this long must not follow a Han character
# Full-width digits and date separators read as ASCII for dates and years ("２０２４－０１", "2０24年").
ASCII_DIGITS = str.maketrans("０１２３４５６７８９－．／：", "0123456789-./:")
# Page widgets trailing a value ("司法局 【字体：大 中 小】", "… 选择阅读字号:[ 大 中 小 ]").
TRAILING_WIDGET = re.compile(r"\s*[【\[［].*$")


@dataclass(frozen=True)
class Field:
    name: str  # a key of header_labels.yaml "fields"
    value: str
    line: int
    leads: bool = False  # the line starts with this field's label (a metadata line)


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
        (f"(?<![{HAN}])" if len(label) <= SHORT_LABEL else "")
        + f"(?P<f{i}>{spaced_label(label, '[ 　]*')})"
        for i, (label, _) in enumerate(labels)
    )
    # "[ 发布日期 ]", "发布日期:", "| 发布日期 | …", "发布日期2025-01-01"
    pattern = re.compile(
        rf"(?P<open>[\[【［][ 　]*)?(?:{alternatives})[ 　]*"
        r"(?(open)[\]】］][ 　]*[:：]?|(?:[:：]|(?=[|│])|(?=20\d{2}\s*[-/.年])))"
    )
    return pattern, tuple(field for _, field in labels)


def read_fields(lines: list[str]) -> list[Field]:
    """Every ``label: value`` pair in ``lines`` (simplified script), in order."""
    pattern, field_of_group = _labels()
    found: list[Field] = []
    for number, line in enumerate(lines):
        text = line.strip().lstrip("-*•·").strip(CELL)[:MAX_LABEL_LINE]
        if not MAY_HOLD_LABEL.search(text):
            continue  # the label pattern is slow, and cannot match here
        matches = list(pattern.finditer(text))
        for match, following in zip(matches, matches[1:] + [None]):
            end = following.start() if following else len(text)
            value = TRAILING_WIDGET.sub("", text[match.end() : end]).strip(CELL)
            group = next(name for name, got in match.groupdict().items() if got and name != "open")
            field = field_of_group[int(group[1:])]
            if field and not EMPTY_VALUE.match(value):
                found.append(Field(field, value, number, leads=match.start() == 0))
    return found


def parse_date(text: str) -> date | None:
    """The first plausible date in ``text``: 2024-03-28, 2021/03/29, 2019年3月1日."""
    return first_valid_date(DATE.finditer(text.translate(ASCII_DIGITS)))


def first_valid_date(matches: Iterable[re.Match[str]]) -> date | None:
    """The first match (groups y, m, d) that is a real calendar date (not 2023-02-30)."""
    for match in matches:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None


def is_date_line(text: str) -> bool:
    """A line holding only a date (and maybe a time): "2024-02-29 08:57", "(2025年12月11日)"."""
    text = text.strip()
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1].strip()
    match = DATE.match(text)
    return match is not None and re.fullmatch(r"日?", TIME.sub("", text[match.end():].strip(), count=1).strip()) is not None


def dated_time(text: str) -> date | None:
    """The date of the first "date + time of day" in ``text`` ("2025-01-24 11:48:24")."""
    for match in DATE.finditer(text):
        if TIME.match(text, match.end() + (text[match.end():match.end() + 1] == "日")):
            return parse_date(match.group())
    return None
