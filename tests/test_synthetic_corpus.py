"""scripts/make_synthetic_corpus.py: synthetic reports parse to the issuer and year intended."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from govreports.ingest.read import read_document
from govreports.pipeline import read_report_file
from govreports.records import ParsedReport, ParseError

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_synthetic_corpus.py"
COUNT, SEED = 30, 20240


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_synthetic_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    generator.generate(COUNT, out, seed=SEED, formats=("txt", "html"))
    return out


def _reports(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix in (".txt", ".html"))


def _sidecar(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))


def _read(path: Path) -> ParsedReport | ParseError:
    try:
        return read_report_file(path)
    except ParseError as error:
        return error


@pytest.fixture(scope="module")
def everything(corpus) -> dict[Path, ParsedReport | ParseError]:
    return {path: _read(path) for path in _reports(corpus)}


@pytest.fixture(scope="module")
def parsed(everything) -> dict[Path, ParsedReport]:
    """The reports that parse (one that does not fails only the test below)."""
    return {path: result for path, result in everything.items() if isinstance(result, ParsedReport)}


def test_every_report_parses(everything):
    failed = {path.name: str(result) for path, result in everything.items() if isinstance(result, ParseError)}
    assert not failed


def test_writes_n_reports_with_marker(corpus):
    assert len(_reports(corpus)) == COUNT
    assert "SYNTHETIC" in (corpus / "SYNTHETIC").read_text(encoding="utf-8")
    assert {p.suffix for p in _reports(corpus)} == {".txt", ".html"}


def test_sidecars_say_synthetic(corpus):
    for path in _reports(corpus):
        meta = _sidecar(path)
        assert meta["synthetic"] is True
        assert meta["source_url"].startswith("https://example.invalid/")
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert meta["bytes"] == path.stat().st_size
        assert "synthetic" in meta["note"]
        assert path.parent.name == meta["intended"]["adcode"][:2] + "0000"
        assert read_document(path).synthetic


def test_parses_to_intended_issuer_and_year(parsed):
    for path, result in parsed.items():
        intended, report = _sidecar(path)["intended"], result.report
        got = (report.adcode, report.year, report.level, report.body_id, report.body_kind, report.report_id)
        want = (intended["adcode"], intended["year"], intended["level"], intended["body_id"],
                intended["body_kind"], intended["report_id"])
        assert got == want, path
        if intended["department"]:
            assert report.department == intended["department"]


def test_report_ids_unique_and_levels_mixed(parsed):
    ids = [result.report.report_id for result in parsed.values()]
    assert len(set(ids)) == len(ids)
    levels = Counter(result.report.level for result in parsed.values())
    assert levels["county"] > COUNT / 2
    assert {result.report.year for result in parsed.values()} <= set(range(2020, 2025))


def test_figures_outline_and_indicators_found(parsed):
    for path, result in parsed.items():
        assert len(result.figures) >= 20, path
        assert 3 <= sum(s.level == 1 for s in result.sections) <= 5, path
        assert result.indicator_values, path
    codes = {value.indicator for result in parsed.values() for value in result.indicator_values}
    assert len(codes) >= 15


def test_sizes_and_bodies_vary(parsed):
    sizes = [path.stat().st_size for path in parsed]
    assert 4_000 <= min(sizes) and max(sizes) <= 26_000
    bodies = {result.body for result in parsed.values()}
    assert len(bodies) == len(parsed) >= COUNT - 2


def test_same_seed_same_bytes(corpus, tmp_path):
    generator.generate(COUNT, tmp_path, seed=SEED, formats=("txt", "html"))
    first = {p.relative_to(corpus): p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    again = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == again


def test_other_seed_other_corpus(corpus, tmp_path):
    generator.generate(COUNT, tmp_path, seed=SEED + 1, formats=("txt", "html"))
    assert {p.name for p in _reports(tmp_path)} != {p.name for p in _reports(corpus)}
