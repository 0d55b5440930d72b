"""Header fields, dates and titles in the formats real sites use."""

from __future__ import annotations

from datetime import date

import pytest

from govreports.parse import header, metadata


def fields(*lines: str) -> dict[str, str]:
    return {f.name: f.value for f in header.read_fields(list(lines))}


def test_spaced_labels_and_several_fields_on_one_line():
    got = fields("索 引 号: 000014349/2025-17645 发布日期: 2025-02-28 发布机构: 下陆区司法局")
    assert got == {"index_number": "000014349/2025-17645", "published": "2025-02-28",
                   "publisher": "下陆区司法局"}


def test_an_empty_value_does_not_swallow_the_next_label():
    assert fields("文 号: 文件分类: 所属机构:") == {}
    assert fields("来源: 发布日期:2023-02-21 10:00") == {"published": "2023-02-21 10:00"}


def test_placeholders_are_empty():
    assert fields("索 引 号:-", "发文字号:-", "发布机构:-") == {}


def test_bulleted_metadata_lists():
    assert fields("- 文 号:攀东府〔2025〕9号") == {"doc_number": "攀东府〔2025〕9号"}


def test_full_width_colons_and_label_variants():
    assert fields("信息来源：某某区司法局") == {"publisher": "某某区司法局"}
    assert fields("更新时间：2021/03/29") == {"published": "2021/03/29"}
    assert fields("时间:2018-05-03  浏览次数:") == {"published": "2018-05-03"}


@pytest.mark.parametrize("text, expected", [
    ("2024-03-28 09:18", date(2024, 3, 28)),
    ("2021/03/29", date(2021, 3, 29)),
    ("2019年3月1日", date(2019, 3, 1)),
    ("2019 年 3 月 1 日", date(2019, 3, 1)),
    ("2019.03.01", date(2019, 3, 1)),
    ("2023-02-30", None),
    ("no date", None),
])
def test_dates(text, expected):
    assert header.parse_date(text) == expected


def test_date_lines():
    assert header.is_date_line("2024-02-29 08:57")
    assert header.is_date_line("2025年2月28日")
    assert not header.is_date_line("天津市静海区人民政府 2019年12月3日星期二")


def test_body_starts_at_the_first_prose_line():
    lines = ["某区2023年度法治政府建设情况报告", "来源:区政府办公室 发布时间:2024-03-28",
             "2023年,某区坚持以习近平新时代中国特色社会主义思想为指导,全面推进法治政府建设。"]
    assert header.body_start(lines) == 2


def test_title_broken_over_two_lines_is_joined():
    lines = ["上海市生态环境局关于2022年度", "法治政府建设情况的报告", "2022年,上海市生态环境局坚持…,…。"]
    assert metadata.find_title(lines, 0, None, None) == "上海市生态环境局关于2022年度法治政府建设情况的报告"


def test_breadcrumbs_are_not_titles():
    assert not metadata.is_title("首页>政务公开>法治政府建设年度报告 > 2022年法治政府建设年度报告")


@pytest.mark.parametrize("title, opening, year", [
    ("关于2024年度法治政府建设工作情况的报告", "", 2024),
    (None, "现将中原区2024年度法治政府建设情况报告如下:", 2024),
    (None, "2021年,司法部堅持…", 2021),
    ("某县 2025 年度法治政府建设情况报告", "", 2025),
    (None, "今年来,吴起县委坚持…", None),  # no year stated: not guessed from the publication date
])
def test_year_reported_on(title, opening, year):
    assert metadata.find_year(title, opening) == year


def test_signature_date():
    lines = ["……持续优化法治化营商环境。", "攀枝花市东区人民政府", "2025年2月28日"]
    assert metadata.signature_date(lines) == date(2025, 2, 28)


def test_a_doc_number_line_above_the_title_is_not_part_of_it():
    lines = ["安财发〔2022〕58号", "安阳市财政局2021年度法治政府建设工作报告", "2021年,我局坚持…,…。"]
    assert metadata.find_title(lines, 2, None, None) == "安阳市财政局2021年度法治政府建设工作报告"


def test_a_navigation_line_above_a_whole_title_is_not_part_of_it():
    lines = ["通知公告", "柳城县2025年法治政府建设年度报告", "2025年,柳城县坚持…,…。"]
    assert metadata.find_title(lines, 2, None, None) == "柳城县2025年法治政府建设年度报告"


def test_page_widgets_after_a_value_are_not_part_of_it():
    got = fields("发布时间：2024年03月28日 信息来源：司法局 【字体：大 中 小】 点击：")
    assert got == {"published": "2024年03月28日", "publisher": "司法局"}
    assert fields("来源:区政府办公室 选择阅读字号:[ 大 中 小 ]") == {"publisher": "区政府办公室"}
