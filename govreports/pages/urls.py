"""The site's URL scheme: stable, collision-free, derived from public ids only.

| page      | URL                                   |
|-----------|---------------------------------------|
| home      | ``/``                                 |
| province  | ``/province/{adcode}/``               |
| region    | ``/region/{adcode}/``                 |
| report    | ``/region/{adcode}/{year}[-{dept}]/`` |
| year      | ``/year/{year}/``                     |
| indicator | ``/indicator/{code}/``                |
| lists     | ``/province/``, ``/year/``, ``/indicator/`` |
| other     | ``/data/``, ``/about/``, ``/quality/``, ``/feed.xml`` |

Regions are keyed by their 6-digit adcode, never by name, so two districts
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
    """``region/{adcode}/{rest of report_id}/``; ``report/{id}/`` without adcode."""
    rid = report.report_id
    if report.adcode and rid.startswith(report.adcode + "-"):
        return f"region/{slug(report.adcode)}/{slug(rid[len(report.adcode) + 1 :])}/"
    return f"report/{slug(rid)}/"


def md_path(url: str) -> str:
    """The Markdown file (relative to docs_dir) that MkDocs renders at ``url``."""
    return url + "index.md" if url else "index.md"
