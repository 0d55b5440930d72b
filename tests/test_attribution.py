"""Who issued a report, from every clue: short pages written for each phenomenon.

The texts are made up; the places and web hosts are real divisions and the
shapes of real government sites.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from govreports.ingest.read import document_from_bytes
from govreports.parse import hosts
from govreports.pipeline import read_report
from govreports.records import IncompleteReport, ParsedReport

FILLER = (
    "一、主要举措和成效\n（一）坚持依法决策。严格落实重大行政决策程序规定，全年审查规范性文件12件，"
    "办理行政复议案件8件，行政机关负责人出庭应诉率100%。\n"
    "二、存在的不足\n法治宣传的针对性还需增强。\n三、下一步工作安排\n持续推进法治政府建设。\n"
)


def parse(text: str, url: str | None = None) -> ParsedReport:
    doc = document_from_bytes((text + "\n" + FILLER).encode("utf-8"), "page.txt")
    return read_report(replace(doc, source_url=url))


def place(parsed: ParsedReport) -> tuple:
    r = parsed.report
    return r.body_kind, r.level, r.province, r.city, r.district, r.township, r.department


def codes(parsed: ParsedReport) -> set[str]:
    return {issue.code for issue in parsed.issues}


def test_a_county_that_says_only_wo_xian_is_placed_by_its_own_site() -> None:
    parsed = parse("2025年，我县坚持以习近平新时代中国特色社会主义思想为指导，全县法治政府建设取得新成效。",
                   "https://www.mayang.gov.cn/mayang/c1/202601/a.shtml")
    assert place(parsed) == ("government", "county", "湖南省", "怀化市", "麻阳苗族自治县", None, None)
    assert parsed.report.body_id == "431226"
    assert "issuer_from_host" in codes(parsed)


def test_the_same_page_on_a_mirror_is_rejected_not_guessed() -> None:
    with pytest.raises(IncompleteReport, match="cannot tell which government"):
        parse("2025年，我县坚持以习近平新时代中国特色社会主义思想为指导，全县法治政府建设取得新成效。",
              "http://www.example.com/copy/a.html")


def test_a_department_on_its_sub_domain_is_the_department_not_the_city() -> None:
    parsed = parse("2024年，我局坚持以习近平法治思想为指导，全市司法行政工作取得新进展。大连市法治政府建设……",
                   "https://sfj.dl.gov.cn/art/2025/3/3/art_1.html")
    assert place(parsed) == ("department", "city", "辽宁省", "大连市", None, None, "司法局")
    assert parsed.report.body_id == "210200-sfj"
    assert parsed.report.report_id == "210200-sfj-2024"


def test_an_unnamed_department_is_rejected_rather_than_filed_as_its_government() -> None:
    with pytest.raises(IncompleteReport, match="body is not named"):
        parse("2025年，我局坚持以习近平法治思想为指导，全县农业农村法治工作取得新进展。",
              "https://www.mayang.gov.cn/mayang/c1/202601/a.shtml")


def test_a_township_in_the_title_is_placed_under_the_district_of_the_host() -> None:
    parsed = parse("2025年度长寿路街道法治政府建设情况报告\n区政府：\n现将本街道2025年度法治政府建设情况报告如下。",
                   "https://www.shpt.gov.cn/zhengwu/2025/343/200698.html")
    assert place(parsed)[:6] == ("government", "township", "上海市", None, "普陀区", "长寿路街道")
    assert len(parsed.report.adcode or "") == 9


def test_joint_party_and_government_issuers_are_the_government() -> None:
    parsed = parse("中共云阳县凤鸣镇委员会 云阳县凤鸣镇人民政府\n关于2025年法治政府建设情况的报告\n"
                   "2025年，凤鸣镇坚持以习近平法治思想为指导。")
    assert place(parsed) == ("government", "township", "重庆市", None, "云阳县", "凤鸣镇", None)


def test_a_stock_phrase_naming_the_province_is_not_the_issuer() -> None:
    parsed = parse("2025年，我县深入学习贯彻习近平总书记考察云南重要讲话精神，全县法治政府建设扎实推进。",
                   "https://www.huaning.gov.cn/hn/tzgg26/20260205/1.html")
    assert place(parsed)[:5] == ("government", "county", "云南省", "玉溪市", "华宁县")


def test_the_addressee_is_the_parent_not_the_issuer() -> None:
    parsed = parse("河北省人民政府：\n2024年，我市坚持以习近平法治思想为指导，保定市法治政府建设取得新成效。全市……")
    assert place(parsed)[:4] == ("government", "city", "河北省", "保定市")


def test_a_place_named_only_in_a_cited_local_title_is_flagged() -> None:
    parsed = parse("2024年，区人社局认真落实《中共汕头市澄海区委全面依法治区委员会2024年工作要点》，"
                   "深入推进法治政府建设。")
    assert place(parsed) == ("department", "county", "广东省", "汕头市", "澄海区", None,
                             "人力资源和社会保障局")
    assert "issuer_from_cited_title" in codes(parsed)


def test_a_renamed_county_keeps_the_code_of_its_year_and_the_series_of_today() -> None:
    parsed = parse("郫县人民政府关于2015年度法治政府建设情况的报告\n2015年，郫县坚持依法行政。")
    assert (parsed.report.adcode, parsed.report.body_id, parsed.report.district) == ("510124", "510117", "郫县")
    assert "division_renamed" in codes(parsed)
    later = parse("成都市郫都区人民政府关于2023年度法治政府建设情况的报告\n2023年，郫都区坚持依法行政。")
    assert (later.report.adcode, later.report.body_id) == ("510117", "510117")


def test_a_branch_office_is_a_department_of_its_district() -> None:
    parsed = parse("广州市公安局增城区分局关于2024年度法治政府建设情况的报告\n2024年，分局坚持依法行政。")
    assert place(parsed)[4:] == ("增城区", None, "公安分局")


@pytest.mark.parametrize("url, places, department", [
    ("https://www.mayang.gov.cn/x", [["431226"]], None),
    ("http://www.lst.gov.cn/x", [["431103"]], None),
    ("http://www.cqfd.gov.cn/x", [["500230"]], None),
    ("http://admin.yzcity.gov.cn:8888/nyx/fzzfjs/a.html", [["431126"], ["431100"]], None),
    ("https://sfj.fuzhou.gov.cn/x", [["350100", "361000"]], "司法局"),
    ("http://www.luhe.gov.cn/swlhmzj/a.html", [["441523"]], "民政局"),
    ("https://www.changzhi.gov.cn/x", [["140400", "140421"]], None),  # the city, and 长治县 (上党区 since 2016)
    ("http://www.jeevanhouse.com/a", None, None),
])
def test_government_hosts_name_their_place_and_department(url, places, department) -> None:
    clue = hosts.read_host(url)
    if places is None:
        assert clue is None
        return
    assert [list(codes) for codes in clue.places] == places
    assert clue.department == department


def test_a_department_named_only_by_its_own_documents_is_flagged() -> None:
    parsed = parse("2023年，我局坚持以习近平法治思想为指导，推进人社法治建设。制定并实施"
                   "《上城区人力社保局行政合法性审查事项目录清单》，规范行政行为。",
                   "https://www.hzsc.gov.cn/art/2024/1/29/art_1.html")
    assert place(parsed) == ("department", "county", "浙江省", "杭州市", "上城区", None, "人力资源和社会保障局")
    assert {"issuer_from_cited_title", "issuer_from_host"} <= codes(parsed)


def test_a_commission_takes_no_bureau_it_mentions() -> None:
    with pytest.raises(IncompleteReport, match="body is not named"):
        parse("2025年，我委坚持以习近平法治思想为指导，配合县公安局、县司法局开展执法检查。",
              "https://www.mayang.gov.cn/mayang/c1/202601/a.shtml")


def test_a_county_named_only_by_its_doc_number_is_placed_and_flagged() -> None:
    parsed = parse("文号：攀东府〔2025〕9号\n关于2024年度法治政府建设工作情况的报告\n"
                   "2024年，全区坚持以习近平法治思想为指导，区政府深入推进依法行政。")
    assert place(parsed)[:5] == ("government", "county", "四川省", "攀枝花市", "东区")
    assert "issuer_from_doc_number" in codes(parsed)


@pytest.mark.parametrize("doc_number, county", [
    ("攀东府〔2025〕9号", "510402"),  # 攀(枝花市)东(区) + 府
    ("北碚府发〔2024〕3号", "500109"),  # a municipality's district: its own first two characters
    ("川府发〔2024〕1号", None),  # a province
    ("东府〔2024〕1号", None),  # one character says nothing
    ("关于印发工作要点的通知", None),
])
def test_doc_number_prefixes(doc_number, county) -> None:
    from govreports.parse.docnumber import doc_number_county

    assert doc_number_county(doc_number) == county
