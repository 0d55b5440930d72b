"""Hostile and broken report text: no crash, no hang, nothing lost, one clear line.

Every input is built here (no fixture text). Crashes found by fuzzing get a
regression test each; the growth tests compare the parse time of sizes n and 4n
(linear work gives a ratio near 4; the quadratic and cubic paths that were
fixed gave 16 and 64), with a generous wall-time bound besides.
"""

from __future__ import annotations

import json
import time

import pytest

from govreports.extract import figure_rules
from govreports.extract.figures import extract_figures
from govreports.ingest.read import document_from_bytes
from govreports.numbers import MAX_QUANTITY, parse_number
from govreports.pages.download import report_json
from govreports.pages.html import number
from govreports.parse.outline import build_outline
from govreports.pipeline import read_report
from govreports.records import ParsedReport, ParseError

TITLE = "攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告"
OPENING = ("2024年，我区坚持依法行政，推进法治政府建设，全面落实各项工作要求，取得了积极成效。"
           "现将有关情况报告如下。\n")
FILLER = "我区坚持以习近平新时代中国特色社会主义思想为指导，深入推进依法行政。" * 6
SIGNATURE = "\n攀枝花市东区人民政府\n2025年1月1日\n"


def report(body: str) -> ParsedReport:
    """``body`` inside a minimal report page, through the whole read path."""
    text = f"{TITLE}\n{OPENING}一、主要举措\n{FILLER}\n{body}{SIGNATURE}"
    return read_report(document_from_bytes(text.encode("utf-8"), "hostile.txt"))


def figures(text: str) -> list[tuple[float | int, str, str]]:
    return [(f.value, f.unit, f.raw) for f in extract_figures(text, "r", [])]


def seconds(body: str) -> float:
    started = time.perf_counter()
    report(body)
    return time.perf_counter() - started


# --- crashes ------------------------------------------------------------------


def test_full_width_ordinals_open_headings():
    parsed = report("二、落实\n１．加强学习。\n２．狠抓落实。\n（１）一是学法。\n（２）二是用法。\n")
    numbers = [s.number for s in parsed.sections]
    assert numbers == ["一、", "二、", "１．", "２．", "（１）", "（２）"]


@pytest.mark.parametrize("marker", ["٣.", "１２３．", "（）", "(１２３)"])
def test_unreadable_or_foreign_ordinals_never_raise(marker):
    build_outline(f"一、总体\n{marker}其他内容\n", "r")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("投入1万万元。", 10000, "万元"),  # 1万 × 万元: the unit stays as written
    ("投入3亿万元。", 300000000, "万元"),
    ("投入552.22万元。", 552.22, "万元"),  # unchanged: not rescaled
])
def test_doubled_multipliers_before_money(text, value, unit):
    assert [(v, u) for v, u, _ in figures(text)] == [(value, unit)]
    report(text)


@pytest.mark.parametrize("digits", [16, 20, 309, 4400])
def test_a_number_too_long_to_be_a_quantity_is_not_a_figure(digits):
    text = f"全年投入{'9' * digits}件。办理行政复议52件。"
    assert figures(text) == [(52, "件", "52件")]
    parsed = report(text)
    assert all(abs(f.value) < MAX_QUANTITY for f in parsed.figures)
    json.loads(report_json(parsed))  # the page's JSON is written whole


def test_fifteen_digits_are_still_a_figure():
    assert figures("投入123456789012345件。") == [(123456789012345, "件", "123456789012345件")]


def test_the_tail_of_an_overlong_grouped_number_is_not_a_figure():
    assert figures("投入1,234,567,890,123,456,789件。") == []
    assert figures("投入1,234,567件。") == [(1234567, "件", "1,234,567件")]


@pytest.mark.parametrize("raw", ["9" * 16, "9" * 400, "1" + "0" * 20, "一万亿亿亿亿亿", "9" * 5000])
def test_parse_number_refuses_what_is_not_a_quantity(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize("value", [10**309, 10**5000, float("inf"), 1e300, 12913.27],
                         ids=["309 digits", "5001 digits", "inf", "1e300", "plain"])
def test_page_number_formatting_never_raises(value):
    assert number(value)


def test_figure_offsets_still_slice_the_raw_text():
    text = "投入１,２３４件，" + "9" * 40 + "件，行政复议五十二件，百分之九十五。"
    for figure in extract_figures(text, "r", []):
        assert text[figure.char_start:figure.char_end] == figure.raw


# --- long sentences -------------------------------------------------------------


def test_an_overlong_sentence_is_skipped_with_one_issue():
    long = "行政复议52件，" * 200  # 1,600 characters without a full stop
    parsed = report(f"{long}。\n行政诉讼12件。")
    assert [(f.value, f.raw) for f in parsed.figures] == [(12, "12件")]
    found = [i for i in parsed.issues if i.code == "sentence_too_long"]
    assert len(found) == 1 and "1600" in found[0].message
    assert found[0].evidence and found[0].evidence.startswith("行政复议52件")


def test_a_long_real_sentence_keeps_its_figures():
    sentence = "行政复议52件，" * (figure_rules.MAX_SENTENCE_CHARS // 8 - 1) + "。"
    assert len(figures(sentence)) == figure_rules.MAX_SENTENCE_CHARS // 8 - 1


# --- linear time ----------------------------------------------------------------

PATHOLOGICAL = {
    "digits": lambda n: "1" * n,
    "digit lines": lambda n: ("7" * 999 + "\n") * (n // 1000),
    "grouped digits": lambda n: "1" + ",234" * (n // 4) + "件",
    "decimal digits": lambda n: "1." + "5" * n + "件",
    "reconsideration": lambda n: "行政复议52件，" * (n // 8) + "。",
    "reconsideration sentences": lambda n: "行政复议52件，行政诉讼3件。" * (n // 15),
    "no punctuation": lambda n: "推进依法行政工作取得成效" * (n // 12),
    "numerals": lambda n: "一二三四五六七八九十" * (n // 10) + "件",
    "title brackets": lambda n: "《" * n + "》",
    "ordinals": lambda n: "".join(f"（{i % 9 + 1}）第{i}条\n" for i in range(n // 8)),
    "full-width ordinals": lambda n: "１．２．３．４．" * (n // 8) + "\n" + "１．加强。\n" * (n // 6),
    "percent": lambda n: "百分之" * (n // 3) + "九十",
    "spaces": lambda n: "全年" + " " * n + "办理5件",
    "ideographic spaces": lambda n: "\n" + "\u3000" * n + "1:",
    "site names": lambda n: "政府网|" * (n // 4),
    "numeral ordinal run": lambda n: "\n" + "一" * n + "、",
    "pinyin": lambda n: "字(" + "āa" * (n // 2),
    "parentheses": lambda n: "(" * n + "52件",
    "separators": lambda n: "_|" * (n // 2),
}


# Linear work grows 4× for 4× the input; quadratic 16×, cubic 64×. The bound leaves room
# for a loaded machine (the best of three runs each), not for a super-linear step.
RUNS = 3
GROWTH_FOR_4X = 12
SECONDS_PER_100_KB = 10


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_parse_time_grows_linearly(name):
    make = PATHOLOGICAL[name]
    report(make(1000))  # warm caches (jieba, data files)
    small = min(seconds(make(25_000)) for _ in range(RUNS))
    large = min(seconds(make(100_000)) for _ in range(RUNS))
    assert large < SECONDS_PER_100_KB, f"{name}: {large:.1f} s for 100 KB"
    assert large < GROWTH_FOR_4X * max(small, 0.02), f"{name}: {small:.3f} s → {large:.3f} s for 4× the size"


def _page_seconds(text: str) -> float:
    started = time.perf_counter()
    try:
        read_report(document_from_bytes(text.encode("utf-8"), "hostile.txt"))
    except ParseError:
        pass  # not a report: what matters is that it is told quickly
    return time.perf_counter() - started


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_a_hostile_whole_page_is_read_in_linear_time(name):
    """The same texts as the whole page: header, title and genre readers see them too."""
    make = PATHOLOGICAL[name]
    _page_seconds(TITLE + make(1000))
    small = min(_page_seconds(TITLE + make(25_000)) for _ in range(RUNS))
    large = min(_page_seconds(TITLE + make(100_000)) for _ in range(RUNS))
    assert large < SECONDS_PER_100_KB, f"{name}: {large:.1f} s for 100 KB"
    assert large < GROWTH_FOR_4X * max(small, 0.02), f"{name}: {small:.3f} s → {large:.3f} s for 4× the size"


def test_a_page_padded_with_figures_keeps_the_first_ones_and_says_so() -> None:
    from govreports.extract.report import MAX_FIGURES

    parsed = report("受理行政复议案件52件。" * (MAX_FIGURES + 500))
    assert len(parsed.figures) == MAX_FIGURES == parsed.report.figure_count
    [issue] = [i for i in parsed.issues if i.code == "too_many_figures"]
    assert str(MAX_FIGURES + 500) in issue.message
