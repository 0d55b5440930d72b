"""Keywords of a report (TF-IDF over jieba's words; see ``chinese.ensure_jieba``)."""

from __future__ import annotations

import functools
import re
from collections import Counter

from govreports.chinese import ensure_jieba

# TF-IDF would otherwise rank numbers and years ("2024", "100") as keywords.
_NOT_A_KEYWORD = re.compile(r"^[\d.%％]+$|^\d+[年月日]$")
# Nouns, terms and abbreviations carry a report's topics; verbs such as
# 开展/推进/落实 are boilerplate of every report.
_TOPIC_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "j", "an")
# Nouns every report uses, which say nothing about this one.
_BOILERPLATE = frozenset(["工作", "全区", "全县", "全市", "全省", "年度", "问题", "情况", "方面", "人次"])


KEYWORDS_PER_REPORT = 20
KEYWORD_TEXT_CHARS = 100_000


def top_keywords(text: str, k: int = KEYWORDS_PER_REPORT) -> list[tuple[str, float]]:
    """The ``k`` best keywords of ``text`` by TF-IDF, with their weights.

    jieba's own TF-IDF (``extract_tags`` with ``allowPOS``) tags parts of
    speech with its HMM, ~50 ms for a report; here words are cut without the
    HMM and their part of speech is looked up in jieba's dictionary, which
    gives the same kind of ranking several times faster. Only the first
    ``KEYWORD_TEXT_CHARS`` characters are read: five times a long report, and a
    bound on the time a huge input costs.
    """
    if k <= 0 or not text.strip():
        return []
    counts = _topic_word_counts(text[:KEYWORD_TEXT_CHARS])
    total = sum(counts.values())
    if not total:
        return []
    tfidf, _ = _tables()
    weights = ((w, n * tfidf.idf_freq.get(w, tfidf.median_idf) / total) for w, n in counts.items())
    return sorted(weights, key=lambda item: (-item[1], item[0]))[:k]


def _topic_word_counts(text: str) -> Counter[str]:
    tfidf, tags = _tables()
    words = ensure_jieba().lcut(text, HMM=False)
    return Counter(
        word for word in words
        if len(word) > 1 and word not in tfidf.stop_words and word not in _BOILERPLATE
        and tags.get(word, "") in _TOPIC_POS and not _NOT_A_KEYWORD.match(word)
    )  # fmt: skip


@functools.cache
def _tables():
    """jieba's IDF table and its dictionary's part-of-speech tags (loaded once)."""
    ensure_jieba()
    import jieba.analyse
    import jieba.posseg

    tags = {**jieba.posseg.dt.word_tag_tab, **jieba.dt.user_word_tag_tab}  # user dictionary wins
    return jieba.analyse.default_tfidf, tags
