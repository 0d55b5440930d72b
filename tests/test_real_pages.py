"""The parser on 21 real report pages and 2 look-alikes, against human readings.

Thresholds are the issue's: year ≥ 95%; level, region and publication date
≥ 90%; both non-reports rejected; no traceback on any page.
"""

from __future__ import annotations

import functools
import json

import pytest

from govreports.pipeline import read_report_file
from scripts.eval_parser import evaluate, marks, real_pages
from tests.conftest import REAL_PAGES, requires_real_pages

pytestmark = requires_real_pages
PAGES = REAL_PAGES
FIELDS = ("year", "level", "province", "city", "district", "published")


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, bool]]:
    return {page.page_id: marks(evaluate(page)) for page in real_pages(PAGES)}


@functools.cache
def readings() -> dict[str, dict]:
    if not (PAGES / "expected.json").is_file():
        return {}
    return json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def accuracy(scores, field: str) -> float:
    marks = [page[field] for page in scores.values() if field in page]
    return sum(marks) / len(marks)


def test_year_reported_on(scores):
    assert accuracy(scores, "year") >= 0.95


@pytest.mark.parametrize("field", [f for f in FIELDS if f != "year"])
def test_level_region_and_publication_date(scores, field):
    assert accuracy(scores, field) >= 0.90


def test_look_alikes_are_rejected(scores):
    look_alikes = [name for name, r in readings().items() if not r["expected"]["is_report"]]
    assert look_alikes and all(scores[name]["rejected"] for name in look_alikes)


@pytest.mark.parametrize("name", [n for n, r in readings().items() if r["expected"]["is_report"]])
def test_every_report_page_parses(name):
    parsed = read_report_file(PAGES / f"{name}.txt")
    assert parsed.report.year is not None and parsed.report.adcode is not None
