"""The year reported on and the publication date, in the forms pages show them.

Examples are written for the purpose (no fixture text is copied here).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreports.parse import header, metadata
from govreports.parse.document import parse_document
from govreports.records import Document

BODY = "2024年,某县坚持以习近平新时代中国特色社会主义思想为指导,全面推进法治政府建设,取得积极成效。"


def facts(*head: str, body: str = BODY, url: str | None = None) -> metadata.HeaderFacts:
    lines = [*head, body]
    return metadata.read_header(lines, header.body_start(lines), None, url)


def published(*head: str, body: str = BODY) -> date | None:
    return facts(*head, body=body).published


# --- labels ------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "公开类别 主动公开 发布时间 2025-03-02",  # no colon, after other cells
    "公开类别主动公开发布时间2025-03-02",  # the same, spaces removed by ingest
    "[ 成文日期 ] 2025-02-20 [ 发布日期 ] 2025-03-02",  # bracketed labels
    "| [ 成文日期 ] | 2025-02-20 | [ 发布日期 ] | 2025-03-02 |",  # bracketed labels in cells
    "发布时间 | 2025-03-02 |",  # table cell
    "作者: 来源:某县人民政府更新时间:2025-03-02 10:11:12",  # mid-line after other labels
    "信息提供日期 : 2025-03-02 16:57来源 : 某街道办",  # a label glued to the previous value
    "- 发文时间:2025年03月02日",
    "发稿时间：2025-03-02",
    "时间:2025-03-02         来源:某处",
])
def test_labelled_publication_dates(line):
    assert published("某县2024年度法治政府建设情况报告", line) == date(2025, 3, 2)


def test_a_short_label_inside_a_word_is_not_a_label():
    assert header.read_fields(["统计时间2024年1月1日至12月31日"]) == []
    assert header.read_fields(["截止日期:2024-12-31"]) == []


def test_cells_give_their_values():
    got = {f.name: f.value for f in header.read_fields([
        "| 索引号 | 000000/2025-00001 |", "| 发布机构 | 某县司法局 | ||", "[ 发文字号 ] 某府〔2025〕3号 [ 有效性 ]"])}
    assert got == {"index_number": "000000/2025-00001", "publisher": "某县司法局", "doc_number": "某府〔2025〕3号"}


def test_a_document_generation_date_is_not_the_publication_date():
    got = facts("某镇2024年法治政府建设报告", "- 公文生成日期: 2025-02-07")
    assert got.published is None and got.written == date(2025, 2, 7)


def test_metadata_lines_after_a_misplaced_body_start():
    """A slogan with commas above the header does not hide the labelled date below it."""
    lines = ["高举旗帜,团结奋斗,为全面建设社会主义现代化国家而努力,不断开创新局面", "某市人民政府关于2024年法治政府建设情况的报告",
             "时间:2025-03-02 来源:某处", BODY, "一、主要举措"]
    assert header.body_start(lines) == 0
    assert metadata.read_header(lines, 0, None).published == date(2025, 3, 2)


# --- unlabelled dates ------------------------------------------------------------------


def test_date_and_time_on_a_chrome_line():
    assert published("某市政府门户网站 2025-01-24 11:48:24 来源: 某市司法局") == date(2025, 1, 24)
    assert published("某县人民政府 2025-01-24 15:38:00 来源:某县司法局") == date(2025, 1, 24)


def test_date_and_time_without_chrome_is_not_taken():
    assert published("某县人民政府 2025-01-24 15:38:00 某某") is None


@pytest.mark.parametrize("line", ["2025-03-02", "(2025年3月2日)", "（2025年3月2日）", "2025年3月2日10时21分",
                                  "——2025年3月2日在某区第十届人民代表大会常务委员会第五次会议上"])
def test_a_date_line_under_the_title(line):
    assert published("某区2024年法治政府建设情况报告", line) == date(2025, 3, 2)


def test_a_date_after_the_title_on_its_line():
    got = facts(body="2024年某区法治政府建设工作情况报告 2025-03-02")
    assert got.published == date(2025, 3, 2)
    assert got.title == "2024年某区法治政府建设工作情况报告"


def test_a_stale_banner_date_is_not_the_publication_date():
    assert published("某区人民政府 2019年12月3日星期二", "某区2024年度法治政府建设情况报告") is None
    assert published("某区人民政府 2019年12月3日 星期二 10:00 来源:区政府") is None


def test_a_date_in_running_text_is_not_the_publication_date():
    assert published("某区2024年度法治政府建设情况报告", "本报告统计期限自2024年1月1日起至12月31日止。" * 3) is None


# --- the year reported on ----------------------------------------------------------------


@pytest.mark.parametrize("title, opening, year", [
    ("某街道2025年法治政府建设报告", "", 2025),
    ("《某县2019年工作要点》学习体会", "今年以来,…", None),
    (None, "??2022年,全市坚持…", 2022),
    (None, "•  2020年,在省委的领导下,…", 2020),
    (None, "今年以来,我州坚持…。\n一、2024年工作回顾\n(一)…", 2024),
    (None, "某区坚持…,取得成效。\n一、2022年法治政府建设主要举措和成效", 2022),
    (None, "根据《某某纲要(2023—2027年)》的部署,2023年,某街道坚持…", 2023),
    (None, "2025年以来,我局坚持…。印发《某局关于2024年法治政府建设情况的报告》…", 2025),
    (None, "依照《实施纲要(2021-2025年)》,我县坚持…", None),
    (None, "四、2026年度工作安排", None),
])
def test_year_reported_on(title, opening, year):
    assert metadata.find_year(title, opening) == year


def test_a_download_wrapper_names_the_document():
    body = "《2023年某市法治政府建设情况报告.docx》由会员分享,可在线阅读,更多相关《2023年某市法治政府建设情况报告.docx(16页)》"
    got = facts(body=body)
    assert got.title == "2023年某市法治政府建设情况报告" and got.year == 2023


# --- last resorts, flagged ---------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("http://www.example.gov.cn/zw/202502/t20250226_3767837.html", date(2025, 2, 26)),
    ("https://www.example.gov.cn/art/2023/2/21/art_1_2.html", date(2023, 2, 21)),
    ("http://sthjj.example.gov.cn/a/2025-12/25/article_1.html", date(2025, 12, 25)),
    ("https://www.example.gov.cn/dt/001003/20260127/ad0d2970.html", date(2026, 1, 27)),
    ("https://www.example.gov.cn/content/post_4398612.html", None),
    ("https://www.example.gov.cn/t20251399_1.html", None),
    (None, None),
])
def test_date_in_url(url, expected):
    assert metadata.date_in_url(url) == expected


NO_YEAR = "今年以来,我县坚持以习近平新时代中国特色社会主义思想为指导,全面推进法治政府建设。"
URL = "http://www.example.gov.cn/zw/202502/t20250226_1.html"


def test_the_url_date_is_evidence_not_the_publication_date():
    got = facts("某县2024年度法治政府建设情况报告", url=URL)
    assert (got.published, got.url_date) == (None, date(2025, 2, 26))
    issues = metadata.date_issues(got, "x-2024", URL)
    assert [(i.code, i.severity, i.field, i.evidence) for i in issues] == [
        ("published_from_url", "warning", "published", URL)]
    assert "2025-02-26" in issues[0].message


def test_no_url_issue_when_the_page_shows_a_date():
    got = facts("某县2024年度法治政府建设情况报告", "发布时间:2025-03-02", url=URL)
    assert got.published == date(2025, 3, 2) and metadata.date_issues(got, "x-2024", URL) == []


def test_no_year_in_the_text_is_none_whatever_the_dates():
    """Neither the publication date nor the URL stands in for the year reported on."""
    assert facts("某县法治政府建设情况报告", "发布时间:2025-03-02", body=NO_YEAR, url=URL).year is None


def test_the_parse_stage_carries_the_url_issue():
    text = "\n".join(["某县2024年度法治政府建设情况报告", BODY * 3, "一、主要举措和成效", BODY * 3])
    doc = Document(path="x.txt", text=text.replace("某县", "宁远县"), sha256="0" * 64, media_type="text",
                   source_url=URL)
    parsed = parse_document(doc)
    assert [(i.code, i.report_id, i.evidence) for i in parsed.issues if i.code == "published_from_url"] == [
        ("published_from_url", parsed.report.report_id, URL)]
    assert parsed.report.published is None


# --- never raises, never out of range ---------------------------------------------------------

DATE_ALPHABET = st.sampled_from(list("0123456789年月日-/.:： 时分秒()（）[]|发布时间日期来源星期二——在会议上《》") + ["2019", "2024", "20", "99"])


@given(st.one_of(st.text(max_size=80), st.lists(DATE_ALPHABET, max_size=40).map("".join)))
def test_date_parsing_never_raises_and_stays_in_range(text):
    for found in (header.parse_date(text), header.dated_time(text), metadata.date_in_url(text),
                  metadata.read_header([text, text], 1, None, text).published):
        assert found is None or date(2000, 1, 1) <= found <= date(2100, 12, 31)
    header.is_date_line(text)
    year = metadata.find_year(text, text)
    assert year is None or 2000 <= year <= 2100
