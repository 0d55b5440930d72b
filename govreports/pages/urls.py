"""The site's URL scheme: stable, collision-free, derived from public ids only.

| page      | URL                                   |
|-----------|---------------------------------------|
| home      | ``/``                                 |
| province  | ``/province/{adcode}/``               |
| region    | ``/region/{adcode}/`` (the government's current code; a township's 9 digits) |
| report    | ``/region/{adcode}/[{slug}-]{year}/`` (the report_id after the code) |
| year      | ``/year/{year}/``                     |
| indicator | ``/indicator/{code}/``                |
| lists     | ``/province/``, ``/year/``, ``/indicator/`` |
| other     | ``/data/``, ``/about/``, ``/quality/``, ``/feed.xml`` |

Regions are keyed by their adcode, never by name, so two districts
named 东区 in different cities get different URLs; a report's URL depends only
on its own report_id, so adding reports never moves an existing page.
"""

from __future__ import annotations

import hashlib
import re

from govreports.records import Report

_SAFE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")

HOME = ""
DATA = "data/"
ABOUT = "about/"
QUALITY = "quality/"
FEED = "feed.xml"
PROVINCES = "province/"
YEARS = "year/"
INDICATORS = "indicator/"


def slug(value: str) -> str:
    """``value`` if URL-safe, else a stable hash (ids should already be safe)."""
    if _SAFE.match(value):
        return value
    return "x" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def province_adcode(adcode: str) -> str:
    return adcode[:2] + "0000"


def region_url(adcode: str) -> str:
    return f"region/{slug(adcode)}/"


def province_url(adcode: str) -> str:
    return f"province/{slug(province_adcode(adcode))}/"


def year_url(year: int) -> str:
    return f"year/{int(year)}/"


def indicator_url(code: str) -> str:
    return f"indicator/{slug(code)}/"


def report_url(report: Report) -> str:
    """``region/{government's code}/{rest of report_id}/`` (``region/510402/2024/``,
    ``region/510402/sfj-2024/``), from the report_id alone; ``report/{id}/`` otherwise."""
    rid = report.report_id
    code = report.body_id.split("-", 1)[0] if report.body_id else report.adcode
    if code and rid.startswith(code + "-"):
        return f"region/{slug(code)}/{slug(rid[len(code) + 1 :])}/"
    return f"report/{slug(rid)}/"


def md_path(url: str) -> str:
    """The Markdown file (relative to docs_dir) that MkDocs renders at ``url``."""
    return url + "index.md" if url else "index.md"
