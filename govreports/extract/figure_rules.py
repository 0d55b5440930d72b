"""Compiled figure-extraction rules, built once from ``data/units.yaml``.

``figures`` uses three patterns: Arabic numbers with a unit (``1,236件``,
``1.2万人次``, ``98%以上``), Chinese numerals with a counting unit (``学法十二次``)
and Chinese percentages (``百分之九十``). Everything else here is lookup tables.

Linear time on any text (report text is untrusted): every pattern here that is
scanned over a body has only *bounded* quantifiers where characters may repeat
(``{1,15}`` digits, ``{0,4}`` thousands groups, ``{0,20}`` numeral characters,
``{0,TITLE_MAX_CHARS}`` inside 《》), and no two unbounded quantifiers over the
same characters sit next to each other or inside one another. So the work at
each start position is bounded and a scan is linear: a 100 KB run of digits
costs what 100 KB of prose does. A longer run of digits than a quantity holds
(``numbers.MAX_SIGNIFICANT_DIGITS``) matches only at its tail, which follows a
digit and is dropped: it is not a figure and stays in the text. New patterns
must keep this rule (``tests/test_hostile_parse.py`` checks the growth).
Sentences longer than ``MAX_SENTENCE_CHARS`` are not searched for figures
at all (issue ``sentence_too_long``): per-figure work is proportional to the
sentence, so the cap keeps a report's cost linear in its length.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from govreports.datafiles import DataFileError, load_yaml, require_keys
from govreports.numbers import CHINESE_CHARS, DIGITS, MULTIPLIERS, SMALL_POWERS

DATA_FILE = "units.yaml"
KINDS = ("money", "percent", "change", "count")
DIGIT = "0-9０-９"
# At most 15 digits before the point (1 to 3 then 4 groups of 3 with separators)
# and 15 after: numbers.MAX_SIGNIFICANT_DIGITS. Possessive (no unit starts with a
# digit, so giving digits back never helps): a run of digits costs one try per position.
NUMBER = rf"[{DIGIT}]{{1,15}}+(?:[,，][{DIGIT}]{{3}}(?![{DIGIT}])){{0,4}}(?:[.．][{DIGIT}]{{1,15}}+)?"
NUMERAL_MAX_CHARS = 20  # 一百二十三万四千五百六十七 is 13
TITLE_MAX_CHARS = 200  # the longest 《title》 in the real pages is 61
MAX_SENTENCE_CHARS = 1000  # the longest sentence in the real pages is about 450


@dataclass(frozen=True)
class SubjectRules:
    max_length: int
    forward_max_length: int
    separators: str
    strip_prefixes: tuple[str, ...]
    strip_suffixes: tuple[str, ...]
    forward_triggers: tuple[str, ...]
    forward_stops: re.Pattern[str]
    forward_stop_max_length: int


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _load() -> dict:
    data = load_yaml(DATA_FILE)
    require_keys(DATA_FILE, data, [
        "units", "max_values", "unit_blockers", "approx_before", "approx_after_number",
        "approx_after_unit", "change_markers", "ordinal_markers", "chinese_numeral_units",
        "chinese_min_value", "fixed_terms", "title_brackets", "subject",
    ])
    require_keys(DATA_FILE, data["units"], list(KINDS))
    unknown = set(data["chinese_numeral_units"]) - {u for k in KINDS for u in data["units"][k]}
    if unknown:
        raise DataFileError(f"{DATA_FILE}: chinese_numeral_units not in units: {sorted(unknown)}")
    return data


_DATA = _load()

UNIT_KIND: dict[str, str] = {u: kind for kind in KINDS for u in _DATA["units"][kind]}
MONEY_UNITS = frozenset(_DATA["units"]["money"])
PERCENT_UNITS = frozenset(_DATA["units"]["percent"])
MAX_VALUES: dict[str, int] = dict(_DATA["max_values"])
UNIT_BLOCKERS: dict[str, tuple[str, ...]] = {
    unit: tuple(words) for unit, words in _DATA["unit_blockers"].items()
}
ORDINAL_MARKERS = frozenset(_DATA["ordinal_markers"])
CHINESE_MIN_VALUE: int = _DATA["chinese_min_value"]

APPROX_BEFORE: tuple[str, ...] = tuple(sorted(_DATA["approx_before"], key=len, reverse=True))
# A number right after these characters is part of a longer token (2.0, 12345, G20).
NOT_BEFORE_NUMBER = frozenset("0123456789０１２３４５６７８９.．" + string.ascii_letters)
NOT_BEFORE_NUMERAL = frozenset(CHINESE_CHARS)

_MID = rf"(?P<ap>{_alternation(_DATA['approx_after_number'])})?"
_POST = rf"(?P<post>{_alternation(_DATA['approx_after_unit'])})?"
_MULT = rf"(?P<mult>[{''.join(MULTIPLIERS)}])?"
_CN_START = "".join(DIGITS) + "".join(SMALL_POWERS)[:1]  # a numeral starts with a digit or 十

# No leading groups or look-behinds: they slow every position of the scan down,
# so the approximation prefix and the character before are checked in code.
ARABIC = re.compile(
    rf"(?P<num>{NUMBER}){_MULT}{_MID}[ \u3000]?(?P<unit>{_alternation(list(UNIT_KIND))}){_POST}"
)
CHINESE = re.compile(
    rf"(?P<num>[{_CN_START}][{CHINESE_CHARS}]{{0,{NUMERAL_MAX_CHARS}}}){_MID}"
    rf"(?P<unit>{_alternation(_DATA['chinese_numeral_units'])}){_POST}"
)
CHINESE_PERCENT = re.compile(
    rf"百分之(?P<num>{NUMBER}|[{CHINESE_CHARS}]{{1,{NUMERAL_MAX_CHARS}}}"
    rf"(?:点[{''.join(DIGITS)}]{{1,{NUMERAL_MAX_CHARS}}})?){_POST}"
)
CHANGE_BEFORE = re.compile(rf"(?:{_alternation(_DATA['change_markers'])})了?$")
FIXED_TERMS = re.compile(_alternation(_DATA["fixed_terms"]))
TITLES = re.compile(
    "|".join(f"{re.escape(a)}[^{re.escape(b)}\n]{{0,{TITLE_MAX_CHARS}}}{re.escape(b)}"
             for a, b in _DATA["title_brackets"])
)


def _subject_rules(raw: dict) -> SubjectRules:
    return SubjectRules(
        max_length=int(raw["max_length"]),
        forward_max_length=int(raw["forward_max_length"]),
        separators=raw["clause_separators"],
        strip_prefixes=tuple(raw["strip_prefixes"]),
        strip_suffixes=tuple(raw["strip_suffixes"]),
        forward_triggers=tuple(raw["forward_triggers"]),
        forward_stops=re.compile(_alternation(raw["forward_stops"])),
        forward_stop_max_length=max(map(len, raw["forward_stops"])),
    )


SUBJECT = _subject_rules(_DATA["subject"])
CLAUSE_BREAK = re.compile(f"[{re.escape(SUBJECT.separators)}]")
SENTENCE_BREAK = re.compile(r"[。！？；!?;\n]")
