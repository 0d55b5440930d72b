"""The parse stage on the bundled real report: metadata, outline, golden output."""

from __future__ import annotations

import json

import pytest

from govreports.pipeline import read_report_file
from tests.conftest import BUNDLED_REPORT, ROOT

GOLDEN = ROOT / "tests" / "golden" / "panzhihua-dongqu-2024.json"

EXPECTED_REPORT = {
    "report_id": "510402-2024",
    "title": "攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告",
    "issuer": "攀枝花市东区人民政府",
    "level": "county",
    "adcode": "510402",
    "province": "四川省",
    "city": "攀枝花市",
    "district": "东区",
    "department": None,
    "year": 2024,
    "published": "2025-03-17",
    "written": "2025-02-28",
    "doc_number": "攀东府〔2025〕9号",
    "index_number": "008320033/2025-00070",
    "publisher": "攀枝花市东区人民政府办公室",
}

EXPECTED_OUTLINE = [
    ("1", "一、", "政府主要负责人履行推进法治政府建设第一责任人职责,加强法治政府建设的有关情况"),
    ("2", "二、", "2024年度推进法治政府建设的主要举措和成效"),
    ("2.1", "(一)", "提高站位、锚定目标,全面推动法治政府建设"),
    ("2.2", "(二)", "科学规范、依法决策,完善法治政府建设机制"),
    ("2.3", "(三)", "深化改革、履职增效,持续优化法治政府建设环境"),
    ("2.4", "(四)", "公正文明、规范执法,提高法治政府建设效能"),
    ("2.5", "(五)", "依法治理、普治并举,夯实法治政府建设基础"),
    ("2.6", "(六)", "科技赋能,提智升级,推进数字法治政府建设"),
    ("3", "三、", "存在的不足和原因"),
    ("4", "四、", "2025年度推进法治政府建设的主要安排"),
    ("4.1", "(一)", "压紧压实法治政府建设责任"),
    ("4.2", "(二)", "切实提升依法行政水平"),
    ("4.3", "(三)", "发挥行政复议化解行政争议主渠道作用"),
    ("4.4", "(四)", "持续优化法治营商环境"),
]


@pytest.fixture(scope="module")
def parsed():
    return read_report_file(BUNDLED_REPORT)


def test_metadata_of_the_bundled_report(parsed):
    report = parsed.report
    got = {field: getattr(report, field) for field in EXPECTED_REPORT}
    assert got == EXPECTED_REPORT
    assert report.source_sha256 and len(report.source_sha256) == 64
    assert report.source_url and report.source_url.startswith("http")


def test_outline_has_four_top_level_and_ten_second_level_sections(parsed):
    outline = [(s.section_id, s.number, s.heading) for s in parsed.sections]
    assert outline == EXPECTED_OUTLINE
    assert [s.level for s in parsed.sections].count(1) == 4
    assert [s.level for s in parsed.sections].count(2) == 10
    assert {s.parent_id for s in parsed.sections if s.level == 2} == {"2", "4"}


def test_section_texts_keep_the_items_and_drop_the_signature(parsed):
    by_id = {s.section_id: s for s in parsed.sections}
    assert by_id["1"].text.startswith("区政府主要负责人认真落实第一责任人职责")
    assert "二是带头开展学法" in by_id["1"].text  # 一是/二是 items stay in the text
    assert by_id["4.4"].text.endswith("持续优化法治化营商环境。")
    assert all("2025年2月28日" not in s.text for s in parsed.sections)


def test_body_has_no_page_chrome(parsed):
    for chrome in ("选择阅读字号", "阅读次数", "www.panzhihua.gov.cn", "索 引 号", "发布时间"):
        assert chrome not in parsed.body
    assert parsed.body.startswith("2024年度,东区始终坚持")


def test_figures_point_into_the_body(parsed):
    for figure in parsed.figures:
        assert parsed.body[figure.char_start : figure.char_end] == figure.raw
        assert figure.raw in figure.sentence
    sections = {s.section_id for s in parsed.sections}
    assert {f.section_id for f in parsed.figures} <= sections | {None}


def test_parse_output_matches_the_golden_file(parsed, update_golden):
    """The whole parse, reviewed by hand; rewrite only with --update-golden."""
    output = parsed.as_json()
    output["report"].pop("source_file")
    if update_golden:
        GOLDEN.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert output == golden


def test_sidecar_overrides_win_over_what_the_parser_finds(tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes(BUNDLED_REPORT.read_bytes())
    sidecar = {"source_url": "https://example.gov.cn/r.html",
               "overrides": {"adcode": "510403", "year": 2023, "level": "county"}}
    (tmp_path / "report.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    parsed = read_report_file(report).report
    assert (parsed.report_id, parsed.adcode, parsed.district, parsed.year) == ("510403-2023", "510403", "西区", 2023)
    assert parsed.issuer == "西区人民政府" and parsed.source_site == "example.gov.cn"
