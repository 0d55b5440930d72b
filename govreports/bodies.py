"""Bodies: who issues reports, derived from the reports themselves.

A body is a government (``body_id`` = its current adcode, so a series survives
renames) or a department or zone of one (the adcode plus a slug). Its row is
taken from its latest report: the name is that report's issuer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from govreports.records import Body, Report

KIND_LABELS = {"government": "政府", "department": "部门", "zone": "园区"}
GROUP_LABELS = {"department": "部门", "zone": "园区", "township": "乡镇街道"}
LEVEL_LABELS = {"country": "国家级", "province": "省级", "city": "市级", "county": "县级",
                "township": "乡级"}  # fmt: skip


def government_code(body_id: str) -> str:
    """The adcode part of a body id: ``510402-sfj`` → ``510402``."""
    return body_id.split("-", 1)[0]


def bodies_for(reports: Iterable[Report], adcodes: Collection[str] = ()) -> list[Body]:
    """One Body per body_id, in id order, from its latest report.

    ``adcodes`` are the known regions: a body's adcode is its government's
    current code when that region is known, else the latest report's adcode.
    """
    latest: dict[str, Report] = {}
    for report in reports:
        seen = latest.get(report.body_id)
        if seen is None or _recency(report) > _recency(seen):
            latest[report.body_id] = report
    found = []
    for body_id in sorted(latest):
        report = latest[body_id]
        place = government_code(body_id)
        adcode = place if not adcodes or place in adcodes else report.adcode
        name = report.issuer or report.department or body_id
        found.append(Body(body_id, name, report.body_kind, report.level, adcode))
    return found


def _recency(report: Report) -> tuple[int, str]:
    return (report.year or 0, report.report_id)


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level or "", level or "")
