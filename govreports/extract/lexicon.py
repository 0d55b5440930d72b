"""Load and validate ``data/indicator_lexicon.yaml`` (used by ``indicators``).

The file is data, not code, so it is checked hard when loaded: unknown keys,
codes missing from ``indicators.csv``, units or kinds that make no sense and
regexes that do not compile all raise ``DataFileError`` naming the file and
the entry. Patterns are compiled once here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from govreports.datafiles import DataFileError, data_path, load_csv

LEXICON_FILE = "indicator_lexicon.yaml"
KINDS = frozenset({"count", "percent", "money"})
# Units an indicator may accept; anything else in the lexicon is a typo.
KNOWN_UNITS = frozenset(
    ["件", "次", "人次", "人", "名", "份", "条", "项", "卷", "场", "场次", "期"]
    + ["宗", "起", "户", "家", "个", "%", "万元", "亿元", "元", "件次"]
)
_CODE_KEYS = frozenset({"units", "kinds", "rules", "exclude", "exclude_sentence", "note"})
_RULE_KEYS = frozenset({"subject", "clause", "sentence", "exclude", "words", "priority", "note"})


@dataclass(frozen=True)
class Rule:
    rule_id: str  # "code#n", n counted from 1 in file order
    subject: tuple[re.Pattern[str], ...]
    clause: tuple[re.Pattern[str], ...]
    sentence: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    words: tuple[str, ...]
    priority: int


@dataclass(frozen=True)
class Code:
    code: str
    units: tuple[str, ...]  # units[0] is the exact unit (the one in indicators.csv)
    kinds: tuple[str, ...]
    rules: tuple[Rule, ...]
    exclude: tuple[re.Pattern[str], ...]
    exclude_sentence: tuple[re.Pattern[str], ...]
    keys: tuple[str, ...] | None  # literals one of which any match contains; None: unknown


@dataclass(frozen=True)
class Lexicon:
    codes: tuple[Code, ...]
    by_kind_unit: dict[tuple[str, str], tuple[Code, ...]]
    automaton: Any  # ahocorasick.Automaton: literal key -> codes needing it
    unkeyed: frozenset[str]  # codes that must always be tried

    def codes_near(self, text: str) -> frozenset[str]:
        """Codes whose rules could match ``text`` (a cheap literal pre-check)."""
        found = set(self.unkeyed)
        for _, codes in self.automaton.iter(text):
            found.update(codes)
        return frozenset(found)


def load_lexicon(path: Path | None = None, indicators: dict[str, str] | None = None) -> Lexicon:
    """The lexicon at ``path`` (default: the bundled file, loaded once).

    ``indicators`` maps each known code to its unit (default: ``indicators.csv``).
    """
    if path is None and indicators is None:
        return _default_lexicon()
    return _build(path or data_path(LEXICON_FILE), indicators or indicator_units())


def indicator_units() -> dict[str, str]:
    return {row["code"]: row["unit"] for row in load_csv("indicators.csv")}


@functools.cache
def _default_lexicon() -> Lexicon:
    return _build(data_path(LEXICON_FILE), indicator_units())


def _build(path: Path, indicators: dict[str, str]) -> Lexicon:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("codes"), dict):
        raise DataFileError(f"{path}: expected a mapping with a 'codes' mapping")
    codes = tuple(
        _code(path, str(name), entry, indicators) for name, entry in raw["codes"].items()
    )
    index: dict[tuple[str, str], list[Code]] = {}
    for code in codes:
        for kind in code.kinds:
            for unit in code.units:
                index.setdefault((kind, unit), []).append(code)
    return Lexicon(
        codes,
        {key: tuple(value) for key, value in index.items()},
        *_key_index(codes),
    )


def _key_index(codes: tuple[Code, ...]) -> tuple[Any, frozenset[str]]:
    keyed: dict[str, set[str]] = {}
    for code in codes:
        for key in code.keys or ():
            keyed.setdefault(key, set()).add(code.code)
    automaton = ahocorasick.Automaton()
    for key, names in keyed.items():
        automaton.add_word(key, frozenset(names))
    if keyed:
        automaton.make_automaton()
    return automaton, frozenset(c.code for c in codes if c.keys is None)


def _code_keys(patterns: Iterable[re.Pattern[str]]) -> tuple[str, ...] | None:
    keys = [_required_literal(p.pattern) for p in patterns]
    return None if any(k is None for k in keys) else tuple(sorted(set(keys)))  # type: ignore


def _required_literal(pattern: str) -> str | None:
    """The longest run of CJK characters every match of ``pattern`` contains.

    Only top-level characters count: anything in () or [], after a
    backslash or followed by a quantifier may be absent. A top-level ``|``
    means no single literal is required (None).
    """
    depth, runs, run = 0, [], ""
    for i, char in enumerate(pattern):
        optional = pattern[i + 1 : i + 2] in ("?", "*", "{")
        if i and pattern[i - 1] == "\\" or char == "\\":
            pass  # an escape and the escaped character are never keys
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        if depth == 0 and "\u4e00" <= char <= "\u9fff" and not optional:
            run += char
            continue
        runs.append(run)
        run = ""
    best = max([*runs, run], key=len)
    return best or None


def _code(path: Path, name: str, entry: Any, indicators: dict[str, str]) -> Code:
    where = f"{path}: entry {name!r}"
    if name not in indicators:
        raise DataFileError(f"{where}: unknown indicator code (not in indicators.csv)")
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping")
    _check_keys(where, entry, _CODE_KEYS)
    units = _strings(where, entry, "units")
    if not units or units[0] != indicators[name]:
        raise DataFileError(f"{where}: units must start with {indicators[name]!r}")
    bad = [u for u in units if u not in KNOWN_UNITS]
    kinds = _strings(where, entry, "kinds")
    bad += [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise DataFileError(f"{where}: unknown or missing units/kinds {bad}")
    rules = entry.get("rules")
    if not isinstance(rules, list) or not rules:
        raise DataFileError(f"{where}: 'rules' must be a non-empty list")
    compiled = tuple(_rule(f"{where} rule {i}", f"{name}#{i}", r) for i, r in enumerate(rules, 1))
    return Code(
        code=name,
        units=units,
        kinds=kinds,
        rules=compiled,
        exclude=_patterns(where, entry, "exclude"),
        exclude_sentence=_patterns(where, entry, "exclude_sentence"),
        keys=_code_keys(p for r in compiled for p in (*r.subject, *r.clause)),
    )


def _rule(where: str, rule_id: str, entry: Any) -> Rule:
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping")
    _check_keys(where, entry, _RULE_KEYS)
    priority = entry.get("priority", 1)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise DataFileError(f"{where}: priority must be an integer")
    rule = Rule(
        rule_id=rule_id,
        subject=_patterns(where, entry, "subject"),
        clause=_patterns(where, entry, "clause"),
        sentence=_patterns(where, entry, "sentence"),
        exclude=_patterns(where, entry, "exclude"),
        words=_strings(where, entry, "words"),
        priority=priority,
    )
    if not rule.subject and not rule.clause:
        raise DataFileError(f"{where}: a rule needs 'subject' or 'clause' patterns")
    return rule


def _check_keys(where: str, entry: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(map(str, entry)) - allowed)
    if unknown:
        raise DataFileError(f"{where}: unknown keys {', '.join(unknown)}")


def _strings(where: str, entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(f"{where}: {key!r} must be a string or a list of strings")
    return tuple(value)


def _patterns(where: str, entry: dict[str, Any], key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in _strings(where, entry, key):
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise DataFileError(f"{where}: bad regex in {key!r}: {pattern!r}: {exc}") from exc
    return tuple(compiled)
