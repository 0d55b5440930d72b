"""The bundled report in other encodings and formats parses to the same data.

Fixtures come from scripts/make_format_fixtures.py: GBK and UTF-8-with-BOM
text, a government-style HTML page (UTF-8 and GBK), DOCX, PDF, and a text
copy carrying PDF artefacts (Kangxi radicals, spaced digits, broken lines).
"""

from __future__ import annotations

import pytest

from govreports.pipeline import read_report_file
from tests.conftest import BUNDLED_REPORT, FIXTURES

FORMATS = sorted((FIXTURES / "formats").glob("dongqu*"))
METADATA = ("report_id", "title", "issuer", "level", "adcode", "province", "city", "district",
            "year", "published", "written", "doc_number", "index_number", "publisher",
            "section_count", "figure_count", "indicator_count")


@pytest.fixture(scope="module")
def plain():
    return read_report_file(BUNDLED_REPORT)


def test_every_format_is_present():
    assert {p.suffix for p in FORMATS} >= {".txt", ".html", ".docx", ".pdf"}


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_same_metadata_figures_and_indicators(plain, path):
    other = read_report_file(path)
    assert {f: getattr(other.report, f) for f in METADATA} == {f: getattr(plain.report, f) for f in METADATA}
    assert [s.heading for s in other.sections] == [s.heading for s in plain.sections]
    assert figures(other) == figures(plain)
    assert indicators(other) == indicators(plain)


def figures(parsed):
    return [(f.value, f.unit, f.approx, f.kind, f.section_id) for f in parsed.figures]


def indicators(parsed):
    return [(v.indicator, v.value, v.unit, v.approx) for v in parsed.indicator_values]
