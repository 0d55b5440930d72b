"""Script conversion for reading metadata from traditional-character pages."""

from __future__ import annotations

import functools
from importlib import resources

from opencc import OpenCC


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC's t2s table changes: their presence marks traditional text."""
    table = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and source not in targets.split():
            chars.add(source)
    return frozenset(chars)


@functools.cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def is_traditional(text: str) -> bool:
    return not _traditional_only().isdisjoint(text)


def to_simplified(text: str) -> str:
    """``text`` in simplified script; cheap when it already is."""
    return _converter().convert(text) if is_traditional(text) else text
