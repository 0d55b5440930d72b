"""Extract a parsed document's figures, indicator values and keywords: a ParsedReport."""

from __future__ import annotations

from dataclasses import replace

from govreports.extract.figures import extract_figures
from govreports.extract.indicators import resolve_indicators
from govreports.extract.keywords import KEYWORDS_PER_REPORT, top_keywords
from govreports.issues import make_issue
from govreports.records import ParsedDocument, ParsedReport


def extract_report(parsed: ParsedDocument) -> ParsedReport:
    report_id = parsed.report.report_id
    figures = extract_figures(parsed.body, report_id, parsed.spans)
    mapping = resolve_indicators(figures, report_id)
    report = replace(parsed.report, figure_count=len(mapping.figures), indicator_count=len(mapping.values))
    issues = parsed.issues + (() if mapping.figures else (make_issue("no_figures", report_id),))
    return ParsedReport(
        report=report,
        sections=parsed.sections,
        figures=tuple(mapping.figures),
        indicator_values=tuple(mapping.values),
        body=parsed.body,
        issues=issues + tuple(mapping.issues),
        keywords=tuple(top_keywords(parsed.body, KEYWORDS_PER_REPORT)),
    )
