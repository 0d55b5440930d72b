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
from govreports.issues import Issue, make_issue
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
    url_date: date | None = None  # the date in the page's URL path (evidence only, see date_issues)


@functools.cache
def _rules() -> dict:
    data = load_yaml(REPORT_TEXT)
    keys = ["title_subjects", "title_genres", "title_max_chars", "title_exclude", "year_patterns",
            "title_year", "year_blanks", "line_junk", "wrapper_title", "date_chrome", "dated_subtitle",
            "url_dates", "doc_number", "index_number"]
    require_keys(REPORT_TEXT, data, keys)
    return {
        "subject": re.compile("|".join(data["title_subjects"])),
        "genre": re.compile("|".join(data["title_genres"])),
        "title_max": data["title_max_chars"],
        "title_exclude": re.compile("|".join(data["title_exclude"])),
        "years": [re.compile(p, re.MULTILINE) for p in data["year_patterns"]],
        "title_year": re.compile(data["title_year"]),
        "year_blanks": re.compile("|".join(data["year_blanks"])),
        "line_junk": re.compile(data["line_junk"], re.MULTILINE),
        "wrapper_title": re.compile(data["wrapper_title"]),
        "date_chrome": re.compile("|".join(map(re.escape, data["date_chrome"]))),
        "dated_subtitle": re.compile(data["dated_subtitle"].replace("{date}", header.DATE.pattern)),
        "url_dates": [re.compile(p) for p in data["url_dates"]],
        "doc_number": re.compile(data["doc_number"]),
        "index_number": re.compile(data["index_number"]),
    }


def read_header(lines: list[str], body_start: int, title_hint: str | None,
                source_url: str | None = None) -> HeaderFacts:
    """Everything the header and opening say, from simplified-script ``lines``.

    ``source_url`` is evidence only: its date is reported as an issue (see
    ``date_issues``), never used for the publication date or the year.
    """
    fields = header.read_fields(lines[:body_start])
    first = {f.name: f.value for f in reversed(fields)}  # first occurrence wins
    title = find_title(lines, body_start, first.get("title"), title_hint)
    dates = fields + _metadata_lines(lines, body_start)
    published = _first_date(f.value for f in dates if f.name == "published")
    published = published or _unlabelled_date(lines[:_header_end(lines, body_start)])
    written = _first_date(f.value for f in dates if f.name == "written") or signature_date(lines)
    opening = "\n".join(lines[body_start:])[:OPENING_CHARS]
    return HeaderFacts(
        title=title,
        year=find_year(title, opening),
        published=published,
        written=written,
        doc_number=_doc_number(first.get("doc_number"), lines[:body_start]),
        index_number=_match(_rules()["index_number"], first.get("index_number")),
        publisher=first.get("publisher"),
        url_date=date_in_url(source_url),
    )


def date_issues(facts: HeaderFacts, report_id: str | None, source_url: str | None) -> list[Issue]:
    """``published_from_url`` when the page shows no publication date but its URL path has one.

    The URL date stays out of ``published``: on pages that show both, it differs
    from the shown date about one time in four (a later upload, a re-publication).
    """
    if facts.published is None and facts.url_date:
        return [make_issue("published_from_url", report_id, evidence=source_url, date=facts.url_date.isoformat())]
    return []


def _header_end(lines: list[str], body_start: int) -> int:
    """Where metadata may still appear: the body start, or the first title line when it is later."""
    dated = body_start < len(lines) and _dated_title(lines[body_start])
    return body_start + 1 if dated else body_start


def _metadata_lines(lines: list[str], body_start: int) -> list[header.Field]:
    """Fields on lines that start with a label after a misplaced body start, before the first heading."""
    found = []
    for index in range(body_start, min(len(lines), header.MAX_HEADER_LINES)):
        if header.HEADING_START.match(lines[index]):
            break
        fields = header.read_fields([lines[index]])
        found += fields if any(f.leads for f in fields) else []
    return found


def _unlabelled_date(lines: list[str]) -> date | None:
    """A header date without a label, in the forms pages use.

    A date with a time of day on a line with page chrome ("某市门户网站
    2025-01-24 11:48:24 来源: 某局"); a line holding only a date, maybe in
    parentheses; a dated subtitle ("——2021年4月29日在…会议上"); a date after
    the title on its line. A bare date in a banner ("2019年12月3日星期二") is
    none of these.
    """
    rules = _rules()
    for line in lines:
        chrome = rules["date_chrome"].search(line) or header.read_fields([line])
        found = header.dated_time(line) if chrome else None
        if found is None and header.is_date_line(line):
            found = header.parse_date(line)
        subtitle = rules["dated_subtitle"].match(line)
        if found is None and subtitle:
            found = header.parse_date(subtitle.group())
        if found is None and _dated_title(line):
            found = header.parse_date(line[_title_end(line):])
        if found:
            return found
    return None


def _dated_title(line: str) -> bool:
    """A title line with the date after it: "某区2024年法治政府建设工作情况报告 2025-02-24"."""
    end = _title_end(line)
    return end < len(line) and is_title(line[:end])


def date_in_url(url: str | None) -> date | None:
    """The date in a URL path ("…/202502/t20250226_3767837.html", "/art/2023/2/21/")."""
    if not url:
        return None
    return header.first_valid_date(m for pattern in _rules()["url_dates"] for m in pattern.finditer(url))


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
        wrapper = _rules()["wrapper_title"].search(line)
        if wrapper and is_title(wrapper["title"]):
            return _clean_title(wrapper["title"])
        if _dated_title(line):
            line = line[: _title_end(line)]
        if is_title(line) and not header.read_fields([line]):
            return _clean_title(line)
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _starts_broken_title(line, following):
            return _clean_title(line.strip() + following)
    return None


def _title_end(line: str) -> int:
    """Where the date after a dated title line starts."""
    match = header.DATE.search(line, 4)
    while match and not header.is_date_line(line[match.start():]):
        match = header.DATE.search(line, match.end())
    return match.start() if match else len(line)


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


def find_year(title: str | None, opening: str) -> int | None:
    """The year reported on, as the title or the opening states it; None rather than a guess.

    The publication date and the URL are not used: on the development corpus
    they gave no report a year it lacked but gave one to news pages and notices.
    """
    rules = _rules()
    for index, text in enumerate((title or "", opening)):
        text = text.translate(header.ASCII_DIGITS)
        text = rules["line_junk"].sub("", rules["year_blanks"].sub("", re.sub(r"(?<=\d)\s+(?=年)", "", text)))
        patterns = rules["years"] + ([rules["title_year"]] if index == 0 else [])
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                return int(match["year"])
    return None


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
