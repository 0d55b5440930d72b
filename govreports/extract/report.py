"""Extract a parsed document's figures, indicator values and keywords: a ParsedReport."""

from __future__ import annotations

from dataclasses import replace

from govreports.extract import figure_rules
from govreports.extract.figures import extract_figures, long_sentences
from govreports.extract.indicators import resolve_indicators
from govreports.extract.keywords import KEYWORDS_PER_REPORT, top_keywords
from govreports.issues import make_issue
from govreports.records import ParsedDocument, ParsedReport

MAX_FIGURES = 2_000


def extract_report(parsed: ParsedDocument) -> ParsedReport:
    report_id = parsed.report.report_id
    figures = extract_figures(parsed.body, report_id, parsed.spans)
    kept = figures[:MAX_FIGURES]  # a real report states a few hundred; more is a broken page
    mapping = resolve_indicators(kept, report_id)
    report = replace(parsed.report, figure_count=len(mapping.figures), indicator_count=len(mapping.values))
    issues = parsed.issues + (() if mapping.figures else (make_issue("no_figures", report_id),))
    if len(figures) > MAX_FIGURES:
        issues += (make_issue("too_many_figures", report_id, evidence=figures[MAX_FIGURES].sentence[:80],
                              count=len(figures), limit=MAX_FIGURES),)
    too_long = long_sentences(parsed.body)
    if too_long:
        start = too_long[0][0]
        issues += (make_issue("sentence_too_long", report_id, evidence=parsed.body[start:start + 40] + "…",
                              count=len(too_long), chars=sum(e - s for s, e in too_long), start=start,
                              limit=figure_rules.MAX_SENTENCE_CHARS),)
    return ParsedReport(
        report=report,
        sections=parsed.sections,
        figures=tuple(mapping.figures),
        indicator_values=tuple(mapping.values),
        body=parsed.body,
        issues=issues + tuple(mapping.issues),
        keywords=tuple(top_keywords(parsed.body, KEYWORDS_PER_REPORT)),
    )
