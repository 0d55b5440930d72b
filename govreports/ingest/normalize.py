"""Normalise decoded report text: one clean-up for every input format.

Later stages compute character offsets on this text and match figures in it,
so every rule is conservative: scripts are never converted, full-width digits
and brackets stay as written, and page-chrome rules only touch header/footer
lines that are not prose (see ``data/chrome.yaml``).  The result has one
paragraph per line and no blank lines.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from govreports.chinese import display_width
from govreports.datafiles import DataFileError, data_path, load_csv, load_yaml, require_keys

CHROME = "chrome.yaml"
RADICALS = "radicals.csv"
HEADER_LABELS = "header_labels.yaml"  # owned by the parse stage; optional here

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65—‘’“”…·"
CJK = f"[{HAN}{CJK_PUNCT}]"
DIGIT = "[0-9\uff10-\uff19]"
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b]")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ODD_SPACES = "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# A year typed with a space between its digits ("2 0 2 4 年", "2 0 2 4-01-28"), joined;
# other spaced digits (table cells "2 3") are left alone.
SPACED_YEAR = re.compile(r"(?<![0-9\uff10-\uff19])([12１２])[ \t]([0-9０-９])[ \t]([0-9０-９])[ \t]([0-9０-９])(?=[ \t]*[年\-/.．])")
SENTENCE_END = re.compile(r"[。！？；：!?;:][”’」』》)）]*$")
FULL_LINE = 0.85  # a wrapped PDF line fills at least this share of the typical width
WRAPPED_SHARE = 0.25  # text is wrapped if this share of lines are full and mid-sentence
LOOSE_BLANKS = 0.6  # blank lines after this share of lines are layout, not paragraphs


@dataclass(frozen=True)
class Rules:
    """The compiled contents of ``chrome.yaml`` plus the header labels."""

    header_lines: int
    footer_lines: int
    fragments: tuple[re.Pattern[str], ...]
    lines: tuple[re.Pattern[str], ...]
    nav_line: re.Pattern[str]
    footer: re.Pattern[str]
    prose: re.Pattern[str]
    page_number: re.Pattern[str]
    pinyin: re.Pattern[str]
    paragraph_start: re.Pattern[str]
    label_line: re.Pattern[str]
    spacing: re.Pattern[str]


def normalize(text: str, *, wrapped: bool = False) -> str:
    """Clean decoded text; ``wrapped`` text (PDF/DOCX) also gets its lines rejoined."""
    rules = _rules()
    text = unicodedata.normalize("NFC", text.translate(_char_table()))
    text = LINE_BREAKS.sub("\n", text)
    lines = _unwrap(text, rules) if wrapped else text.replace("\f", "\n").split("\n")
    lines = [_clean_line(line, rules) for line in lines]
    lines = _strip_chrome([line for line in lines if line], rules)
    return "\n".join(filter(None, (_clean_line(line, rules) for line in lines)))


def looks_like_pdf_text(text: str) -> bool:
    """A text copy of a PDF's text layer: page breaks or radical code points."""
    return "\f" in text or any(char in _radicals() for char in text)


def header_labels() -> tuple[str, ...]:
    """Header labels (索引号, 发布时间 …): ours plus the parse stage's, if present."""
    labels = set(_rules_data()["header_labels"])
    if data_path(HEADER_LABELS).exists():
        labels.update(_han_strings(load_yaml(HEADER_LABELS)))
    return tuple(sorted(labels, key=lambda label: (-len(label), label)))


def label_regex(min_length: int = 1) -> str:
    """Alternation of header labels, tolerating spaces inside ("索 引 号")."""
    labels = (label for label in header_labels() if len(label) >= min_length)
    return "|".join(spaced_label(label) for label in labels)


def spaced_label(label: str, gap: str = r"\s*") -> str:
    """Regex of ``label`` with ``gap`` allowed between its characters ("索 引 号")."""
    return gap.join(map(re.escape, label))


def _clean_line(line: str, rules: Rules) -> str:
    line = rules.pinyin.sub("", line.strip())
    line = SPACED_YEAR.sub(r"\1\2\3\4", line)
    return rules.spacing.sub("", line)


def _unwrap(text: str, rules: Rules) -> list[str]:
    """Paragraph lines of a PDF-like text; '' marks a paragraph break."""
    pages = text.split("\f")
    lines: list[str] = []
    for page in pages:
        page_lines = [line.strip() for line in page.split("\n")]
        lines += _trim_page(page_lines, rules) if len(pages) > 1 else page_lines
    breaks = sum(1 for a, b in itertools.pairwise(lines) if a and not b)
    if breaks >= LOOSE_BLANKS * sum(1 for line in lines if line):
        lines = [line for line in lines if line]
    return _join(lines, rules)


def _trim_page(lines: list[str], rules: Rules) -> list[str]:
    """Drop blank lines and a page number at the bottom and top of a page."""
    for _ in range(2):  # bottom, then (reversed) top
        lines = _drop_trailing_blanks(lines)
        if lines and rules.page_number.fullmatch(lines[-1]):
            lines = _drop_trailing_blanks(lines[:-1])
        lines = lines[::-1]
    return lines


def _drop_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def _join(lines: list[str], rules: Rules) -> list[str]:
    """Join lines that a page break or line wrap split mid-paragraph."""
    widths = sorted(display_width(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] * FULL_LINE if widths else 0
    wrapped = [
        line
        for line in lines
        if line and display_width(line) >= full and not SENTENCE_END.search(line)
    ]
    if len(wrapped) < WRAPPED_SHARE * len(widths):
        return lines
    out: list[str] = []
    previous = ""
    for line in lines:
        if (
            previous
            and line
            and display_width(previous) >= full
            and _continues(previous, line, rules)
        ):
            out[-1] = _concat(out[-1], line)
        else:
            out.append(line)
        previous = line
    return out


def _continues(previous: str, line: str, rules: Rules) -> bool:
    """Whether a full-width ``previous`` line runs on into ``line``.

    A sentence end at the line end is taken as a paragraph end: wrongly
    splitting a paragraph at a sentence is milder than swallowing a heading
    or a signature line into the paragraph above.
    """
    if SENTENCE_END.search(previous) or rules.label_line.match(previous):
        return False
    return not (rules.paragraph_start.match(line) or rules.label_line.match(line))


def _concat(left: str, right: str) -> str:
    words = (
        left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha()
    )
    return f"{left} {right}" if words else left + right


def _strip_chrome(lines: list[str], rules: Rules) -> list[str]:
    footer_start = len(lines) - rules.footer_lines
    kept = []
    for index, line in enumerate(lines):
        in_zone = index < rules.header_lines or index >= footer_start
        if in_zone and not rules.prose.search(line):
            line = _unchrome(line, rules, footer=index >= footer_start)
        if line:
            kept.append(line)
    return kept


def _unchrome(line: str, rules: Rules, *, footer: bool) -> str:
    """A zone line without its chrome fragments; '' if it is all chrome."""
    if any(pattern.match(line) for pattern in rules.lines):
        return ""
    if footer and rules.footer.search(line):
        return ""
    for pattern in rules.fragments:
        line = pattern.sub(_gap, line)
    line = line.strip()
    return "" if rules.nav_line.fullmatch(line) else line


def _gap(match: re.Match[str]) -> str:
    """Keep one space where chrome sat between two spaced words."""
    found = match.group()
    return " " if found[:1].isspace() and found[-1:].isspace() else ""


@functools.cache
def _radicals() -> dict[str, str]:
    rows = load_csv(RADICALS)
    if not rows or any(len(row["radical"]) != 1 or len(row["standard"]) != 1 for row in rows):
        raise DataFileError(f"{data_path(RADICALS)}: expected one character per cell")
    return {row["radical"]: row["standard"] for row in rows}


@functools.cache
def _char_table() -> dict[int, Any]:
    table: dict[int, Any] = {ord(char): None for char in INVISIBLE}
    table.update({ord(char): " " for char in ODD_SPACES})
    table.update({ord(radical): standard for radical, standard in _radicals().items()})
    return table


def _han_strings(node: Any) -> list[str]:
    """Every short string with a Han character anywhere in a YAML structure."""
    if isinstance(node, str):
        return [node] if len(node) <= 8 and re.search(f"[{HAN}]", node) else []
    if isinstance(node, dict):
        return _han_strings(list(node)) + _han_strings(list(node.values()))
    if isinstance(node, list):
        return [text for item in node for text in _han_strings(item)]
    return []


def _rules_data() -> dict[str, Any]:
    data = load_yaml(CHROME)
    keys = ["header_lines", "footer_lines", "fragments", "lines", "nav_words", "separators"]
    keys += ["footer_markers", "prose", "page_number", "pinyin_annotation", "paragraph_starts"]
    require_keys(CHROME, data, keys + ["header_labels"])
    return data


def _compile(pattern: str, why: str = "") -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataFileError(f"{data_path(CHROME)}: bad pattern {why or pattern!r}: {exc}") from exc


@functools.cache
def _rules() -> Rules:
    data = _rules_data()
    words = "|".join(map(re.escape, sorted(data["nav_words"], key=len, reverse=True)))
    labels = label_regex()
    spaced = rf"(?:(?<={CJK})\s+(?={CJK}|{DIGIT})|(?<={DIGIT})\s+(?={CJK}))"
    return Rules(
        header_lines=int(data["header_lines"]),
        footer_lines=int(data["footer_lines"]),
        fragments=tuple(
            _compile(rf"\s*(?:{item['pattern']})\s*", item["why"]) for item in data["fragments"]
        ),
        lines=tuple(_compile(item["pattern"], item["why"]) for item in data["lines"]),
        nav_line=_compile(rf"(?:{data['separators']}|{words})+"),
        footer=_compile(data["footer_markers"]),
        prose=_compile(data["prose"]),
        page_number=_compile(data["page_number"]),
        pinyin=_compile(data["pinyin_annotation"]),
        paragraph_start=_compile(data["paragraph_starts"]),
        label_line=_compile(rf"[-•·*]?\s*(?:{labels})\s*[:：]"),
        spacing=_compile(rf"{spaced}(?!(?:{labels})\s*[:：])"),
    )
