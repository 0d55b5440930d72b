"""A report's metadata from its header and opening: title, year, dates, numbers.

Works on the simplified-script lines of the document (see ``chinese``), so
that label and pattern data need only one script.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date

from govreports.datafiles import load_yaml, require_keys
from govreports.parse import header

REPORT_TEXT = "report_text.yaml"
OPENING_CHARS = 600
CLAUSE_PUNCTUATION = re.compile(r"[，,。；;！？]")
BROKEN_TITLE_END = re.compile(r"(?:关于|\d{4}\s*年度?|的)$")
# Where a page title joins the report's title to a site name or injected text.
TITLE_SEPARATORS = re.compile(r"\s*[_｜|]\s*|\s+[-—–]\s+|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])")
SIGNATURE_ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}$")


@dataclass(frozen=True)
class HeaderFacts:
    title: str | None
    year: int | None
    published: date | None
    written: date | None
    doc_number: str | None
    index_number: str | None
    publisher: str | None


@functools.cache
def _rules() -> dict:
    data = load_yaml(REPORT_TEXT)
    keys = ["title_subjects", "title_genres", "title_max_chars", "title_exclude", "year_patterns",
            "doc_number", "index_number"]
    require_keys(REPORT_TEXT, data, keys)
    return {
        "subject": re.compile("|".join(data["title_subjects"])),
        "genre": re.compile("|".join(data["title_genres"])),
        "title_max": data["title_max_chars"],
        "title_exclude": re.compile("|".join(data["title_exclude"])),
        "years": [re.compile(p, re.MULTILINE) for p in data["year_patterns"]],
        "doc_number": re.compile(data["doc_number"]),
        "index_number": re.compile(data["index_number"]),
    }


def read_header(lines: list[str], body_start: int, title_hint: str | None) -> HeaderFacts:
    """Everything the header and opening say, from simplified-script ``lines``."""
    fields = header.read_fields(lines[:body_start])
    first = {f.name: f.value for f in reversed(fields)}  # first occurrence wins
    title = find_title(lines, body_start, first.get("title"), title_hint)
    published = _first_date(f.value for f in fields if f.name == "published")
    published = published or _date_line(lines[:body_start])
    written = _first_date(f.value for f in fields if f.name == "written") or signature_date(lines)
    opening = "\n".join(lines[body_start:])[:OPENING_CHARS]
    return HeaderFacts(
        title=title,
        year=find_year(title, opening, published),
        published=published,
        written=written,
        doc_number=_doc_number(first.get("doc_number"), lines[:body_start]),
        index_number=_match(_rules()["index_number"], first.get("index_number")),
        publisher=first.get("publisher"),
    )


def is_title(line: str) -> bool:
    rules = _rules()
    text = line.strip()
    return (
        0 < len(text) <= rules["title_max"]
        and not CLAUSE_PUNCTUATION.search(text)
        and not rules["title_exclude"].search(text)
        and rules["subject"].search(text) is not None
        and rules["genre"].search(text) is not None
    )


def find_title(lines: list[str], body_start: int, labelled: str | None, hint: str | None) -> str | None:
    """The report's title: a labelled 名称, the page's own title, or a title-like line.

    A title broken over two lines ("…关于2022年度" / "法治政府建设情况的报告")
    is joined.
    """
    for candidate in (labelled, hint):
        if candidate and is_title(candidate):
            return _clean_title(candidate)
    search_to = max(body_start, 0) + 40
    for index, line in enumerate(lines[:search_to]):
        if is_title(line) and not header.read_fields([line]):
            return _clean_title(line)
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _starts_broken_title(line, following):
            return _clean_title(line.strip() + following)
    return None


def _starts_broken_title(line: str, following: str) -> bool:
    """``line`` is the first half of a title broken over two lines.

    Not a 文号 line above a title, and not a line above a whole title unless
    the line stops mid-phrase ("…关于2022年度" / "法治政府建设情况的报告").
    """
    text = line.strip()
    return (
        len(text) > 4
        and not CLAUSE_PUNCTUATION.search(text)
        and not _rules()["doc_number"].search(text)
        and (not is_title(following) or BROKEN_TITLE_END.search(text) is not None)
        and is_title(text + following)
    )


def _clean_title(text: str) -> str:
    return strip_title_affixes(re.sub(r"\s+", " ", text.strip().lstrip("-*• ")))


def strip_title_affixes(title: str) -> str:
    """The report's own title out of a page title with a site name or mirror spam around it.

    "长沙市政府门户网站-长沙市2023年…报告_某某彩票" → "长沙市2023年…报告": the page
    title is split at ``_``, `` - ``, ``|`` or a hyphen between Han characters, and
    the first part that is a title by itself is kept. A title with no such part is
    returned whole.
    """
    parts = [part.strip() for part in TITLE_SEPARATORS.split(title)]
    if len(parts) > 1:
        for part in parts:
            if is_title(part):
                return part
    return title


def find_year(title: str | None, opening: str, published: date | None) -> int | None:
    """The year reported on: from the title, else the opening, else publication − 1."""
    for text in (title or "", opening):
        for pattern in _rules()["years"]:
            match = pattern.search(re.sub(r"(?<=\d)\s+(?=年)", "", text.translate(header.ASCII_DIGITS)))
            if match:
                return int(match["year"])
    return published.year - 1 if published else None


def _first_date(values) -> date | None:
    return next((d for d in map(header.parse_date, values) if d), None)


def _date_line(lines: list[str]) -> date | None:
    """A header line holding only a date, as on pages without labels."""
    return next((header.parse_date(line) for line in lines if header.is_date_line(line)), None)


def signature_date(lines: list[str]) -> date | None:
    """The date under a closing signature: an issuer line followed by a date line."""
    for above, line in itertools.pairwise(lines):
        if "年" in line and header.is_date_line(line) and SIGNATURE_ISSUER.match(above.strip()):
            return header.parse_date(line)
    return None


def _doc_number(labelled: str | None, header_lines: list[str]) -> str | None:
    pattern = _rules()["doc_number"]
    found = _match(pattern, labelled)
    if found:
        return found
    for line in header_lines:
        match = pattern.fullmatch(line.strip())
        if match:
            return _compact(match.group())
    return None


def _match(pattern: re.Pattern[str], value: str | None) -> str | None:
    if not value:
        return None
    match = pattern.search(value)
    return _compact(match.group()) if match else None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
