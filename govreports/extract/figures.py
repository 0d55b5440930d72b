"""Figure extraction: every number-with-unit stated in a report body.

``extract_figures`` is a pure function of the body text. It reads candidates
with the patterns of ``figure_rules`` (Arabic numbers, Chinese numerals,
百分之…), drops what is not a figure (years, ordinals, numbers inside 《》
titles, numbered terms), then attaches the subject, the sentence and the
section of each figure. Units are kept as written; 万/亿 scale the value
except before 元 (``552.22万元`` stays 552.22 万元).

Hostile text (see ``figure_rules`` for the linear-time rule of the patterns):
a number too long to be a quantity (over 15 significant digits, or 10^15 and
more) is not a figure and stays in the text; a sentence longer than
``figure_rules.MAX_SENTENCE_CHARS`` is not searched for figures
(``long_sentences`` lists them for the ``sentence_too_long`` issue); every
other step looks at a bounded window around the figure, so extraction is
linear in the body's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from govreports.extract import figure_rules as rules
from govreports.numbers import parse_number
from govreports.records import Figure, SectionSpan

YEAR_PREFIX = re.compile(r"^[0-9０-９]{4}年度?")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
GROUP_START = re.compile(f"[{rules.DIGIT}]{{3}}(?![{rules.DIGIT}])")
PAREN_GROUP = re.compile(r"[（(][^（()）]*[)）]")  # asides: 讲座(培训、报告会)3530余场


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    value: float | int
    unit: str
    approx: bool
    kind: str


@dataclass(frozen=True)
class Spans:
    """Sorted, non-overlapping [start, end) intervals with a fast overlap test."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, pattern: re.Pattern[str], text: str) -> Spans:
        found = [m.span() for m in pattern.finditer(text)]
        return cls(tuple(s for s, _ in found), tuple(e for _, e in found))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


def extract_figures(body: str, report_id: str, spans: Sequence[SectionSpan]) -> list[Figure]:
    """All figures of ``body`` in order of appearance, ``figure_id`` from 1."""
    breaks = [m.start() for m in rules.SENTENCE_BREAK.finditer(body)]
    too_long = _long_sentences(body, breaks)
    blocked = (Spans.of(rules.TITLES, body), Spans.of(rules.FIXED_TERMS, body),
               Spans(tuple(s for s, _ in too_long), tuple(e for _, e in too_long)))
    section_at = _section_finder(spans)
    figures: list[Figure] = []
    previous_end, subject = 0, ""
    for cand in _select(_candidates(body, blocked)):
        subject = _subject(body, cand, previous_end, subject)
        figures.append(Figure(
            report_id=report_id,
            figure_id=len(figures) + 1,
            value=cand.value,
            unit=cand.unit,
            approx=cand.approx,
            kind=cand.kind,
            raw=body[cand.start:cand.end],
            subject=subject,
            sentence=_sentence(body, cand.start, breaks),
            section_id=section_at(cand.start),
            char_start=cand.start,
            char_end=cand.end,
        ))
        previous_end = cand.end
    return figures


def long_sentences(body: str) -> list[tuple[int, int]]:
    """[start, end) of the sentences too long to be searched for figures."""
    return _long_sentences(body, [m.start() for m in rules.SENTENCE_BREAK.finditer(body)])


def _long_sentences(body: str, breaks: list[int]) -> list[tuple[int, int]]:
    bounds = zip([-1, *breaks], [*breaks, len(body)], strict=True)
    return [(a + 1, b) for a, b in bounds if b - a - 1 > rules.MAX_SENTENCE_CHARS]


# --- candidates -------------------------------------------------------------


def _candidates(body: str, blocked: tuple[Spans, ...]) -> Iterator[Candidate]:
    readers = ((rules.ARABIC, _read_arabic), (rules.CHINESE, _read_chinese),
               (rules.CHINESE_PERCENT, _read_percent))
    for pattern, read in readers:
        for match in pattern.finditer(body):
            cand = read(body, match)
            if cand and not _excluded(body, cand, blocked):
                yield cand


def _select(candidates: Iterator[Candidate]) -> Iterator[Candidate]:
    """Candidates in order of appearance; the first (longest) of overlapping ones."""
    last_end = -1
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if cand.start >= last_end:
            last_end = cand.end
            yield cand


def _read_arabic(body: str, m: re.Match[str]) -> Candidate | None:
    unit, mult = m["unit"], m["mult"] or ""
    if _after(body, m, rules.NOT_BEFORE_NUMBER) or _unit_blocked(body, m.end("unit"), unit):
        return None
    if _continues_grouped_number(body, m):
        return None  # the tail of 1,234,…,567件: longer than a quantity
    try:
        if unit in rules.MONEY_UNITS and mult and mult + unit in rules.UNIT_KIND:
            unit, value = mult + unit, parse_number(m["num"])  # 552.22万元: not rescaled
        else:
            value = parse_number(m["num"] + mult)  # 1万万元: 10000 万元
    except ValueError:
        return None  # too long or too large to be a quantity
    if value > rules.MAX_VALUES.get(unit, value):
        return None  # 2024年 is a year, not a duration
    return _candidate(body, m, value, unit)


def _read_chinese(body: str, m: re.Match[str]) -> Candidate | None:
    try:
        value = parse_number(m["num"])
    except ValueError:
        return None
    if value < rules.CHINESE_MIN_VALUE or _after(body, m, rules.NOT_BEFORE_NUMERAL):
        return None
    if _unit_blocked(body, m.end("unit"), m["unit"]):
        return None
    return _candidate(body, m, value, m["unit"])


def _read_percent(body: str, m: re.Match[str]) -> Candidate | None:
    try:
        value = parse_number(m["num"])
    except ValueError:
        return None
    return _candidate(body, m, value, "%")


def _candidate(body: str, m: re.Match[str], value: float, unit: str) -> Candidate:
    pre = next((w for w in rules.APPROX_BEFORE if body.endswith(w, 0, m.start())), "")
    start = m.start() - len(pre)
    kind = rules.UNIT_KIND[unit]
    if kind == "percent" and rules.CHANGE_BEFORE.search(body, max(0, start - 8), start):
        kind = "change"
    approx = bool(pre or m["post"] or ("ap" in m.re.groupindex and m["ap"]))
    return Candidate(start, m.end(), value, unit, approx, kind)


def _continues_grouped_number(body: str, m: re.Match[str]) -> bool:
    """Whether the match starts at a thousands group (``,567``) of a longer number."""
    start = m.start()
    return (start >= 2 and body[start - 1] in ",，" and body[start - 2] in rules.NOT_BEFORE_NUMBER
            and GROUP_START.match(body, start) is not None)


def _after(body: str, m: re.Match[str], chars: frozenset[str]) -> bool:
    """Whether the match continues a longer token (the character before is in ``chars``)."""
    return m.start() > 0 and body[m.start() - 1] in chars


def _unit_blocked(body: str, unit_end: int, unit: str) -> bool:
    return body.startswith(rules.UNIT_BLOCKERS.get(unit, ()), unit_end)


def _excluded(body: str, cand: Candidate, blocked: tuple[Spans, ...]) -> bool:
    before = body[max(0, cand.start - 3):cand.start].rstrip(" \u3000")
    if before and before[-1] in rules.ORDINAL_MARKERS:
        return True  # 第14次, 八届第14次
    return any(spans.overlaps(cand.start, cand.end) for spans in blocked)


# --- context ----------------------------------------------------------------


def _subject(body: str, cand: Candidate, floor: int, previous: str) -> str:
    """The counted noun phrase; ``previous`` is the last figure's (9件16人)."""
    if cand.start == floor and floor:
        return previous
    clause = _strip_prefixes(_clause_before(body, cand.start, floor))
    if not clause or clause.endswith(rules.SUBJECT.forward_triggers):
        following = _phrase_after(body, cand.end)
        if following:
            return following
    return _strip_suffixes(clause)[-rules.SUBJECT.max_length:]


def _clause_before(body: str, start: int, floor: int) -> str:
    low = max(floor, start - 4 * rules.SUBJECT.max_length)
    window = PAREN_GROUP.sub("", body[low:start])
    cut = 0
    for match in rules.CLAUSE_BREAK.finditer(window):
        cut = match.end()
    return window[cut:].strip()


def _strip_prefixes(text: str) -> str:
    text = YEAR_PREFIX.sub("", text)
    while text.startswith(rules.SUBJECT.strip_prefixes):
        prefix = next(p for p in rules.SUBJECT.strip_prefixes if text.startswith(p))
        text = YEAR_PREFIX.sub("", text[len(prefix):])
    return text


def _strip_suffixes(text: str) -> str:
    while text.endswith(rules.SUBJECT.strip_suffixes):
        suffix = next(s for s in rules.SUBJECT.strip_suffixes if text.endswith(s))
        text = text[: -len(suffix)]
    return text


def _phrase_after(body: str, end: int) -> str:
    window = rules.SUBJECT.forward_max_length + rules.SUBJECT.forward_stop_max_length
    run = CJK_RUN.match(body, end, end + window)
    if not run:
        return ""
    text = run.group()
    stop = rules.SUBJECT.forward_stops.search(text)
    if stop and stop.start() > 0:
        text = text[: stop.start()]
    return _strip_suffixes(text[: rules.SUBJECT.forward_max_length])


def _sentence(body: str, pos: int, breaks: list[int]) -> str:
    i = bisect_right(breaks, pos)
    start = breaks[i - 1] + 1 if i else 0
    end = breaks[i] + 1 if i < len(breaks) else len(body)
    return body[start:end].strip()


def _section_finder(spans: Sequence[SectionSpan]) -> Callable[[int], str | None]:
    """``_section_at`` over ``spans``; a binary search when they do not overlap (an outline's)."""
    ordered = sorted(spans, key=lambda s: s.start)
    if any(a.end > b.start for a, b in pairwise(ordered)):
        return lambda pos: _section_at(spans, pos)
    starts = [s.start for s in ordered]

    def find(pos: int) -> str | None:
        i = bisect_left(starts, pos + 1) - 1
        return ordered[i].section_id if i >= 0 and pos < ordered[i].end else None

    return find


def _section_at(spans: Sequence[SectionSpan], pos: int) -> str | None:
    inside = [s for s in spans if s.start <= pos < s.end]
    if not inside:
        return None
    return min(inside, key=lambda s: s.end - s.start).section_id
