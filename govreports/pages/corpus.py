"""What the page generators read: the parsed reports plus lookups built once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from govreports.bodies import bodies_for, government_code, kind_label, level_label
from govreports.issues import Issue
from govreports.package.catalog import Download
from govreports.records import Body, Failure, IndicatorValue, ParsedReport, Region, Report


@dataclass(frozen=True)
class Corpus:
    reports: tuple[ParsedReport, ...]
    failures: tuple[Failure, ...] = ()
    regions: Mapping[str, Region] = field(default_factory=dict)
    indicators: tuple[Mapping[str, str], ...] = ()
    originals: Mapping[str, Path] = field(default_factory=dict)  # report_id → input file
    downloads: tuple[Download, ...] = ()
    dictionary: tuple[Mapping[str, Any], ...] = ()
    jsonld: Mapping[str, Any] | None = None
    synthetic: bool = False
    site_url: str | None = None
    issues: tuple[Issue, ...] = ()  # the package's issues resource, as published

    @cached_property
    def published_issues(self) -> tuple[Issue, ...]:
        """The issues resource; without a package (a page test), the reports' and failures'."""
        if self.issues:
            return self.issues
        return tuple(i for p in self.reports for i in p.issues) + tuple(f.issue() for f in self.failures)

    @cached_property
    def by_region(self) -> dict[str, list[ParsedReport]]:
        """Region page code → every report of a body of its government (its own series,
        its departments', zones' and code-less townships'), oldest first.

        The code is the government's current one (``body_id``'s adcode), so a renamed
        division keeps one page; a township with a code of its own has its own page.
        """
        groups: dict[str, list[ParsedReport]] = defaultdict(list)
        for parsed in self.reports:
            groups[government_code(parsed.report.body_id)].append(parsed)
        return {code: sorted(items, key=_year_key) for code, items in sorted(groups.items()) if code}

    @cached_property
    def renamed(self) -> dict[str, list[ParsedReport]]:
        """Old code → the reports filed under it, for divisions renamed or merged since
        (郫县 510124 → 郫都区 510117): each gets a page pointing to today's."""
        groups: dict[str, list[ParsedReport]] = defaultdict(list)
        for parsed in self.reports:
            code = parsed.report.adcode
            if code and code != government_code(parsed.report.body_id) and code not in self.by_region:
                groups[code].append(parsed)
        return {code: sorted(items, key=_year_key) for code, items in sorted(groups.items())}

    @cached_property
    def bodies(self) -> dict[str, Body]:
        return {body.body_id: body for body in bodies_for(p.report for p in self.reports)}

    def body_name(self, body_id: str) -> str:
        body = self.bodies.get(body_id)
        return body.name if body else body_id

    def current_name(self, report: Report) -> str | None:
        """Today's name of the report's division when it has been renamed since, else None:
        from the regions, else the message of its ``division_renamed`` issue."""
        current = current_code_of(report)
        if not report.adcode or current == report.adcode or len(report.adcode) != len(current):
            return None
        region = self.regions.get(current)
        if region is not None:
            return region.name
        return next((issue.message for parsed in self.reports if parsed.report is report
                     for issue in parsed.issues if issue.code == "division_renamed"), current)  # fmt: skip

    @cached_property
    def by_year(self) -> dict[int, list[ParsedReport]]:
        groups: dict[int, list[ParsedReport]] = defaultdict(list)
        for parsed in self.reports:
            if parsed.report.year:
                groups[parsed.report.year].append(parsed)
        return dict(sorted(groups.items(), reverse=True))

    @cached_property
    def by_indicator(self) -> dict[str, list[tuple[ParsedReport, IndicatorValue]]]:
        """Indicator code → (report, value) pairs, largest value first."""
        groups: dict[str, list[tuple[ParsedReport, IndicatorValue]]] = defaultdict(list)
        for parsed in self.reports:
            for value in parsed.indicator_values:
                groups[value.indicator].append((parsed, value))
        for pairs in groups.values():
            pairs.sort(key=lambda pair: (-float(pair[1].value), pair[0].report.report_id))
        return dict(groups)

    @cached_property
    def indicator_rows(self) -> dict[str, Mapping[str, str]]:
        return {row["code"]: row for row in self.indicators}

    def region_name(self, adcode: str) -> str:
        region = self.regions.get(adcode)
        if region is not None:
            return region.name
        return next((display_place(p.report) for p in self.by_region.get(adcode, [])), adcode)

    def newest(self, count: int) -> list[ParsedReport]:
        return sorted(self.reports, key=published_key, reverse=True)[:count]


def _year_key(parsed: ParsedReport) -> tuple[int, str]:
    return (parsed.report.year or 0, parsed.report.report_id)


def published_key(parsed: ParsedReport) -> tuple[str, int, str]:
    report = parsed.report
    return (report.published or "", report.year or 0, report.report_id)


def current_code_of(report: Report) -> str:
    """The government's code today (the adcode part of ``body_id``)."""
    return government_code(report.body_id)


def body_tag(report: Report) -> str:
    """县级政府, 市级部门, 乡级政府 …"""
    return f"{level_label(report.level)}{kind_label(report.body_kind)}"


def display_place(report: Report) -> str:
    """省 市 区 乡镇 joined, without repeats: 四川省攀枝花市东区."""
    parts: list[str] = []
    for part in (report.province, report.city, report.district, report.township):
        if part and part not in parts:
            parts.append(part)
    return "".join(parts) or (report.issuer or report.report_id)


def report_label(report: Report) -> str:
    """Short human name of a report: 四川省攀枝花市东区 2024 年度 (部门)."""
    dept = f" {report.department}" if report.department else ""
    year = f" {report.year} 年度" if report.year else ""
    return f"{display_place(report)}{dept}{year}"
