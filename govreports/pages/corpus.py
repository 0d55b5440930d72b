"""What the page generators read: the parsed reports plus lookups built once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from govreports.package.catalog import Download
from govreports.records import Failure, IndicatorValue, ParsedReport, Region, Report


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

    @cached_property
    def by_region(self) -> dict[str, list[ParsedReport]]:
        groups: dict[str, list[ParsedReport]] = defaultdict(list)
        for parsed in self.reports:
            groups[parsed.report.adcode or ""].append(parsed)
        return {code: sorted(items, key=_year_key) for code, items in groups.items() if code}

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


def display_place(report: Report) -> str:
    """省 市 区 joined, without repeats: 四川省攀枝花市东区."""
    parts: list[str] = []
    for part in (report.province, report.city, report.district):
        if part and part not in parts:
            parts.append(part)
    return "".join(parts) or (report.issuer or report.report_id)


def report_label(report: Report) -> str:
    """Short human name of a report: 四川省攀枝花市东区 2024 年度 (部门)."""
    dept = f" {report.department}" if report.department else ""
    year = f" {report.year} 年度" if report.year else ""
    return f"{display_place(report)}{dept}{year}"
