"""The minify hook (govreports/site/hooks/minify.py) on a real rendered page: smaller, same content.

``fixtures/rendered/report-510402-2024.html`` is the bundled report's page as
MkDocs renders it without the hook (``govreports build --reports reports``,
then ``site/region/510402/2024/index.html`` with the minify hook left out).
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govreports.site.hooks.minify import minify, on_post_template

PAGE = Path(__file__).parent / "fixtures" / "rendered" / "report-510402-2024.html"
WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace (not U+3000 or U+00A0)
RAW_TEXT = {"script", "style", "pre", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Page(HTMLParser):
    """A page as tags, attributes and text: what a browser's DOM is built from."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []  # ("start", tag, attrs) / ("end", tag) / ("text", text)
        self.doctype = ""
        self.scripts: list[tuple[dict, str]] = []
        self.fulltext: list[str] = []  # text nodes inside div.gr-fulltext, as written
        self._open: list[str] = []
        self._fulltext_depth: int | None = None
        self.feed(html)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}  # `hidden` is `hidden=""`
        self.events.append(("start", tag, values))
        if tag == "script":
            self.scripts.append((values, ""))
        if tag in VOID:
            return
        self._open.append(tag)
        if tag == "div" and "gr-fulltext" in values.get("class", "").split():
            self._fulltext_depth = len(self._open)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        if self._fulltext_depth == len(self._open) and tag == "div":
            self._fulltext_depth = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        inside = self._open[-1] if self._open else ""
        if inside == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        if self._fulltext_depth is not None:
            self.fulltext.append(data)
        if self.events and self.events[-1][0] == "text":  # one text node, however it is split
            data = self.events.pop()[1] + data
        self.events.append(("text", data))

    def structure(self) -> list[tuple]:
        """Events with text as the browser renders it outside <pre>: whitespace collapsed,
        and whitespace-only text between tags left out."""
        out: list[tuple] = []
        stack: list[str] = []
        for event in self.events:
            if event[0] == "start" and event[1] not in VOID:
                stack.append(event[1])
            elif event[0] == "end" and stack and stack[-1] == event[1]:
                stack.pop()
            elif event[0] == "text" and not (stack and stack[-1] in RAW_TEXT):
                text = WHITESPACE.sub(" ", event[1]).strip()
                if not text:
                    continue
                event = ("text", text)
            out.append(event)
        return out


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text("utf-8")


@pytest.fixture(scope="module")
def small(page: str) -> str:
    return minify(page)


def test_smaller_by_kilobytes(page: str, small: str) -> None:
    before, after = len(page.encode()), len(small.encode())
    assert after < before - 2_500, (before, after)


def test_doctype_lang_and_structure_kept(page: str, small: str) -> None:
    assert small.startswith("<!doctype html><html ")
    original, minified = Page(page), Page(small)
    assert minified.doctype == original.doctype == "doctype html"
    assert minified.events[0] == ("start", "html", {"lang": "zh", "class": "no-js"})
    # every element, with every attribute (data-*, hidden) and its value
    assert minified.structure() == original.structure()
    tags = [e[1] for e in original.events if e[0] != "text"]
    assert [e[1] for e in minified.events if e[0] != "text"] == tags  # closing tags kept
    starts = [e[2] for e in minified.events if e[0] == "start"]
    assert any(attrs.get("data-gr-gunzip") == "510402-2024.json" for attrs in starts)
    assert any(attrs.get("data-gr-search") == "../../../search/" for attrs in starts)
    assert {
        "class": "md-top md-icon",
        "data-md-component": "top",
        "hidden": "",
        "type": "button",
    } in starts


def test_report_text_is_unchanged(page: str, small: str) -> None:
    """The full text's text nodes are the same strings; only the line breaks
    between its blocks (<p>, <h2>, …), which are not rendered, are gone."""
    original, minified = Page(page).fulltext, Page(small).fulltext
    assert len("".join(original)) > 5_000
    assert [t for t in original if t.strip()] == minified
    assert all(t == "\n" for t in original if not t.strip())
    assert "".join(minified) == "".join(t for t in original if t.strip())


def test_scripts_are_unchanged(page: str, small: str) -> None:
    original, minified = Page(page).scripts, Page(small).scripts
    assert len(original) >= 6 and any(text.strip() for _, text in original)
    assert minified == original
    for _, text in original:  # byte for byte in the output too
        assert text in small


def test_whitespace_kept_where_it_is_content() -> None:
    html = (
        "<!doctype html><html lang=zh><head><title>t</title></head><body>"
        "<pre>  a\n\n    b  </pre><code>x   y</code><textarea>\n  z\n</textarea>"
        "<p>东区 2024 年度</p><p>中文\u3000全角空格\u00a0</p></body></html>"
    )
    small = minify(html)
    for kept in ("<pre>  a\n\n    b  </pre>", "<code>x   y</code>", "<textarea>\n  z\n</textarea>",
                 "东区 2024 年度", "中文\u3000全角空格\u00a0"):  # fmt: skip
        assert kept in small, kept


def test_not_xml_templates() -> None:
    sitemap = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n  <url/>\n</urlset>\n'
    assert on_post_template(sitemap, "sitemap.xml", None) == sitemap
    assert on_post_template("<p>\n  a\n</p>", "404.html", None) == "<p>a</p>"


def test_deterministic_across_processes(small: str) -> None:
    """Same page, same bytes in another process: an unchanged page stays unchanged."""
    code = (
        "import sys; from govreports.site.hooks.minify import minify; "
        "sys.stdout.buffer.write(minify(open(sys.argv[1], encoding='utf-8').read()).encode())"
    )
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", code, str(PAGE)], capture_output=True, check=True
        )
        assert run.stdout == small.encode()
    assert minify(small) == small  # and already-minified output is left as it is
