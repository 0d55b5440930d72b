"""Mapping figures to indicator codes: rules per code family, traps, conflicts."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports.extract.indicators import map_indicators, resolve_indicators, unused_entries
from govreports.extract.lexicon import _required_literal, load_lexicon
from govreports.records import Figure, SectionSpan
from tests.conftest import REAL_PAGES

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "reports" / "panzhihua-dongqu-2024.txt"


def fig(sentence, raw, subject, value, unit, kind="count", approx=False, figure_id=1):
    start = max(sentence.find(raw), 0)
    return Figure("r", figure_id, value, unit, approx, kind, raw, subject, sentence, "1",
                  start, start + len(raw))


def codes_of(*figures):
    _, values = map_indicators(list(figures), "r")
    return {v.indicator: v.value for v in values}


POSITIVE = [
    ("leadership_law_study_sessions", "二是带头开展学法。组织区政府常务会议会前学法12次,引领区级部门学法常态化。",
     "12次", "组织区政府常务会议会前学法", 12, "次"),
    ("leadership_law_study_sessions", "县委理论学习中心组开展法治专题学习3次,县政府常务会会前学法2次。",
     "2次", "县政府常务会会前学法", 2, "次"),
    ("officials_trained", "举办重点培训班次2个,累计培训党员干部1868人次。", "1868人次", "培训党员干部", 1868, "人次"),
    ("legality_reviews", "2024年合法性审查35件(其中重大决策1件,规范性文件25件,其他9件),提出意见11条。",
     "35件", "合法性审查", 35, "件"),
    ("normative_documents_filed", "2024年向市政府备案区政府规范性文件26件(其中2023年度1件)。",
     "26件", "向市政府备案区政府规范性文件", 26, "件"),
    ("legal_advisor_contracts", "政府法律顾问团参与法律事务研究讨论各类合同12人次,修改合同20余份。",
     "20余份", "修改合同", 20, "份"),
    ("enforcement_total", "2024年,全区行政执法总数35623件,行政许可17844件。", "35623件", "行政执法总数", 35623, "件"),
    ("licensing_cases", "全区行政执法总数35623件,行政许可17844件,行政处罚985件。", "17844件", "行政许可", 17844, "件"),
    ("penalty_cases", "行政许可17844件,行政处罚985件,行政强制676件。", "985件", "行政处罚", 985, "件"),
    ("penalty_cases", "行政许可17844件,行政處罰985件。", "985件", "行政處罰", 985, "件"),  # traditional
    ("coercion_cases", "行政处罚985件,行政强制676件,行政确认1068件。", "676件", "行政强制", 676, "件"),
    ("confirmation_cases", "行政强制676件,行政确认1068件,行政给付331件。", "1068件", "行政确认", 1068, "件"),
    ("payment_cases", "行政确认1068件,行政给付331件,行政检查14719次。", "331件", "行政给付", 331, "件"),
    ("inspection_count", "行政给付331件,行政检查14719次。", "14719次", "行政检查", 14719, "次"),
    ("enforcement_catalog_items", "编制《执法事项目录清单》710项,其中行政处罚647项、行政强制28项。",
     "710项", "编制《执法事项目录清单》", 710, "项"),
    ("enforcement_staff_trained", "针对辖区在编行政执法人员和拟从事行政执法工作的317名在编在岗人员开展政治理论培训80余次,参训率达100%。",
     "317名", "在编在岗人员", 317, "名"),
    ("reconsideration_cases_received", "2024年全区共受理行政复议案件52件,行政复议化解行政争议主渠道作用凸显。",
     "52件", "受理行政复议案件", 52, "件"),
    ("reconsideration_cases_closed", "2024年东区行政复议案件数为52件,已办结40件,其中确认违法4件、撤销或者部分撤销行政行为5件、责令履行2件。",
     "40件", "办结", 40, "件"),
    ("reconsideration_confirmed_illegal", "2024年东区行政复议案件数为52件,已办结40件,其中确认违法4件、撤销或者部分撤销行政行为5件。",
     "4件", "确认违法", 4, "件"),
    ("reconsideration_revoked", "2024年东区行政复议案件数为52件,已办结40件,其中确认违法4件、撤销或者部分撤销行政行为5件。",
     "5件", "撤销或者部分撤销行政行为", 5, "件"),
    ("reconsideration_ordered_to_perform", "东区行政复议案件数为52件,已办结40件,其中责令履行2件。",
     "2件", "责令履行", 2, "件"),
    ("reconsideration_correction_rate", "全年行政复议纠错率15.2%。", "15.2%", "行政复议纠错率", 15.2, "%"),
    ("litigation_cases", "全年办理行政诉讼案件120件。", "120件", "办理行政诉讼案件", 120, "件"),
    ("litigation_head_appearance_cases", "全区行政机关负责人出庭应诉案件13件,实际出庭13件,出庭应诉率100%。",
     "13件", "行政机关负责人出庭应诉案件", 13, "件"),
    ("litigation_head_appearance_rate", "全区行政机关负责人出庭应诉案件13件,实际出庭13件,出庭应诉率100%。",
     "100%", "出庭应诉率", 100, "%"),
    ("litigation_head_appearance_rate", "政府负责人全程参与庭审,行政机关负责人出庭应诉率100%。",
     "100%", "行政机关负责人出庭应诉率", 100, "%"),
    ("litigation_loss_rate", "行政机关败诉率为3.5%。", "3.5%", "行政机关败诉率", 3.5, "%"),
    ("judicial_suggestions", "2024年,发出司法建议11条,检察意见书68件,回复率100%。", "11条", "发出司法建议", 11, "条"),
    ("procuratorial_suggestions", "2024年,发出司法建议11条,检察意见书68件,回复率100%。", "68件", "检察意见书", 68, "件"),
    ("disputes_received", "共受理的4453件矛盾纠纷,其中人民调解4001件,行政调解427件。", "4453件", "矛盾纠纷", 4453, "件"),
    ("disputes_received", "全年排查矛盾纠纷1200件。", "1200件", "排查矛盾纠纷", 1200, "件"),
    ("people_mediation_cases", "共受理的4453件矛盾纠纷,其中人民调解4001件,行政调解427件。", "4001件", "人民调解", 4001, "件"),
    ("disputes_resolved_rate", "其他调解23件,成功化解矛盾4453件,化解率100%。", "100%", "化解率", 100, "%"),
    ("legal_aid_cases", "全年提供法律咨询1109次,免费办理法律援助案件359件。", "359件", "免费办理法律援助案件", 359, "件"),
    ("legal_consultations", "全年提供法律咨询1109次,免费办理法律援助案件359件。", "1109次", "提供法律咨询", 1109, "次"),
    ("legal_education_events", "以“法律七进”活动为抓手,开展“宪法宣传周”等主题活动60余场次,解答法律咨询2600人次。",
     "60余场次", "“宪法宣传周”等主题活动", 60, "场次"),
    ("service_cases_handled", "乡镇法定行权事项入驻率100%,今年累计办件数66708件、主动评价数55794次。",
     "66708件", "办件数", 66708, "件"),
    ("service_cases_handled", "2021年以来,共办理政务服务事项58816件,办结58810件,办结率99.9%。",
     "58816件", "办理政务服务事项", 58816, "件"),
    ("online_service_rate", "材料减免率42.33%,压缩时限85.88%,全程网办事项占比89.20%,一次办事项占比100%。",
     "89.20%", "全程网办事项占比", 89.2, "%"),
    ("credit_info_published", "开展各领域“红黑榜”以及联合惩戒,收集“双公示”信用信息9401条。",
     "9401条", "收集“双公示”信用信息", 9401, "条"),
]


@pytest.mark.parametrize(("code", "sentence", "raw", "subject", "value", "unit"), POSITIVE,
                         ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVE)])
def test_maps_real_sentences(code, sentence, raw, subject, value, unit):
    kind = "percent" if unit == "%" else "count"
    assert codes_of(fig(sentence, raw, subject, value, unit, kind)) == {code: value}


NEGATIVE = [
    # rates that are not indicators
    ("专业培训77次、实战训练58次,参训率达100%。", "100%", "参训率", 100, "%"),
    ("2024年,发出司法建议11条,检察意见书68件,回复率100%。", "100%", "回复率", 100, "%"),
    ("今年累计办件数66708件、主动评价数55794次,主动好评率100%。", "100%", "主动好评率", 100, "%"),
    ("在省一体化平台上认领事项认领率、发布率、办事指南准确度均达到100%。", "100%", "认领事项认领率", 100, "%"),
    ("向市政府备案县政府规范性文件9件,报备率、及时率、规范率达100%。", "100%", "规范率", 100, "%"),
    # inspections that are not the total
    ("联合区经信局等开展联合检查57次,检查企业57家。", "57次", "开展联合检查", 57, "次"),
    ("指导检查企业安全生产400余家次,发现问题隐患1800余条。", "400余家次", "指导检查企业安全生产", 400, "家次"),
    # law study that is not the 常务会议 会前学法
    ("严格落实区委常委会会议、区政府常务会会前学法、重大决策前专题学法,全年学法15次。", "15次", "全年学法", 15, "次"),
    ("13次召开省政府常务会议,审议地方性法规。", "13次", "", 13, "次"),
    # contracts reviewed without the government's legal advisers
    ("开展专项法治体检3次,审查劳动用工合同1800余份。", "1800余份", "审查劳动用工合同", 1800, "份"),
    # catalogue parts and catalogue units are not cases
    ("编制《执法事项目录清单》710项,其中行政处罚647项、行政强制28项。", "647项", "其中行政处罚", 647, "项"),
    ("28个区级执法部门建立公布“两轻一免”清单,涉及事项607项。", "607项", "涉及事项", 607, "项"),
    # exam takers, not trained staff; consultations by category
    ("234人通过四川省行政执法考试系统完成40个学时的线上学习。", "234人", "", 234, "人"),
    ("其中涉及信访类306人次,法律法规及政策咨询类430人次。", "430人次", "法律法规及政策咨询类", 430, "人次"),
    # resolved disputes are not received disputes; 万-scale exam takers are not trainees
    ("其他调解23件,成功化解矛盾4453件,化解率100%。", "4453件", "成功化解矛盾", 4453, "件"),
    ("組織機關工作人員學法考試24.4萬人次。", "24.4萬人次", "組織機關工作人員學法考試", 244000, "人次"),
]


@pytest.mark.parametrize(("sentence", "raw", "subject", "value", "unit"), NEGATIVE,
                         ids=[n[2] or n[1] for n in NEGATIVE])
def test_traps_stay_unmapped(sentence, raw, subject, value, unit):
    kind = "percent" if unit == "%" else "count"
    assert codes_of(fig(sentence, raw, subject, value, unit, kind)) == {}


def test_change_figures_never_map_to_levels():
    change = fig("行政处罚同比增长12%。", "12%", "行政处罚", 12, "%", kind="change")
    counted = fig("行政处罚985件,同比增长120件。", "120件", "行政处罚", 120, "件", kind="change")
    assert codes_of(change, replace(counted, figure_id=2)) == {}


def test_percent_never_maps_to_count_code_and_vice_versa():
    percent = fig("行政处罚占比12%。", "12%", "行政处罚", 12, "%", kind="percent")
    count = fig("出庭应诉率13件。", "13件", "负责人出庭应诉率", 13, "件", figure_id=2)
    assert codes_of(percent, count) == {}


def test_same_value_stated_twice_is_one_value_from_the_first_figure():
    first = fig("2024年全区共受理行政复议案件52件。", "52件", "受理行政复议案件", 52, "件", figure_id=3)
    second = fig("2024年东区行政复议案件数为52件,已办结40件。", "52件", "行政复议案件数为", 52, "件",
                 figure_id=9)
    figures, values = map_indicators([first, second], "r")
    assert [(v.indicator, v.figure_id) for v in values] == [("reconsideration_cases_received", 3)]
    assert [f.indicator for f in figures] == ["reconsideration_cases_received", None]


def test_different_values_for_one_code_leave_it_unmapped_with_a_reason():
    a = fig("开展涉企行政处罚和行政强制案卷评查,自查自纠1356件。", "1356件", "自查自纠", 1356, "件")
    b = fig("开展涉企行政执法案卷评查,自查自纠1263件,集中评查和交叉互评案卷20件。", "1263件", "自查自纠",
            1263, "件", figure_id=2)
    result = resolve_indicators([a, b], "r")
    assert result.values == []
    assert all(f.indicator is None for f in result.figures)
    [issue] = result.issues
    assert issue.code == "conflicting_values" and issue.severity == "warning"
    assert "case_file_reviews" in issue.message and "1356" in issue.message and "1263" in issue.message


def test_exact_unit_beats_a_variant():
    times = fig("全年提供法律咨询1109次,免费办理法律援助案件359件。", "1109次", "提供法律咨询", 1109, "次")
    persons = fig("开展主题活动60余场次,解答法律咨询2600人次。", "2600人次", "解答法律咨询", 2600, "人次",
                  figure_id=2)
    assert codes_of(persons, times) == {"legal_consultations": 1109}
    assert codes_of(persons) == {"legal_consultations": 2600}


def test_more_specific_rule_wins():
    sentence = "行政机关负责人出庭应诉案件15件,实际出庭13件,出庭应诉率86.7%。"
    cases = fig(sentence, "15件", "行政机关负责人出庭应诉案件", 15, "件")
    actual = fig(sentence, "13件", "实际出庭", 13, "件", figure_id=2)
    assert codes_of(cases, actual)["litigation_head_appearance_cases"] == 13


def test_repeated_raw_in_one_sentence_uses_the_right_clause():
    sentence = "全区行政机关负责人出庭应诉案件13件,实际出庭13件,出庭应诉率100%。"
    actual = fig(sentence, "13件", "实际出庭", 13, "件", figure_id=2)
    assert codes_of(actual) == {"litigation_head_appearance_cases": 13}


def test_indicator_values_carry_the_figure():
    f = fig("修改合同20余份,政府法律顾问参与。", "20余份", "修改合同", 20, "份", approx=True, figure_id=7)
    figures, values = map_indicators([f], "rep-1")
    (value,) = values
    assert (value.report_id, value.value, value.unit, value.approx, value.figure_id) == (
        "rep-1", 20, "份", True, 7)
    assert value.sentence == f.sentence and figures[0].indicator == "legal_advisor_contracts"


def test_mapping_is_pure_and_clears_stale_indicators():
    stale = replace(fig("开展联合检查57次。", "57次", "开展联合检查", 57, "次"), indicator="inspection_count")
    before = repr(stale)
    figures, values = map_indicators([stale], "r")
    assert repr(stale) == before and values == [] and figures[0].indicator is None


def test_equal_priority_match_for_two_codes_drops_the_figure(tmp_path):
    path = tmp_path / "lexicon.yaml"
    rule = {"units": ["件"], "kinds": ["count"], "rules": [{"subject": ["行政处罚$"]}]}
    path.write_text(yaml.safe_dump({"codes": {"penalty_cases": rule, "licensing_cases": rule}},
                                   allow_unicode=True), encoding="utf-8")
    lexicon = load_lexicon(path)
    result = resolve_indicators([fig("行政处罚985件。", "985件", "行政处罚", 985, "件")], "r", lexicon)
    assert result.values == [] and result.issues[0].code == "ambiguous_figure"
    assert "penalty_cases" in result.issues[0].message and "985件" in result.issues[0].message


@pytest.mark.parametrize(("pattern", "literal"), [
    ("行政处罚(案件)?$", "行政处罚"), ("常务会(议)?学法$", "常务会"), ("撤销?", "撤"),
    ("受理的?#矛盾纠纷", "矛盾纠纷"), ("a|b", None), (r"\(行政\)复议", "行政"), ("(普法)?活动$", "活动"),
])
def test_required_literal_prefilter(pattern, literal):
    assert _required_literal(pattern) == literal


# ---- end to end on the bundled report (needs govreports.extract.figures) ------------------------

def _bundled_figures(path=BUNDLED):
    figures_mod = pytest.importorskip("govreports.extract.figures")
    text = path.read_text(encoding="utf-8")
    start = text.find("2024年度,东区") if path == BUNDLED else 0
    body = text[start:]
    return figures_mod.extract_figures(body, "r", [SectionSpan("1", 0, len(body))])


def test_bundled_report_golden():
    expected = yaml.safe_load((ROOT / "tests" / "expected" / "dongqu-indicators.yaml").read_text(
        encoding="utf-8"))
    result = resolve_indicators(_bundled_figures(), "r")
    got = {v.indicator: [v.value, v.unit, v.approx] for v in result.values}
    assert got == expected["values"]
    warned = {i.message.split(" ")[1] for i in result.issues if i.code == "conflicting_values"}
    assert warned == set(expected["unmapped_with_warning"])


def test_unused_lexicon_entries_are_reported():
    pages = sorted(REAL_PAGES.glob("*.txt"))  # none when ../shared is absent: the bundled report only
    corpus = [_bundled_figures()] + [_bundled_figures(p) for p in pages]
    unused = unused_entries(corpus)
    used_codes = {rule_id.split("#")[0] for rule_id in _all_rule_ids() if rule_id not in unused}
    expected = yaml.safe_load((ROOT / "tests" / "expected" / "dongqu-indicators.yaml").read_text(
        encoding="utf-8"))
    assert set(expected["values"]) <= used_codes
    if unused:  # an entry that never matches is reported (warnings summary), not hidden
        warnings.warn(f"lexicon rules matching nothing in the corpus: {', '.join(unused)}",
                      UserWarning, stacklevel=1)


def _all_rule_ids():
    return [r.rule_id for c in load_lexicon().codes for r in c.rules]


# ---- invariants over arbitrary mixes of real-looking figures ----------------------------

POOL = [(s, r, subj, v, u) for _, s, r, subj, v, u in POSITIVE] + list(NEGATIVE)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(POOL), st.sampled_from(["count", "percent", "change"]),
                          st.integers(1, 5)), max_size=25))
def test_mapping_invariants(picks):
    figures = [fig(s, r, subj, v * factor, u, kind, figure_id=i)
               for i, ((s, r, subj, v, u), kind, factor) in enumerate(picks, 1)]
    lexicon = {c.code: c for c in load_lexicon().codes}
    mapped, values = map_indicators(figures, "r")
    assert len({v.indicator for v in values}) == len(values)  # one value per code
    tagged = {f.figure_id: f for f in mapped if f.indicator}
    assert sorted(tagged) == sorted(v.figure_id for v in values)
    for value in values:
        figure = tagged[value.figure_id]
        assert figure.indicator == value.indicator and figure.kind != "change"
        assert figure.kind in lexicon[value.indicator].kinds
        assert ("%" == figure.unit) == (lexicon[value.indicator].units == ("%",))


def test_outcomes_in_a_sentence_mixing_reconsideration_and_litigation_stay_unmapped():
    sentence = "审结行政复议案件30件、行政诉讼案件20件,其中确认违法4件。"
    assert codes_of(fig(sentence, "4件", "确认违法", 4, "件")) == {}
