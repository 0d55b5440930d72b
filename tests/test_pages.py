"""Page generation from hand-made ParsedReports (no parser, no MkDocs)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from govreports.issues import make_issue
from govreports.pages import urls
from govreports.pages.chart import sparkline
from govreports.pages.download import figures_csv, read_report_json, report_json
from govreports.pages.fulltext import fulltext_html
from govreports.pages.html import front_matter, rel, web_url
from govreports.pages.meta import feed_xml, jsonld_script
from govreports.pages.report import write_report_files
from govreports.pages.write import Corpus, write_pages
from govreports.records import Failure, Figure, IndicatorValue, ParsedReport, Report, Section

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "**bold**",
    "{: onclick=alert(1)}",
)
HOSTILE = " ".join(PAYLOADS)
BODY = (
    f"总体情况。{HOSTILE}\n"
    f"一、主要举措{HOSTILE}\n"
    f"全年受理行政复议案件52件{HOSTILE}。出庭应诉率100%。\n"
)


def make_report(report_id="510402-2024", adcode="510402", year=2024, **extra) -> Report:
    fields = {
        "report_id": report_id, "title": f"东区{year}年法治政府建设报告{HOSTILE}", "issuer": "东区人民政府",
        "body_id": report_id.rsplit("-", 1)[0], "body_kind": "government",
        "level": "county", "adcode": adcode, "province": "四川省", "city": "攀枝花市", "district": "东区",
        "township": None, "department": None, "year": year, "published": f"{year + 1}-03-17", "written": f"{year + 1}-02-28",
        "doc_number": "攀东府〔2025〕9号", "index_number": "008320033/2025-00070", "publisher": HOSTILE,
        "source_url": "javascript:alert(1)", "source_site": HOSTILE, "source_file": "reports/x.txt",
        "source_sha256": "ab" * 32, "char_count": len(BODY), "section_count": 1, "figure_count": 2,
        "indicator_count": 1, "parser_version": "test",
    }  # fmt: skip
    fields.update(extra)
    return Report(**fields)


def make_parsed(report: Report) -> ParsedReport:
    rid = report.report_id
    start = BODY.index("52件")
    sentence = f"全年受理行政复议案件52件{HOSTILE}。"
    figure = Figure(rid, 1, 52, "件", False, "count", "52件", "行政复议案件", sentence, "1",
                    start, start + 3, "admin_reconsideration_cases")  # fmt: skip
    p_start = BODY.index("100%")
    percent = Figure(rid, 2, 100, "%", False, "percent", "100%", "出庭应诉率", "出庭应诉率100%。",
                     "1", p_start, p_start + 4, None)  # fmt: skip
    value = IndicatorValue(rid, "admin_reconsideration_cases", 52, "件", False, 1, sentence)
    section = Section(rid, "1", None, 1, "一、", f"主要举措{HOSTILE}", "…")
    issue = make_issue("conflicting_values", rid, evidence="依据" + HOSTILE, indicator="x", values=HOSTILE)
    return ParsedReport(report, (section,), (figure, percent), (value,), BODY, (issue,))


def corpus(**extra) -> Corpus:
    one = make_parsed(make_report())
    # Another 东区, in another city: must not share any URL with the first.
    other = make_parsed(make_report("110101-2023", "110101", 2023, city="北京市"))
    fields = {
        "reports": (one, other), "failures": (Failure("bad.txt", "not a report " + HOSTILE),),
        "indicators": ({"code": "admin_reconsideration_cases", "label_zh": "行政复议案件数",
                     "label_en": "Reconsideration cases", "unit": "件", "group": "disputes",
                     "definition": "x"},),
    }  # fmt: skip
    fields.update(extra)
    return Corpus(**fields)


def written(tmp_path: Path, **extra) -> dict[str, str]:
    write_pages(corpus(**extra), tmp_path)
    return {
        p.relative_to(tmp_path).as_posix(): p.read_text("utf-8") for p in tmp_path.rglob("*.md")
    }


def test_every_kind_of_page_is_written(tmp_path: Path) -> None:
    pages = written(tmp_path)
    for url in ("", "province/", "province/510000/", "year/", "year/2024/", "region/510402/",
                "region/510402/2024/", "indicator/", "indicator/admin_reconsideration_cases/",
                "data/", "about/", "quality/"):  # fmt: skip
        assert urls.md_path(url) in pages, url
    assert (tmp_path / "feed.xml").is_file()
    folder = tmp_path / "region/510402/2024"
    assert sorted(p.name for p in folder.iterdir()) == ["510402-2024.json.gz", "index.md"]


def test_same_name_regions_do_not_collide() -> None:
    east = make_report()
    other = make_report("110101-2024", "110101")
    assert urls.report_url(east) != urls.report_url(other)
    dept = make_report("510402-sfj-2024", department="司法局", body_kind="department")
    assert urls.report_url(dept) == "region/510402/sfj-2024/"


def test_untrusted_text_is_escaped_everywhere(tmp_path: Path) -> None:
    for name, text in written(tmp_path).items():
        body = text.split("---\n", 2)[-1]
        for bad in (
            "<script>",
            "<img",
            "](javascript:",
            '"javascript:',
            "{{",
            "{%",
            "{:",
            "**bold**",
        ):
            assert bad not in body, (name, bad)
        header = text.split("---\n", 2)[1]
        assert not re.search(r"[<>&]", header), (name, header)


def test_figure_sentence_is_marked_and_linked(tmp_path: Path) -> None:
    page = written(tmp_path)["region/510402/2024/index.md"]
    assert 'href="#fig-1"' in page
    mark = re.search(r'<mark id="fig-1">(.*?)</mark>', page).group(1)
    assert mark.startswith("全年受理行政复议案件52件") and "&lt;script&gt;" in mark
    assert '<h2 id="s-1">一、主要举措' in page


def test_marks_survive_overlap_and_multiple_lines() -> None:
    parsed = make_parsed(make_report())
    twice = replace(parsed, figures=parsed.figures + (replace(parsed.figures[0], figure_id=3),))
    html = fulltext_html(twice, {1, 3})
    assert html.count("<mark") == 1 and '<span id="fig-3"></span>' in html


def test_only_http_links_leave_the_site() -> None:
    assert web_url("javascript:alert(1)") is None
    assert web_url("http://www.panzhihua.gov.cn/x") == "http://www.panzhihua.gov.cn/x"
    assert web_url("//evil.example/") is None


def test_relative_links() -> None:
    assert rel("region/510402/2024/", "year/2024/") == "../../../year/2024/"
    assert rel("", "region/510402/") == "region/510402/"
    assert rel("data/", "downloads/x.zip") == "../downloads/x.zip"
    assert rel("region/510402/", "region/510402/") == "./"


def test_front_matter_cannot_inject() -> None:
    text = front_matter('a"\nb: 1 </title><script>', "d")
    assert text.count("\n") == 5 and "<" not in text and "title" in text


def test_feed_is_valid_atom_newest_first() -> None:
    root = ET.fromstring(feed_xml(corpus()).encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    updated = [e.find("a:updated", ns).text for e in root.findall("a:entry", ns)]
    assert updated == sorted(updated, reverse=True) and len(updated) == 2
    assert HOSTILE in root.find("a:entry/a:title", ns).text


def test_jsonld_cannot_close_its_script() -> None:
    assert "</script>" not in jsonld_script({"x": "</script><script>alert(1)"})[:-9]


def _written_files(root: Path) -> set[str]:
    """Files of ``root`` not hard-linked from a previous build (written by this one)."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.stat().st_nlink == 1
            and p.is_file()}  # fmt: skip


def test_rebuild_with_one_more_report_writes_only_what_changes(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    write_pages(corpus(), before)
    new = make_parsed(make_report("510403-2024", "510403", district="西区"))
    write_pages(corpus(reports=(*corpus().reports, new)), after, previous=before)
    expected = {
        "region/510403/2024/index.md", "region/510403/2024/510403-2024.json.gz",
        "region/510403/index.md",
        "province/510000/index.md", "year/2024/index.md", "index.md", "quality/index.md",
        "indicator/index.md", "indicator/admin_reconsideration_cases/index.md",
        "feed.xml", ".report-pages.json",
    }  # fmt: skip
    assert _written_files(after) == expected
    fresh = tmp_path / "fresh"
    write_pages(corpus(reports=(*corpus().reports, new)), fresh)
    for path in (p for p in fresh.rglob("*") if p.is_file() and p.name != "feed.xml"):
        assert (after / path.relative_to(fresh)).read_bytes() == path.read_bytes(), path


def test_changed_report_is_regenerated(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    write_pages(corpus(), before)
    one, other = corpus().reports
    changed = replace(one, issues=(make_issue("no_title", one.report.report_id),))
    write_pages(corpus(reports=(changed, other)), after, previous=before)
    assert "region/510402/2024/index.md" in _written_files(after)
    assert "region/110101/2023/index.md" not in _written_files(after)


def test_report_json_round_trips_the_parse(tmp_path: Path) -> None:
    write_pages(corpus(), tmp_path)
    text = gzip.decompress((tmp_path / "region/510402/2024/510402-2024.json.gz").read_bytes())
    text = text.decode("utf-8")
    restored = read_report_json(text)
    assert restored == make_parsed(make_report())
    assert restored.figures[0].sentence == f"全年受理行政复议案件52件{HOSTILE}。"
    data = json.loads(text)  # sentences are offsets into the body, not repeated
    rows = data["figures"]["rows"] + data["indicator_values"]["rows"]
    assert [row[-1] for row in rows] == [None] * 3
    odd = replace(restored.figures[1], sentence="不在正文中的句子", raw="100 %")
    keep = replace(restored, figures=(restored.figures[0], odd))
    assert read_report_json(report_json(keep)) == keep


def test_report_files_do_not_grow_with_n(tmp_path: Path) -> None:
    def report_bytes(n: int) -> dict[str, bytes]:
        others = [make_parsed(make_report(f"{110101 + i}-2023", f"{110101 + i}", 2023))
                  for i in range(n)]  # fmt: skip
        out = tmp_path / str(n)
        write_pages(corpus(reports=(make_parsed(make_report()), *others)), out)
        folder = out / "region/510402/2024"
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    assert report_bytes(1) == report_bytes(40)


def test_report_files_are_gzip_of_the_exact_bytes_and_deterministic(tmp_path: Path) -> None:
    parsed = make_parsed(make_report())
    originals = {
        ".txt": "报告正文\r\n".encode("gb18030"),
        ".HTML": b"<script>alert(1)</script>",
        ".htm": b"<p>x</p>",
        ".pdf": b"%PDF-1.4 \x00\xff",
        ".docx": b"PK\x03\x04",
    }
    expected = {
        ".txt": "original.txt.gz",
        ".HTML": "original.html.txt.gz",
        ".htm": "original.htm.txt.gz",
        ".pdf": "original.pdf",
        ".docx": "original.docx",
    }
    for suffix, data in originals.items():
        source = tmp_path / f"report{suffix}"
        source.write_bytes(data)
        one = corpus(reports=(parsed,), originals={parsed.report.report_id: source})
        runs = []
        for run in ("a", "b"):
            folder = tmp_path / suffix / run
            names = write_report_files(parsed, one, folder)
            assert names == ["510402-2024.json.gz", expected[suffix]]
            assert sorted(p.name for p in folder.iterdir()) == sorted(names)
            runs.append({name: (folder / name).read_bytes() for name in names})
        assert runs[0] == runs[1]  # same input, same bytes (no gzip timestamp)
        files = runs[0]
        assert gzip.decompress(files[names[0]]) == report_json(parsed).encode("utf-8")
        stored = files[names[1]]
        assert (gzip.decompress(stored) if names[1].endswith(".gz") else stored) == data


def test_report_page_links_say_how_to_save_the_files(tmp_path: Path) -> None:
    source = tmp_path / "r.html"
    source.write_bytes(b"<p>x</p>")
    parsed = make_parsed(make_report())
    write_pages(corpus(reports=(parsed,), originals={"510402-2024": source}), tmp_path / "docs")
    page = (tmp_path / "docs/region/510402/2024/index.md").read_text("utf-8")
    links = re.findall(r"<a [^>]*>[^<]*</a>", page)
    assert (
        '<a href="510402-2024.json.gz" data-gr-figures-csv="510402-2024-figures.csv">'
        "数值表 (CSV)</a>"
    ) in links
    assert (
        '<a href="510402-2024.json.gz" data-gr-gunzip="510402-2024.json">完整解析结果 (JSON)</a>'
    ) in links
    for text in ("存档原件", "下载原件"):  # the download list and the metadata card
        assert (
            f'<a href="original.html.txt.gz" data-gr-gunzip="original.html.txt">{text}</a>' in links
        )
    assert "gzip" in page and "JavaScript" in page


def test_figures_csv_cells_are_what_the_browser_writes() -> None:
    """Cells as downloads.js writes them from the JSON: no float repr, no exponent."""
    parsed = make_parsed(make_report())
    values = [12000.0, 0.5, 1e-05, 1e16, 2.5e21, -0.0, 2**53 + 1, 7]
    odd = [replace(parsed.figures[0], figure_id=i, value=v, approx=i % 2 == 0, unit='件,"x"\n',
                   section_id=None) for i, v in enumerate(values, start=1)]  # fmt: skip
    text = figures_csv(replace(parsed, figures=tuple(odd)))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n") and text.count("\r\n") == len(values) + 1
    assert [r[2] for r in rows[1:]] == [
        "12000",
        "0.5",
        "0.00001",
        "10000000000000000",
        "2500000000000000000000",
        "0",
        "9007199254740992",
        "7",
    ]
    assert [r[4] for r in rows[1:3]] == ["false", "true"]
    assert rows[1][3] == '件,"x"\n' and rows[1][8] == ""


def test_sparkline_needs_two_years():
    assert sparkline("行政复议", [(2024, 52.0)]) == ""
    svg = sparkline("行政复议<b>", [(2023, 40.0), (2024, 52.0)])
    assert 'points="4.0,20.0 76.0,4.0"' in svg and "<title>行政复议&lt;b&gt;</title>" in svg
