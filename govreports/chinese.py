"""Chinese text helpers shared by every stage: script conversion, width, jieba.

Two conversions to simplified script, for two jobs:
- ``to_simplified``: OpenCC's phrase-aware conversion, for reading metadata
  from a traditional-character page (cheap when the text is already simplified);
- ``fold_traditional``: a character-level fold (``str.translate``), for matching
  domain terms in every sentence, where microseconds matter more than phrases.

jieba is initialised once per process with ``data/userdict.txt`` so that
domain terms (行政复议, 出庭应诉率, 双公示 …) stay whole words for issuer
finding, keyword extraction and indicator matching alike.
"""

from __future__ import annotations

import functools
import logging
import threading
import unicodedata
from importlib import resources
from types import ModuleType

from opencc import OpenCC

from govreports.datafiles import DataFileError, data_path

USERDICT_FILE = "userdict.txt"

_jieba_lock = threading.Lock()
_jieba: ModuleType | None = None


@functools.cache
def _t2s_pairs() -> tuple[tuple[str, list[str]], ...]:
    """OpenCC's traditional → simplified character table: (source, targets)."""
    table = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    pairs = []
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source:
            pairs.append((source, targets.split()))
    return tuple(pairs)


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Characters that OpenCC's t2s table changes: their presence marks traditional text."""
    return frozenset(source for source, targets in _t2s_pairs() if source not in targets)


@functools.cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def is_traditional(text: str) -> bool:
    return not _traditional_only().isdisjoint(text)


def to_simplified(text: str) -> str:
    """``text`` in simplified script; cheap when it already is."""
    return _converter().convert(text) if is_traditional(text) else text


@functools.cache
def _fold_table() -> dict[int, str]:
    return {
        ord(source): targets[0]
        for source, targets in _t2s_pairs()
        if len(source) == 1 and targets and len(targets[0]) == 1 and source != targets[0]
    }


@functools.lru_cache(maxsize=8192)
def fold_traditional(text: str) -> str:
    """Character-level traditional → simplified fold (no phrase conversion)."""
    return text.translate(_fold_table())


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


def ensure_jieba() -> ModuleType:
    """Return the ``jieba`` module, initialised once with the user dictionary.

    jieba's own logger ("Building prefix dict …") is silenced.
    """
    global _jieba
    if _jieba is not None:
        return _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            path = data_path(USERDICT_FILE)
            try:
                jieba.load_userdict(str(path))
                jieba.initialize()
            except (OSError, ValueError) as exc:
                raise DataFileError(f"{path}: {exc}") from exc
            _jieba = jieba
    return _jieba
