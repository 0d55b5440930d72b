"""Report keywords (jieba TF-IDF with the domain user dictionary)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from govreports.chinese import ensure_jieba
from govreports.extract.keywords import top_keywords

BUNDLED = Path(__file__).resolve().parent.parent / "reports" / "panzhihua-dongqu-2024.txt"


def test_ensure_jieba_initialises_once_and_quietly():
    first = ensure_jieba()
    assert ensure_jieba() is first
    assert first.dt.initialized
    assert logging.getLogger("jieba").level >= logging.WARNING
    assert "出庭应诉率" in first.lcut("行政机关负责人出庭应诉率100%")


def test_top_keywords_of_the_bundled_report():
    keywords = top_keywords(BUNDLED.read_text(encoding="utf-8"), k=20)
    words = [w for w, _ in keywords]
    weights = [weight for _, weight in keywords]
    assert len(keywords) == 20 and len(set(words)) == 20
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
    assert {"法治政府建设", "行政执法", "行政复议"} <= set(words)
    assert not {"开展", "推进", "工作"} & set(words)  # boilerplate
    assert not any(re.fullmatch(r"[\d.%]+", w) for w in words)


def test_domain_terms_are_not_split_into_pieces():
    words = [w for w, _ in top_keywords("行政复议行政复议出庭应诉率出庭应诉率双公示双公示信息", k=5)]
    assert "行政复议" in words and "出庭应诉率" in words
    assert "复议" not in words


def test_k_limits_the_result_and_empty_text_has_none():
    assert len(top_keywords("行政复议案件52件,行政处罚985件,行政许可17844件。", k=2)) == 2
    assert top_keywords("", k=5) == [] and top_keywords("   ") == []
    assert top_keywords("行政复议", k=0) == []
