"""Keywords of a report (jieba TF-IDF) and the shared jieba initialisation.

jieba is initialised once per process with ``data/userdict.txt`` so that
domain terms (行政复议, 出庭应诉率, 双公示 …) stay whole words for keyword
extraction, indicator matching and the site's search index alike.
"""

from __future__ import annotations

import logging
import re
import threading
from types import ModuleType

from govreports.datafiles import DataFileError, data_path

USERDICT_FILE = "userdict.txt"

_lock = threading.Lock()
_jieba: ModuleType | None = None
# TF-IDF would otherwise rank numbers and years ("2024", "100") as keywords.
_NOT_A_KEYWORD = re.compile(r"^[\d.%％]+$|^\d+[年月日]$")
# Nouns, terms and abbreviations carry a report's topics; verbs such as
# 开展/推进/落实 are boilerplate of every report.
_TOPIC_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "j", "an")
# Nouns every report uses, which say nothing about this one.
_BOILERPLATE = frozenset(["工作", "全区", "全县", "全市", "全省", "年度", "问题", "情况", "方面", "人次"])


def ensure_jieba() -> ModuleType:
    """Return the ``jieba`` module, initialised once with the user dictionary.

    jieba's own logger ("Building prefix dict …") is silenced.
    """
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
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


def top_keywords(text: str, k: int = 20) -> list[tuple[str, float]]:
    """The ``k`` best keywords of ``text`` by TF-IDF, with their weights."""
    if k <= 0 or not text.strip():
        return []
    ensure_jieba()
    import jieba.analyse

    ranked = jieba.analyse.extract_tags(text, topK=None, withWeight=True, allowPOS=_TOPIC_POS)
    kept = [
        (word, float(weight))
        for word, weight in ranked
        if word not in _BOILERPLATE and not _NOT_A_KEYWORD.match(word)
    ]
    return kept[:k]
