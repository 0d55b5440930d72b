"""Issue codes are data (data/issue_codes.yaml): every code the code emits is listed, none is dead."""

from __future__ import annotations

import ast
from pathlib import Path

from govreports.issues import issue_codes

PACKAGE = Path(__file__).resolve().parents[1] / "govreports"


def literals() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def emitted() -> set[str]:
    """First arguments of make_issue(...) written as literals."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make_issue" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def test_every_emitted_code_is_listed() -> None:
    assert emitted() - set(issue_codes()) == set()


def test_every_listed_code_is_used_somewhere() -> None:
    assert set(issue_codes()) - literals() == set()


def test_every_code_has_a_chinese_title_and_message() -> None:
    for code, spec in issue_codes().items():
        assert any("\u4e00" <= char <= "\u9fff" for char in spec["title"] + spec["message"]), code
