"""The tree reads as the pipeline: no stage imports a later one.

fetch → ingest → parse → extract → package → pages → site, run by build.
Shared modules (records, issues, chinese, …) import no stage; ``pipeline``
composes ingest → parse → extract for one report, and ``cli`` may use all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "govreports"
STAGES = ("fetch", "ingest", "parse", "extract", "package", "pages", "site", "build")
COMPOSERS = {"pipeline": {"ingest", "parse", "extract"}, "cli": {*STAGES, "pipeline"}, "__main__": {"cli"}}
# Stages after extract read reports through the pipeline; fetch checks that a
# download is a report through it too (imported inside the function that needs it).
ALLOWED = {("fetch", "pipeline")} | {(stage, "pipeline") for stage in STAGES[STAGES.index("extract") + 1:]}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py"))


def owner(path: Path) -> str:
    """The stage a module belongs to, or its own name for a shared top-level module."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def imported(path: Path) -> set[str]:
    """The first component under govreports of every module ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govreports."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "govreports":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("govreports."))
    return found


def allowed(importer: str, target: str) -> bool:
    if importer == target or (importer, target) in ALLOWED:
        return True
    if target not in STAGES and target not in COMPOSERS:
        return True  # shared modules and package-level constants
    if importer in COMPOSERS:
        return target in COMPOSERS[importer]
    if importer not in STAGES:
        return False  # a shared module imports no stage
    return target in STAGES and STAGES.index(target) < STAGES.index(importer)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_a_later_stage(path: Path) -> None:
    importer = owner(path)
    wrong = sorted(t for t in imported(path) if not allowed(importer, t))
    assert wrong == [], f"{importer} must not import {wrong}"


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_says_what_goes_in_and_out(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower(), f"govreports/{stage}/__init__.py needs its rules"
