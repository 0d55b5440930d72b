"""Pure parts of fetch: attachment discovery, file kinds, archive names, rows, run state."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreports.fetch.archive import (
    Current,
    archive_path,
    host_folder,
    page_path,
    previous_versions,
    url_stem,
)
from govreports.fetch.client import retry_wait
from govreports.fetch.discover import find_attachments, kind_of, looks_like_login
from govreports.fetch.state import (
    Outcome,
    RunState,
    Source,
    SourcesError,
    counts,
    failure_reasons,
    read_sources,
    remaining,
    with_outcome,
)
from tests.conftest import FIXTURES

BASE = "http://www.example.gov.cn/zwgk/fzzf/t20250317_1.html"
PAGES = FIXTURES / "fetch"


def links(html: str) -> list[tuple[str, str]]:
    return [(a.url, a.kind) for a in find_attachments(html.encode(), BASE)]


def test_attachments_by_extension_viewer_parameter_and_link_text():
    html = """<a href="../files/P0201.PDF">下载</a>
    <iframe src="/pdfjs/web/viewer.html?file=%2Fupload%2Freport.pdf"></iframe>
    <a href="/download.jsp?id=7">附件：2024年度报告.docx</a>
    <a href="mailto:x@example.org">x.pdf</a> <a href="/news/1.html">新闻</a>"""
    assert links(html) == [
        ("http://www.example.gov.cn/download.jsp?id=7", "docx"),  # named 报告: first
        ("http://www.example.gov.cn/zwgk/files/P0201.PDF", "pdf"),
        ("http://www.example.gov.cn/pdfjs/web/viewer.html?file=%2Fupload%2Freport.pdf", "pdf"),
    ]


def test_attachments_prefer_reports_then_pdf_over_word_formats():
    html = '<a href="a.wps">a.wps</a><a href="b.doc">b</a><a href="c.pdf">c</a>'
    assert [kind for _, kind in links(html)] == ["pdf", "doc", "wps"]
    shell = find_attachments((PAGES / "shell-pdf.html").read_bytes(), BASE)
    assert [a.kind for a in shell] == ["pdf", "doc"]  # the report, not the 解读


def test_attachments_in_a_gbk_page():
    html = '<meta charset="gbk"><a href="/f/1.pdf">关于2024年法治政府建设情况的报告</a>'
    (found,) = find_attachments(html.encode("gbk"), BASE)
    assert found.text == "关于2024年法治政府建设情况的报告"


@pytest.mark.parametrize(("data", "content_type", "url", "kind"), [
    (b"%PDF-1.7", "application/octet-stream", "http://h/download?id=1", "pdf"),
    (b"PK\x03\x04....word/document.xml", None, "http://h/a", "docx"),
    (b"PK\x03\x04....xl/workbook.xml", None, "http://h/a.xlsx", "other"),
    (b"\xd0\xcf\x11\xe0rest", None, "http://h/a.doc", "doc"),
    (b"\xd0\xcf\x11\xe0rest", None, "http://h/a.wps", "wps"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "application/octet-stream", "http://h/x", "html"),
    (b"plain", "text/html; charset=gbk", "http://h/x.shtml", "html"),
    (b"plain", "text/plain", "http://h/x", "text"),
    (b"\x00\x01", "application/zip", "http://h/x.zip", "other"),
])  # fmt: skip
def test_kind_from_bytes_then_content_type_then_url(data, content_type, url, kind):
    assert kind_of(data, content_type, url) == kind


def test_login_and_captcha_pages():
    assert looks_like_login((PAGES / "login.html").read_bytes())
    assert looks_like_login("<p>请输入验证码后继续访问</p>".encode("gbk"))
    assert not looks_like_login((PAGES / "news.html").read_bytes())


def test_archive_names():
    sha = "0123456789abcdef" * 4
    assert host_folder("http://WWW.Example.gov.cn:8080/a") == "www.example.gov.cn_8080"
    assert url_stem("http://h/zwgk/10199267.shtml") == "10199267"
    assert url_stem("http://h/zwgk/") == "zwgk"
    assert url_stem("http://h/") == "index"
    assert url_stem("http://h/附件/东区 报告.pdf") == "index"  # nothing file-name safe is left
    assert archive_path(BASE, "http://cdn.example.com/f/P02.pdf", "pdf", sha) == (
        "www.example.gov.cn/P02-0123456789ab.pdf")
    assert page_path(BASE, BASE, sha) == "www.example.gov.cn/.pages/t20250317_1-0123456789ab.html"


def test_previous_versions_chain():
    older = {"path": "h/a-1.html", "sha256": "1", "retrieved": "2025-01-01T00:00:00Z"}
    current = Current("h/a-2.html", {"sha256": "2", "retrieved": "2025-06-01T00:00:00Z",
                                     "previous": [older]})  # fmt: skip
    assert previous_versions(None) == []
    assert previous_versions(current) == [
        {"path": "h/a-2.html", "sha256": "2", "retrieved": "2025-06-01T00:00:00Z"}, older]


def test_validators_of_a_page_and_of_its_attachment():
    meta = {"etag": '"doc"', "page": {"etag": '"page"', "last_modified": None}}
    assert Current("x", meta).validators(page=True) == {"etag": '"page"'}
    assert Current("x", meta).validators(page=False) == {"etag": '"doc"'}
    assert Current("x", {"last_modified": "D"}).validators(page=True) == {"last_modified": "D"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_rows_overrides_and_bad_rows(tmp_path):
    sources, bad = read_sources(write(tmp_path, (
        "\ufeffurl,adcode,year,level,note\n"
        "http://a.gov.cn/1.html,510402,2024,county,checked\n"
        "# a comment,,,,\n\n"
        "http://a.gov.cn/1.html,,,,\n"
        "http://a.gov.cn/2.html,51x,,,\n"
        "http://a.gov.cn/3.html,,,town,\n"
        "ftp://a.gov.cn/4.html,,,,\n")))  # fmt: skip
    assert sources == [Source(2, "http://a.gov.cn/1.html",
                              {"adcode": "510402", "year": 2024, "level": "county"}, "checked")]
    assert [o.reason for o in bad] == [
        "bad row (line 6): bad adcode '51x'",
        "bad row (line 7): level must be one of city, county, department, province",
        "bad row (line 8): not an http(s) URL",
    ]


def test_sources_without_url_column(tmp_path):
    with pytest.raises(SourcesError, match="no 'url' column"):
        read_sources(write(tmp_path, ""))
    with pytest.raises(SourcesError, match="cannot read"):
        read_sources(tmp_path / "missing.csv")


def test_run_state_transitions():
    rows = [Source(2, "u1"), Source(3, "u2"), Source(4, "u3")]
    state = with_outcome(RunState("t"), Outcome("u2", "failed", reason="HTTP 404 Not Found"))
    state = with_outcome(state, Outcome("u1", "new", "h/a.html"))
    assert [s.url for s in remaining(state, rows)] == ["u3"]
    outcomes = [*state.done.values(), Outcome("u3", "failed", reason="timeout (no answer)")]
    assert counts(outcomes) == {"new": 1, "changed": 0, "unchanged": 0, "failed": 2}
    assert failure_reasons(outcomes) == {"HTTP 404 Not Found": 1, "timeout": 1}


def test_retry_wait_honours_retry_after_with_a_cap():
    assert retry_wait("3", 1.0) == 3.0
    assert retry_wait("86400", 1.0) == 60.0
    assert retry_wait("Wed, 21 Oct 2015 07:28:00 GMT", 0.5) == 0.5
    assert retry_wait(None, 2.0) == 2.0
