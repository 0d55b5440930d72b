"""Shared test options and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BUNDLED_REPORT = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
# Human-read real pages live beside the repository (third-party pages, not copied into it).
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
REAL_PAGES = SHARED_FIXTURES / "real-pages"
NO_REAL_PAGES = f"no real pages at {REAL_PAGES} (../shared absent)"
requires_real_pages = pytest.mark.skipif(not (REAL_PAGES / "expected.json").is_file(), reason=NO_REAL_PAGES)


def real_page(name: str) -> Path:
    """``REAL_PAGES / name``, or skip the test when ../shared is absent."""
    path = REAL_PAGES / name
    if not path.is_file():
        pytest.skip(NO_REAL_PAGES)
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")
