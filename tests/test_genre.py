"""Is a page a report? Each rule family of data/report_rules.yaml, both ways.

The examples are short texts written for these tests (not copies of pages).
A page passes when parsing raises no NotAReport; it may still be incomplete
(no division in a short example), which is another question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreports.ingest.read import document_from_bytes
from govreports.parse.document import parse_document
from govreports.parse.genre import genre_reason, headings
from govreports.records import NotAReport, ParseError

ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = ROOT.parent / "shared" / "fixtures" / "dev-corpus" / "pages.jsonl"

BODY = (
    "2024年,我县坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,"
    "全面推进依法行政,法治政府建设取得新成效。现将有关情况报告如下:\n"
    "一、主要举措和成效\n(一)加强组织领导。县政府常务会议专题研究法治政府建设工作4次,"
    "制定《县政府重大行政决策程序规定(试行)》。\n"
)


def verdict(text: str) -> str | None:
    """The NotAReport reason, or None when the page passes as a report."""
    try:
        parse_document(document_from_bytes(text.encode("utf-8"), "example.txt"))
    except NotAReport as error:
        return str(error)
    except ParseError:
        return None
    return None


REJECTED = {
    "information disclosure, title": (
        "信息公开", "某某区人民政府2024年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》"
        "要求编制,全文包括总体情况、主动公开政府信息情况等。\n" + BODY),
    "information disclosure, opening": (
        "信息公开", "本年度报告根据《中华人民共和国政府信息公开条例》编制。统计期限为2024年1月1日至12月31日。"
        "坚持依法行政,法治政府建设。\n" + BODY),
    "news dateline": ("news article", "东江网6月3日讯(记者 王小明)近日,东江县召开会议,总结法治政府建设工作。\n" + BODY),
    "news agency": ("news article", "新华社北京3月5日电 法治政府建设取得新进展,各地全面推进依法行政。\n" + BODY),
    "news source label": (
        "news article", "东江县法治政府建设综述\n2025-01-04 08:22 | 来源:东江日报\n" + BODY),
    "news lead without a year": (
        "news article", "4月15日下午,县长主持召开县政府常务会议,审议法治政府建设工作,会议强调依法行政。\n" + BODY),
    "meeting headline": ("news of a meeting", "东江县召开2024年度法治政府建设工作推进会\n" + BODY),
    "award headline": ("news of a meeting", "喜报!东江县获评全省法治政府建设示范县\n" + BODY),
    "inspection headline": ("news of a meeting", "省督察组来东江县开展法治政府建设督察\n" + BODY),
    "interpretation": ("解读", "《东江县2024年法治政府建设年度报告》政策解读\n" + BODY),
    "notice issuing a plan": (
        "work plan", "东江县人民政府关于印发《东江县法治政府建设实施方案(2021-2025年)》的通知\n" + BODY),
    "plan title": ("work plan", "东江县2025年法治政府建设工作要点\n" + BODY),
    "plan with a period": ("work plan", "东江县法治政府建设行动计划(2025—2027年)\n" + BODY),
    "notice addressed downwards": (
        "work plan", "各乡镇人民政府,县政府各部门:\n现将《东江县法治政府建设工作安排》印发给你们,请认真贯彻落实。"
        "法治政府建设。\n" + BODY),
    "plan opening": ("work plan", "为深入推进依法行政,加快建设法治政府,结合我县实际,制定本方案。\n" + BODY),
    "assessment": ("assessment result", "关于2024年度法治政府建设考核结果的通报\n" + BODY),
    "述法": ("述法", "东江县县长2024年度述法报告\n" + BODY),
    "government work report": (
        "政府工作报告", "各位代表:\n现在,我代表县人民政府向大会报告工作,请予审议。法治政府建设扎实推进。\n" + BODY),
    "speech": ("a speech", "——在全县法治政府建设工作会议上的讲话\n" + BODY),
    "catalogue record": (
        "catalogue or database record", "法治政府建设报告的文本分析\n摘要:本文分析了各地法治政府建设年度报告。\n"
        "关键词:法治政府;年度报告\nDOI:10.0000/example\n" + BODY),
    "white paper": ("catalogue or database record", "东江县法治政府建设白皮书\n" + BODY),
    "exam question": (
        "exam question", "2024年,某地发布法治政府建设情况。结合材料,运用依法治国的知识说明其意义。\n" + BODY),
    "template": ("template", "某县2024年度法治政府建设情况报告\n" + BODY),
    "template xx": ("template", "XX市20XX年法治政府建设情况报告\n" + BODY),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected(name: str) -> None:
    word, text = REJECTED[name]
    reason = verdict(text)
    assert reason is not None, name
    assert word in reason, reason


ACCEPTED = {
    "plain title": "东江县人民政府关于2024年法治政府建设情况的报告\n" + BODY,
    "work situation": "东江县2024年法治政府建设工作情况\n" + BODY,
    "department": "东江县司法局2024年法治政府部门建设工作情况\n" + BODY.replace("我县", "我局"),
    "依法行政 report": "东江县2024年依法行政工作报告\n" + BODY,
    "汇报": "东江县2024年法治政府建设工作汇报\n" + BODY,
    "addressed upwards": "中共东江市委、东江市人民政府:\n" + BODY,
    "no title": BODY,
    "township": "东江镇2024年度法治政府建设情况报告\n" + BODY.replace("我县", "我镇"),
    "report published for comment": "关于2024年度法治政府建设工作情况报告的公示\n" + BODY,
    "cites a notice issuing a plan": (
        "东江县2024年法治政府建设年度报告\n2024年,我县认真落实《中共东江市委关于印发〈东江市法治政府建设"
        "实施方案〉的通知》,全面推进依法行政。\n" + BODY),
    "regulation (试行) cited": "东江县2024年法治政府建设年度报告\n" + BODY,
    "规范文件 is not 范文": "东江县2024年法治政府建设年度报告\n加强规范文件管理。\n" + BODY,
    "spam title suffix": "东江县2024年法治政府建设情况报告_足球彩票官网\n" + BODY,
    "report to the congress standing committee": (
        "东江县人民政府关于2024年法治政府建设情况的报告\n——2025年3月1日在东江县第十届人民代表大会常务委员会"
        "第五次会议上\n主任、各位副主任、各位委员:\n" + BODY),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted(name: str) -> None:
    assert verdict(ACCEPTED[name]) is None


def test_headings_skip_breadcrumbs_and_labels() -> None:
    head = "首页 > 政策文件及解读\n分类: 其他通知\n标题: 东江县2024年法治政府建设报告\n东江县法治政府建设报告\n"
    assert headings(None, head) == ["东江县2024年法治政府建设报告", "东江县法治政府建设报告"]


def test_no_subject_is_not_a_report() -> None:
    assert genre_reason(None, "东江县2024年工作总结", "2024年,我县经济平稳增长。") is None
    assert verdict("东江县2024年工作总结\n2024年,我县经济平稳增长,各项工作取得新进展。" * 5) is not None
