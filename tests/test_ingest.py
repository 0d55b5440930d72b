"""Ingest: every input format decodes to the same clean text; bad input is refused."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreports.datafiles import load_csv
from govreports.ingest.normalize import normalize
from govreports.ingest.read import document_from_bytes, read_document
from govreports.records import UnreadableInput
from tests.conftest import REAL_PAGES, real_page

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMATS = FIXTURES / "formats"
REAL = REAL_PAGES
BAD = FIXTURES / "bad"
FORMAT_FILES = [
    "dongqu-gbk.txt",
    "dongqu-utf8-bom.txt",
    "dongqu.html",
    "dongqu-gbk.html",
    "dongqu.docx",
    "dongqu.pdf",
    "dongqu-pdf-artifacts.txt",
]
HEADER_FIELDS = [
    r"发布(?:时间|日期)\s*[:：]\s*2025-03-17",
    r"成文日期\s*[:：]\s*2025-02-28",
    r"文\s*号\s*[:：]\s*攀东府〔2025〕9号",
    r"索\s*引\s*号\s*[:：]\s*008320033/2025-00070",
    r"(?:来源|发布机构)\s*[:：]\s*攀枝花市东区人民政府办公室",
]
CHROME = [
    "选择阅读字号",
    "阅读次数",
    "www.panzhihua.gov.cn",
    "设为首页",
    "无障碍",
    "您当前的位置",
    "走进东区",
    "互动交流",
    "相关链接",
    "东区召开区政府常务会议",
    "主办单位",
    "ICP备",
    "网站标识码",
    "分享到",
    "打印本页",
    "关闭窗口",
    "document.write",
]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def body() -> list[str]:
    """The bundled report's paragraphs after its 8 header lines, normalised."""
    return read_document(REPORT).text.splitlines()[8:]


@pytest.fixture(scope="module", params=FORMAT_FILES)
def fixture(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param, read_document(FORMATS / request.param).text


def test_every_format_ends_with_the_report_body(fixture: tuple[str, str], body: list[str]):
    name, text = fixture
    expected = squeeze("".join(body))
    if name == "dongqu.pdf":  # STSong-Light has no glyph mapping for U+00B7, pdfminer drops it
        expected = expected.replace("·", "")
    assert squeeze(text).endswith(expected)
    assert len(squeeze(text)) - len(expected) < 250  # only the header lines precede it


def test_paragraphs_stay_one_per_line(fixture: tuple[str, str], body: list[str]):
    name, text = fixture
    lines = text.splitlines()
    if name == "dongqu.pdf":
        # A wrap right after a sentence end is taken as a paragraph end, so a
        # paragraph may split; but no paragraph or heading is swallowed.
        assert all(any(line.startswith(par[:12]) for line in lines) for par in body)
        assert len(body) <= len(lines) - 8 <= len(body) + 3  # 8 header lines
    else:
        assert lines[-len(body) :] == body


def test_header_lines_survive(fixture: tuple[str, str]):
    _, text = fixture
    header = "\n".join(text.splitlines()[:10])
    for field in HEADER_FIELDS:
        assert re.search(field, header), field
    assert text.startswith("攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告\n")


def test_chrome_is_removed(fixture: tuple[str, str], body: list[str]):
    _, text = fixture
    for chrome in CHROME:
        assert chrome not in "".join(body), chrome  # guard: the string is chrome only
        assert chrome not in text, chrome


def test_media_types_and_encodings():
    expected = {
        "dongqu-gbk.txt": ("text", "gb18030"),
        "dongqu-utf8-bom.txt": ("text", "utf-8-sig"),
        "dongqu.html": ("html", "utf-8"),
        "dongqu-gbk.html": ("html", "gb18030"),
        "dongqu.docx": ("docx", None),
        "dongqu.pdf": ("pdf", None),
    }
    for name, (media_type, encoding) in expected.items():
        document = read_document(FORMATS / name)
        assert (document.media_type, document.encoding) == (media_type, encoding), name


def test_html_title_and_source():
    document = read_document(FORMATS / "dongqu-gbk.html")
    assert document.title_hint == "攀枝花市东区人民政府关于2024年度法治政府建设工作情况的报告"
    assert document.source_url.startswith("https://www.panzhihua.gov.cn/zwgk/")
    assert document.source_site == "www.panzhihua.gov.cn"


def test_document_from_bytes_matches_read_document():
    data = (FORMATS / "dongqu.docx").read_bytes()
    from_disk = read_document(FORMATS / "dongqu.docx")
    in_memory = document_from_bytes(data, str(FORMATS / "dongqu.docx"))
    assert in_memory == from_disk
    assert len(in_memory.sha256) == 64


def test_sidecar_supplies_source_url(tmp_path: Path):
    report = tmp_path / "r.txt"
    shutil.copy(REPORT, report)
    sidecar = tmp_path / "r.txt.meta.json"
    sidecar.write_text(json.dumps({"final_url": "https://www.example.gov.cn/a/1.html"}))
    document = read_document(report)
    assert document.source_url == "https://www.example.gov.cn/a/1.html"
    assert document.source_site == "www.example.gov.cn"
    sidecar.write_text(json.dumps({"source_url": "http://x.gov.cn/2", "final_url": "http://y/3"}))
    assert read_document(report).source_site == "x.gov.cn"
    sidecar.write_text("{not json")
    assert read_document(report).source_url is None


def test_other_encodings_decode_the_same():
    text = REPORT.read_text(encoding="utf-8")
    expected = read_document(REPORT).text
    assert document_from_bytes(text.encode("utf-16"), "r.txt").text == expected
    page = '<html><head><meta charset="gb2312"><title>t</title></head><body><p>{}</p></body></html>'
    html = document_from_bytes(page.format(text).encode("gbk"), "r.html")
    assert html.encoding == "gb18030" and "攀东府〔2025〕9号" in html.text
    traditional = real_page("23.txt").read_text(encoding="utf-8")
    big5 = document_from_bytes(traditional.encode("big5hkscs"), "23.txt")
    assert big5.text == read_document(REAL / "23.txt").text


def test_pdf_artifacts_are_normalised():
    text = read_document(FORMATS / "dongqu-pdf-artifacts.txt").text
    assert not re.search("[\u2e80-\u2fdf]", text)
    assert "人民政府" in text and "2024年度" in text and "攀东府〔2025〕9号" in text
    assert "行政处罚985件" in text and "自查自纠1356件" in text
    assert "- 1 -" not in text


def test_spacing_between_cjk_and_digits():
    assert (
        normalize("行政处罚 985 件，〔 2025 〕 9 号， 2024 年度")
        == "行政处罚985件，〔2025〕9号，2024年度"
    )
    assert normalize("件, 2024 年") == "件, 2024年"  # ASCII punctuation keeps its space
    kept = "发布时间:2025-03-17 来源:攀枝花市东区人民政府办公室"
    assert normalize(kept) == kept  # the space before a header label separates fields
    assert normalize("APP 2.0 版本 of the law") == "APP 2.0版本 of the law"


def test_radicals_are_standard_characters():
    assert normalize("\u2f08\u2ea0\u2ed3\u2ed4\u2ecb\u2ec5\u2ee2\u2ef0") == "人民长门车见马龙"
    for row in load_csv("radicals.csv"):
        if row["name"].startswith("KANGXI"):
            assert unicodedata.normalize("NFKC", row["radical"]) == row["standard"]
        assert unicodedata.name(row["radical"]).endswith(row["name"].split("RADICAL ")[-1])


def test_text_is_kept_as_written():
    text = "清遠市２０２４年（一）习近平\u3000同志"
    assert normalize(text) == "清遠市２０２４年（一）习近平同志"
    assert normalize("\u3000\u3000第一段。\r\n\u00a0第二段。 \r\n") == "第一段。\n第二段。"
    assert normalize("法\u200b治\ufeff政府") == "法治政府"


def test_pinyin_annotations_are_removed():
    text = read_document(real_page("37.txt")).text
    assert "清遠市教育局" in text and "習近平" in text and "建設" in text
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text)
    kept = "《纲要(2021—2025年)》(APP)(试行)(yes)"
    assert normalize(kept) == kept


@pytest.mark.parametrize("path", sorted(REAL.glob("*.txt")), ids=lambda path: path.name)
def test_every_real_page_decodes(path: Path):
    document = read_document(path)
    assert document.media_type == "text" and document.encoding == "utf-8"
    assert len(document.text) > 100
    assert normalize(document.text) == document.text


@pytest.mark.parametrize(
    ("name", "absent", "present"),
    [
        (
            "01.txt",
            ["2019年12月3日星期二", "无障碍", "繁体"],
            ["来源:静海区人民政府办公室 发布时间"],
        ),
        ("03.txt", ["打印", "扫一扫", "字体"], ["来源: 发布日期:2023-02-21 10:00"]),
        ("11.txt", ["设为首页", "加入收藏", "长者版"], ["文号: 文件分类: 所属机构:"]),
        ("15.txt", ["您当前的位置", "中国政府网"], ["日期:2023-02-14"]),
        ("19.txt", ["浏览次数"], ["时间:2018-05-03"]),
        ("21.txt", ["当前位置", "浏览次数"], ["发布时间:2021-03-28 08:58"]),
        ("23.txt", ["| |"], ["發文字號:-", "2024-02-29 08:57"]),
        ("25.txt", [], ["来源: 柳城县人民政府", "发布日期: 2026-02-13"]),
        ("29.txt", ["字號", "大 中 小"], ["2022年,哈爾濱市"]),
        ("31.txt", ["首页/", "正文"], ["吴起县2021年度法治政府建设工作报告"]),
    ],
)
def test_real_page_chrome(name: str, absent: list[str], present: list[str]):
    text = read_document(real_page(name)).text
    for chrome in absent:
        assert chrome not in text, chrome
    for kept in present:
        assert kept in text, kept


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda path: path.name)
def test_bad_inputs_are_unreadable(path: Path):
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    reason = str(caught.value)
    assert reason and str(path.parent) not in reason and len(reason) < 80


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "a.txt", "empty file"),
        ((BAD / "random.bin").read_bytes(), "report.pdf", "corrupt PDF"),
        ((BAD / "random.bin").read_bytes(), "report.docx", "corrupt DOCX"),
        (b"%PDF-1.4\n" + bytes(range(256)), "report.pdf", "PDF"),
        (b"<html><body><script>var a;</script></body></html>", "a.html", "no text"),
    ],
)
def test_unreadable_reasons(data: bytes, name: str, reason: str):
    with pytest.raises(UnreadableInput, match=reason):
        document_from_bytes(data, name)


def test_missing_file_is_unreadable(tmp_path: Path):
    with pytest.raises(UnreadableInput, match="cannot read"):
        read_document(tmp_path / "missing.txt")


TEXTISH = st.text(
    alphabet=st.sampled_from(
        list("法治政府建设清遠2024年〔〕（）()，。:： \t\n\r\u3000\u00a0\u200bxíǎ\u2f08\u2ea0-一、")
    ),
    max_size=200,
)


@given(TEXTISH)
def test_normalize_is_idempotent_on_report_like_text(text: str):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=200))
def test_normalize_is_idempotent_on_arbitrary_text(text: str):
    once = normalize(text)
    assert normalize(once) == once
