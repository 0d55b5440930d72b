"""Map extracted figures to the public indicator codes (``indicators.csv``).

The domain knowledge lives in ``data/indicator_lexicon.yaml``; this module
only applies it. A wrong number under an indicator code is worse than a
missing one, so every doubt resolves to "leave the code unmapped":

1. A figure is a *candidate* for a code when its kind and unit are accepted
   and one of the code's rules matches what is counted (the figure's subject,
   or the clause before the figure, or the clause with the number replaced by
   ``#`` for "受理的4453件矛盾纠纷"), with the rule's sentence context present
   and no exclusion matching.
2. A figure that is a candidate for several codes keeps only its best-priority
   code; a tie between codes drops the figure.
3. Per code: keep the exact-unit candidates if any, then the best priority;
   the same value stated twice is one value (first figure wins); different
   values remaining are a conflict and the code stays unmapped (warning).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from govreports.chinese import ensure_jieba, fold_traditional
from govreports.extract.lexicon import Code, Lexicon, Rule, load_lexicon
from govreports.issues import Issue, make_issue
from govreports.records import Figure, IndicatorValue

__all__ = [
    "Lexicon",
    "Mapping",
    "load_lexicon",
    "map_indicators",
    "resolve_indicators",
    "unused_entries",
]

_DELIMITERS = frozenset(",，;；。:：、()（）!?！？\n")
_DELIMITER = re.compile("[" + re.escape("".join(sorted(_DELIMITERS))) + "]")
# A sentence stating the same figure more often than this (行政复议52件，行政复议52件，…)
# is read at its first occurrences only: the choice is linear, not quadratic, in the sentence.
MAX_OCCURRENCES = 8
_QUOTES = str.maketrans("", "", "“”\"‘’'「」《》〈〉 \u3000")


@dataclass(frozen=True)
class Mapping:
    """Result of mapping one report; ``issues`` explain what was left unmapped."""

    figures: list[Figure]
    values: list[IndicatorValue]
    issues: list[Issue]


@dataclass(frozen=True)
class _Candidate:
    code: Code
    rule: Rule
    figure: Figure
    exact_unit: bool


@dataclass(frozen=True)
class _View:
    """The normalised texts of one figure that rules look at."""

    subject: str
    lead: str
    clause: str
    sentence: str
    unit: str

    @functools.cached_property
    def gate_text(self) -> str:
        return f"{self.subject}\n{self.lead}\n{self.clause}"


def map_indicators(
    figures: Sequence[Figure], report_id: str
) -> tuple[list[Figure], list[IndicatorValue]]:
    """Figures with ``indicator`` set on the chosen ones, and one value per code."""
    result = resolve_indicators(figures, report_id)
    return result.figures, result.values


def resolve_indicators(
    figures: Sequence[Figure], report_id: str, lexicon: Lexicon | None = None
) -> Mapping:
    lexicon = lexicon or load_lexicon()
    issues: list[Issue] = []
    by_code = _best_code_per_figure(_candidates(figures, lexicon), issues)
    chosen: dict[int, str] = {}
    values: list[IndicatorValue] = []
    for code in lexicon.codes:
        picked = _pick(by_code.get(code.code, []), issues)
        if picked is None:
            continue
        chosen[picked.figure_id] = code.code
        values.append(_value(picked, code.code, report_id))
    out = [_with_indicator(f, chosen.get(f.figure_id)) for f in figures]
    return Mapping(out, values, issues)


def unused_entries(
    corpus: Iterable[Sequence[Figure]], lexicon: Lexicon | None = None
) -> list[str]:
    """Rule ids (``code#n``) that match no figure of any report in ``corpus``."""
    lexicon = lexicon or load_lexicon()
    used = {c.rule.rule_id for figures in corpus for c in _candidates(figures, lexicon)}
    return [r.rule_id for code in lexicon.codes for r in code.rules if r.rule_id not in used]


def _candidates(figures: Sequence[Figure], lexicon: Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    for figure in figures:
        if figure.kind == "change":
            continue  # 同比增长… never states a level
        unit = fold_traditional(figure.unit.strip())
        codes = lexicon.by_kind_unit.get((figure.kind, unit))
        if not codes:
            continue
        view = _view(figure, unit)
        near = lexicon.codes_near(view.gate_text)
        for code in codes:
            rule = _matching_rule(code, view) if code.code in near else None
            if rule is not None:
                found.append(_Candidate(code, rule, figure, unit == code.units[0]))
    return found


def _matching_rule(code: Code, view: _View) -> Rule | None:
    if any(p.search(view.sentence) for p in code.exclude_sentence):
        return None
    if any(p.search(view.subject) or p.search(view.lead) for p in code.exclude):
        return None
    best: Rule | None = None
    for rule in code.rules:
        if (best is None or rule.priority > best.priority) and _rule_matches(rule, view):
            best = rule
    return best


def _rule_matches(rule: Rule, view: _View) -> bool:
    hit = any(p.search(view.subject) or p.search(view.lead) for p in rule.subject) or any(
        p.search(view.clause) for p in rule.clause
    )
    if not hit or not all(p.search(view.sentence) for p in rule.sentence):
        return False
    if any(p.search(view.subject) or p.search(view.lead) for p in rule.exclude):
        return False
    if rule.words:
        tokens = _tokens(view.subject) | _tokens(view.lead)
        return all(word in tokens for word in rule.words)
    return True


def _view(figure: Figure, unit: str) -> _View:
    sentence = fold_traditional(figure.sentence)
    subject = fold_traditional(figure.subject).translate(_QUOTES)
    lead, tail = _split_clause(sentence, fold_traditional(figure.raw), subject)
    lead = lead.translate(_QUOTES)
    return _View(subject, lead, f"{lead}#{tail.translate(_QUOTES)}", sentence, unit)


def _split_clause(sentence: str, raw: str, subject: str) -> tuple[str, str]:
    """Clause text before and after the figure's ``raw`` within its sentence.

    When ``raw`` occurs several times ("出庭应诉案件13件,实际出庭13件") the
    occurrence whose clause names the subject is taken.
    """
    starts = _occurrences(sentence, raw) if raw else []
    if not starts:
        return "", ""
    breaks = _breaks(sentence)
    split = [(_lead(sentence, s, breaks), _tail(sentence, s + len(raw), breaks)) for s in starts]
    for lead, tail in split:
        if subject and subject in lead.translate(_QUOTES):
            return lead, tail
    return split[0]


def _occurrences(text: str, part: str) -> list[int]:
    found: list[int] = []
    start = text.find(part)
    while start >= 0 and len(found) < MAX_OCCURRENCES:
        found.append(start)
        start = text.find(part, start + 1)
    return found


@functools.lru_cache(maxsize=256)
def _breaks(sentence: str) -> tuple[int, ...]:
    """Offsets of the clause delimiters in ``sentence`` (shared by its figures)."""
    return tuple(m.start() for m in _DELIMITER.finditer(sentence))


def _lead(sentence: str, end: int, breaks: tuple[int, ...]) -> str:
    i = bisect_left(breaks, end)
    return sentence[breaks[i - 1] + 1 if i else 0:end]


def _tail(sentence: str, start: int, breaks: tuple[int, ...]) -> str:
    i = bisect_left(breaks, start)
    return sentence[start:breaks[i] if i < len(breaks) else len(sentence)]


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:

    return frozenset(ensure_jieba().lcut(text)) if text else frozenset()


def _best_code_per_figure(
    candidates: list[_Candidate], issues: list[Issue]
) -> dict[str, list[_Candidate]]:
    per_figure: dict[int, list[_Candidate]] = {}
    for cand in candidates:
        per_figure.setdefault(cand.figure.figure_id, []).append(cand)
    by_code: dict[str, list[_Candidate]] = {}
    for cands in per_figure.values():
        top = max(c.rule.priority for c in cands)
        best = [c for c in cands if c.rule.priority == top]
        if len(best) > 1:
            figure = best[0].figure
            codes = ", ".join(c.code.code for c in best)
            issues.append(make_issue("ambiguous_figure", figure.report_id, evidence=figure.sentence,
                                     raw=figure.raw, figure_id=figure.figure_id, codes=codes))
            continue
        by_code.setdefault(best[0].code.code, []).append(best[0])
    return by_code


def _pick(cands: list[_Candidate], issues: list[Issue]) -> Figure | None:
    if not cands:
        return None
    if any(c.exact_unit for c in cands):
        cands = [c for c in cands if c.exact_unit]
    top = max(c.rule.priority for c in cands)
    cands = sorted((c for c in cands if c.rule.priority == top), key=lambda c: c.figure.figure_id)
    distinct = {(c.figure.value, fold_traditional(c.figure.unit)) for c in cands}
    if len(distinct) > 1:
        shown = "；".join(f"{c.figure.raw}（第 {c.figure.figure_id} 个）" for c in cands)
        evidence = " / ".join(c.figure.sentence for c in cands)
        issues.append(make_issue("conflicting_values", cands[0].figure.report_id, evidence=evidence,
                                 indicator=cands[0].code.code, values=shown))
        return None
    return cands[0].figure


def _value(figure: Figure, code: str, report_id: str) -> IndicatorValue:
    return IndicatorValue(
        report_id=report_id,
        indicator=code,
        value=figure.value,
        unit=figure.unit,
        approx=figure.approx,
        figure_id=figure.figure_id,
        sentence=figure.sentence,
    )


def _with_indicator(figure: Figure, code: str | None) -> Figure:
    return figure if figure.indicator == code else replace(figure, indicator=code)
