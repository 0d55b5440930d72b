"""Figure extraction, measured against hand-written readings.

Run with ``-s`` for a recall/precision summary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from govreports.extract.figures import extract_figures
from govreports.records import Figure, SectionSpan
from tests.conftest import NO_REAL_PAGES, REAL_PAGES, real_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = REAL_PAGES
REPORT = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "dongqu-figures.yaml").read_text("utf-8"))
BODY_START = "2024年度,东区始终坚持"
BODY = REPORT.read_text("utf-8")[REPORT.read_text("utf-8").index(BODY_START):]
MONEY = ("元",)

# Traps named in expected.json notes: strings that must never be part of a figure.
PAGE_TRAPS = {
    "01": ["十项行动", "20212025年"],
    "05": ["2024年1月1日"],
    "09": ["9月30日", "12月27日", "2023年"],
    "17": ["三批"],
    "19": ["第14次", "2015-2020年"],
    "21": ["厅字〔2019〕28号", "浏览次数:1", "2021年"],
    "25": ["20256月", "2025730日", "20212025年", "2025坚持"],
    "29": ["12345熱線", "2.0系統", "2022年版"],
    "33": ["四个方面", "〔2023〕23号"],
    "35": ["1-4年级", "5-6年级"],
    "39": ["第45次", "2020年11月27日"],
}


def _key(value: float, unit: str, approx: bool) -> tuple[float, str, bool]:
    return (round(float(value), 4), unit, bool(approx))


def _expected_key(item: dict) -> tuple[float, str, bool]:
    return _key(item["value"], item["unit"], item.get("approx", False))


def _lcs_pairs(expected: list, found: list) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence (in-order matching)."""
    n, m = len(expected), len(found)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (table[i + 1][j + 1] + 1 if expected[i] == found[j]
                           else max(table[i + 1][j], table[i][j + 1]))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if expected[i] == found[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _overlapping(text: str, figures: list[Figure], needle: str) -> list[Figure]:
    hits, start = [], text.find(needle)
    while start >= 0:
        end = start + len(needle)
        hits += [f for f in figures if f.char_start < end and f.char_end > start]
        start = text.find(needle, start + 1)
    return hits


@pytest.fixture(scope="module")
def dongqu() -> list[Figure]:
    return extract_figures(BODY, "510402-2024", [])


@pytest.fixture(scope="module")
def dongqu_pairs(dongqu: list[Figure]) -> list[tuple[int, int]]:
    found = [_key(f.value, f.unit, f.approx) for f in dongqu]
    return _lcs_pairs([_expected_key(e) for e in EXPECTED["figures"]], found)


def test_dongqu_recall(dongqu: list[Figure], dongqu_pairs: list) -> None:
    expected = EXPECTED["figures"]
    recall = len(dongqu_pairs) / len(expected)
    matched = {i for i, _ in dongqu_pairs}
    missed = [expected[i] for i in range(len(expected)) if i not in matched]
    print(f"\ndongqu: {len(dongqu)} extracted, {len(expected)} expected, "
          f"recall {recall:.1%}, missed {missed}")
    assert recall >= 0.95


def test_dongqu_precision(dongqu: list[Figure], dongqu_pairs: list) -> None:
    matched = {j for _, j in dongqu_pairs}
    extras = [f.raw for j, f in enumerate(dongqu) if j not in matched]
    precision = len(matched) / len(dongqu)
    print(f"\ndongqu: precision {precision:.1%}, extras {extras}")
    assert len(extras) <= 2


@pytest.mark.parametrize("needle", EXPECTED["non_figures"])
def test_dongqu_non_figures(dongqu: list[Figure], needle: str) -> None:
    assert needle in BODY, f"non-figure {needle!r} does not occur in the body"
    assert _overlapping(BODY, dongqu, needle) == []


def test_dongqu_kinds_and_subjects(dongqu: list[Figure], dongqu_pairs: list) -> None:
    expected = EXPECTED["figures"]
    wrong_kind = [(dongqu[j].raw, expected[i].get("kind", "count"), dongqu[j].kind)
                  for i, j in dongqu_pairs if dongqu[j].kind != expected[i].get("kind", "count")]
    assert wrong_kind == []
    misses = [(expected[i]["subject"], dongqu[j].subject) for i, j in dongqu_pairs
              if expected[i]["subject"] not in dongqu[j].subject]
    rate = 1 - len(misses) / len(dongqu_pairs)
    print(f"\ndongqu: subject hint found in {rate:.1%}; misses {misses}")
    assert rate >= 0.85


def test_offsets_sentences_and_ids(dongqu: list[Figure]) -> None:
    assert [f.figure_id for f in dongqu] == list(range(1, len(dongqu) + 1))
    for fig in dongqu:
        assert BODY[fig.char_start:fig.char_end] == fig.raw
        assert fig.raw in fig.sentence and fig.sentence in BODY
        assert "\n" not in fig.sentence
        assert fig.indicator is None and fig.report_id == "510402-2024"
    assert [f.char_start for f in dongqu] == sorted(f.char_start for f in dongqu)


def test_section_mapping() -> None:
    def at(marker: str) -> int:
        return BODY.index(marker)

    spans = [
        SectionSpan("1", at("一、政府主要"), at("二、2024年度")),
        SectionSpan("2", at("二、2024年度"), at("三、存在")),
        SectionSpan("2.4", at("(四)公正文明"), at("(五)依法治理")),
        SectionSpan("2.4.3", at("三是推动行政执法规范化"), at("四是推动行政执法合作化")),
    ]
    figures = {f.raw: f.section_id for f in extract_figures(BODY, "r", spans)}
    assert figures["12次"] == "1"
    assert figures["1868人次"] == "2"
    assert figures["317名"] == "2.4"
    assert figures["552.22万元"] == "2.4.3"
    assert figures["40件"] is None  # 三、存在的不足: no span given


# --- real pages ---------------------------------------------------------------


def _human_key(item: dict) -> tuple[float, str, bool]:
    """A human reading in DATA-MODEL terms: 17.8 万人次 -> 178000 人次."""
    value, unit = item["value"], item["unit"]
    if unit[:1] in "万萬" and len(unit) > 1 and not unit.endswith(MONEY):
        value, unit = value * 10000, unit[1:]
    return _key(value, unit, item["approx"])


def _pages() -> dict[str, dict]:
    if not (PAGES / "expected.json").is_file():
        pytest.skip(NO_REAL_PAGES)
    readings = json.loads((PAGES / "expected.json").read_text("utf-8"))
    return {name: r for name, r in readings.items() if r["expected"].get("is_report")}


def _page_recall(name: str, reading: dict) -> tuple[int, int, list]:
    figures = extract_figures((PAGES / f"{name}.txt").read_text("utf-8"), name, [])
    pool = [_key(f.value, f.unit, f.approx) for f in figures]
    missed = []
    for item in reading["expected"]["figures"]:
        key = _human_key(item)
        if key in pool:
            pool.remove(key)
        else:
            missed.append(key)
    total = len(reading["expected"]["figures"])
    return total - len(missed), total, missed


def test_real_pages_recall() -> None:
    hits = total = 0
    for name, reading in sorted(_pages().items()):
        page_hits, page_total, missed = _page_recall(name, reading)
        hits, total = hits + page_hits, total + page_total
        if page_total:
            print(f"\npage {name}: {page_hits}/{page_total}" + (f" missed {missed}" if missed else ""))
    print(f"\nreal pages: recall {hits}/{total} = {hits / total:.1%}")
    assert hits / total >= 0.85


@pytest.mark.parametrize(("name", "trap"), [(n, t) for n, ts in PAGE_TRAPS.items() for t in ts])
def test_real_page_traps(name: str, trap: str) -> None:
    text = real_page(f"{name}.txt").read_text("utf-8")
    assert trap in text, f"trap {trap!r} not in page {name}"
    assert _overlapping(text, extract_figures(text, name, []), trap) == []


# --- one rule per case ----------------------------------------------------------

FIGURE_CASES = [
    ("行政许可1,236件", [(1236, "件", False, "count")]),
    ("受理案件３５９件", [(359, "件", False, "count")]),
    ("全年参训1.2万人次", [(12000, "人次", False, "count")]),
    ("受眾人數206.8萬人次", [(2068000, "人次", False, "count")]),
    ("覆蓋全省18萬餘名幹部", [(180000, "名", True, "count")]),
    ("開展宣講6979場次", [(6979, "場次", False, "count")]),
    ("节约政府投资552.22万元", [(552.22, "万元", False, "money")]),
    ("依法减税降费1.7亿元", [(1.7, "亿元", False, "money")]),
    ("组织学法十二次", [(12, "次", False, "count")]),
    ("召开会议两次", [(2, "次", False, "count")]),
    ("审查劳动用工合同1800余份", [(1800, "份", True, "count")]),
    ("近300人参加", [(300, "人", True, "count")]),
    ("约50家企业", [(50, "家", True, "count")]),
    ("持证比例98%以上", [(98, "%", True, "percent")]),
    ("参会100人左右", [(100, "人", True, "count")]),
    ("9000多名干部", [(9000, "名", True, "count")]),
    ("案件数同比下降15.3%", [(15.3, "%", False, "change")]),
    ("办结率提高2个百分点", [(2, "个百分点", False, "change")]),
    ("办结率提高到95%", [(95, "%", False, "percent")]),
    ("达标率百分之九十", [(90, "%", False, "percent")]),
    ("发现问题隐患 368条", [(368, "条", False, "count")]),
    ("连续2年开展述法", [(2, "年", False, "count")]),
    ("细化为3大类", [(3, "大类", False, "count")]),
    ("压缩至24小时内", [(24, "小时", False, "count")]),
    ("完成40个学时的学习", [(40, "个学时", False, "count")]),
    ("新建5G基站124个", [(124, "个", False, "count")]),
    ("“高效办成一件事”13个", [(13, "个", False, "count")]),
    ("办理犯罪9件16人", [(9, "件", False, "count"), (16, "人", False, "count")]),
]

NON_FIGURE_CASES = [
    "2024年", "2024年度", "2025年2月28日", "9月30日", "2025-02-28", "(2021—2025年)",
    "2025坚持", "20256月", "2025730日", "《营商环境 17 条措施》", "《〈关于3项制度〉的通知》",
    "两轻一免", "一目录、五清单", "三项制度", "“八五”普法", "一池一库", "两代表一委员",
    "十项行动", "四个意识", "四个方面", "公布三批事项", "一是", "(三)", "（三）", "1.开展",
    "1、项目", "第14次", "第二批", "第45次会议", "八届第14次常务会议", "12345热线",
    "2.0系统", "5G基站", "(2022年版)", "1-4年级", "5-6年级", "9:30", "〔2025〕9号",
    "厅字〔2019〕28号", "电话0812-3334567", "四川省十佳", "全国百强区", "二十届三中全会",
    "十九大", "“十四五”", "最多跑一次", "二次供水", "阅读次数:1", "共3万", "一件事一次办",
]


@pytest.mark.parametrize(("text", "expected"), FIGURE_CASES)
def test_figure_rule(text: str, expected: list) -> None:
    found = [(f.value, f.unit, f.approx, f.kind) for f in extract_figures(text, "r", [])]
    assert found == expected


@pytest.mark.parametrize("text", NON_FIGURE_CASES)
def test_non_figure_rule(text: str) -> None:
    assert extract_figures(text, "r", []) == []


SUBJECT_CASES = [
    ("开展专项法治体检3次,审查劳动用工合同1800余份。", "审查劳动用工合同"),
    ("2024年,全区行政执法总数35623件,行政许可17844件。", "行政许可"),
    ("组织区政府常务会议会前学法12次,引领学法。", "区政府常务会议会前学法"),
    ("积极推动应诉,出庭应诉率100%。", "出庭应诉率"),
    ("参训率达100%。", "参训率"),
    ("共排查重点企业60余户。", "排查重点企业"),
    ("针对拟从事行政执法工作的317名在编在岗人员开展培训。", "在编在岗人员"),
    ("28个区级执法部门建立公布清单。", "区级执法部门"),
    ("搭建434个村级点位“安易办”便民服务平台。", "村级点位"),
]


@pytest.mark.parametrize(("text", "subject"), SUBJECT_CASES)
def test_subject_rule(text: str, subject: str) -> None:
    figures = extract_figures(text, "r", [])
    assert figures[-1].subject.endswith(subject) and len(figures[-1].subject) <= 20


def test_sentence_is_the_enclosing_sentence() -> None:
    text = "甲开展活动。乙受理案件3件；丙\n丁办理12件"
    first, second = extract_figures(text, "r", [])
    assert first.sentence == "乙受理案件3件；"
    assert second.sentence == "丁办理12件"


def test_innermost_span_wins_and_none_outside() -> None:
    text = "序言。受理3件。其他5件。"
    spans = [SectionSpan("1", 3, 13), SectionSpan("1.1", 3, 8)]
    assert [f.section_id for f in extract_figures(text, "r", spans)] == ["1.1", "1"]
    assert extract_figures(text, "r", [SectionSpan("9", 0, 2)])[0].section_id is None
