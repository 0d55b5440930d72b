"""Divisions and issuers: names in text, parents from the table, levels."""

from __future__ import annotations

import pytest

from govreports.parse import divisions as regions
from govreports.parse import issuer


def test_parents_come_from_the_division_table():
    east = regions.region("510402")
    assert (east.name, east.level, east.province, east.city) == ("东区", "county", "四川省", "攀枝花市")
    jinghai = regions.region("120118")  # a municipality's district has no city
    assert (jinghai.province, jinghai.city) == ("天津市", None)


def test_mentions_are_leftmost_longest():
    names = [m.name for m in regions.find_mentions("攀枝花市东区人民政府")]
    assert names == ["攀枝花市", "东区"]


def test_short_names_of_provinces_and_cities_only():
    assert [m.name for m in regions.find_mentions("在湖北考察 广东公安")] == ["湖北", "广东"]


@pytest.mark.parametrize("title, opening, expected", [
    ("攀枝花市东区人民政府 关于2024年度法治政府建设工作情况的报告", "",
     ("攀枝花市东区人民政府", "government", "county", "510402", None)),
    ("静海区2023年度法治政府建设情况报告", "", ("静海区人民政府", "government", "county", "120118", None)),
    ("福建省2023年度法治政府建设情况", "", ("福建省人民政府", "government", "province", "350000", None)),
    ("广州市教育局2021年法治政府建设年度报告", "", ("广州市教育局", "department", "city", "440100", "教育局")),
    (None, "2023年,市市场监管局在市委市政府的坚强领导下,…“绍兴创新监管服务模式”获评…",
     ("绍兴市市场监督管理局", "department", "city", "330600", "市场监督管理局")),
    (None, "2021年,司法部坚持以习近平新时代中国特色社会主义思想为指导,",
     ("司法部", "department", "country", "100000", "司法部")),
    (None, "2019年,在县委的坚强领导下,县政府坚持…,以创建法治政府建设示范县为目标,…中共平利县委全面依法治县委员会",
     ("平利县人民政府", "government", "county", "610926", None)),
])
def test_issuer_level_and_division(title, opening, expected):
    who = issuer.identify(title, "", opening)
    assert (who.issuer, who.body_kind, who.level, who.adcode, who.department) == expected


def test_the_banner_gives_the_full_government_name():
    who = issuer.identify("静海区2023年度法治政府建设情况报告", "天津市静海区人民政府 2019年12月3日星期二", "")
    assert who.issuer == "天津市静海区人民政府"


def test_same_named_districts_are_told_apart_by_their_parents():
    tianjin = issuer.identify("河东区2023年度法治政府建设情况报告", "天津市人民政府网", "")
    linyi = issuer.identify("河东区2023年度法治政府建设情况报告", "", "2023年,河东区在临沂市委、市政府领导下坚持…")
    assert (tianjin.province, linyi.city) == ("天津市", "临沂市")


@pytest.mark.parametrize("title, expected", [
    ("中共平利县委 平利县人民政府关于2023年度法治建设情况的报告", ("平利县人民政府", "government", "county", "610926")),
    ("朝阳区2023年法治政府建设年度报告", ("朝阳区人民政府", "government", "county", "220104")),
    ("恩施土家族苗族自治州2023年法治政府建设年度报告", ("恩施土家族苗族自治州人民政府", "government", "city", "422800")),
    ("四川省司法厅关于2023年度法治政府建设情况的报告", ("四川省司法厅", "department", "province", "510000")),
])
def test_joint_titles_autonomous_prefectures_and_provincial_departments(title, expected):
    who = issuer.identify(title, "", "2023年,朝阳区在长春市委、市政府的坚强领导下,坚持…")
    assert (who.issuer, who.body_kind, who.level, who.adcode) == expected
