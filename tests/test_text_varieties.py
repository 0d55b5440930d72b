"""Text varieties of copied pages: pinyin glosses, mirror title spam, spaced years,
full-width digits and (略) redactions. Examples written for these tests."""

from __future__ import annotations

from govreports.extract.figures import extract_figures
from govreports.ingest.normalize import normalize
from govreports.parse import metadata
from govreports.parse.header import parse_date


def test_pinyin_glosses_after_characters_are_stripped() -> None:
    assert normalize("東區(qū)民政局在區(qū)委的堅(jiān)強(qiáng)領(lǐng)導(dǎo)下") == "東區民政局在區委的堅強領導下"
    assert normalize("纲要(2021—2025年)(试行)(APP)") == "纲要(2021—2025年)(试行)(APP)"


def test_spaced_year_digits_are_joined() -> None:
    assert normalize("2 0 2 4 年,我县坚持依法行政。") == "2024年,我县坚持依法行政。"
    assert normalize("发布时间:2 0 2 5-01-28") == "发布时间:2025-01-28"
    assert normalize("表中数字 1 2 3 4 5") == "表中数字1 2 3 4 5"  # not a year: left as it is


def test_full_width_and_mixed_years_are_read() -> None:
    opening = "２０２４年，我县坚持依法行政。"
    assert metadata.find_year(None, opening) == 2024
    assert metadata.find_year(None, "2０24年,我县坚持依法行政。") == 2024


def test_mirror_title_affixes_are_stripped() -> None:
    spam = "东江市政府门户网站-东江市2024年法治政府建设情况报告_免费影视大全"
    assert metadata.strip_title_affixes(spam) == "东江市2024年法治政府建设情况报告"
    assert metadata.strip_title_affixes("东江县 | 东江县2024年依法行政工作报告") == "东江县2024年依法行政工作报告"
    plain = "东江县人民政府关于2024年法治政府建设情况的报告"
    assert metadata.strip_title_affixes(plain) == plain


def test_redactions_are_text_not_figures() -> None:
    text = "全年办理行政复议案件(略)件,纠错率(略)%,召开第(略)次常务会议。"
    assert normalize(text) == text
    assert extract_figures(text, "r", []) == []


def test_full_width_dates_are_read() -> None:
    assert str(parse_date("发布日期：２０２５－０１－２８")) == "2025-01-28"
    assert str(parse_date("２０２５年１月２８日")) == "2025-01-28"
