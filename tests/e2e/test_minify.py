"""Minification (govreports/site/hooks/minify.py) changes no page of the built site as Chromium sees it."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govreports.build.run import BuildResult
from govreports.site.hooks.minify import minify

from .test_fast_render import render

# The DOM as a tree of [tag, sorted attributes, children]; text with whitespace collapsed
# (whitespace-only text left out), comments left out. Then the text as rendered.
SNAPSHOT = """() => {
  const text = (data) => data.replace(/[ \\t\\n\\r\\f]+/g, " ").trim();
  const walk = (node) => {
    const children = [];
    let data = null;
    const flush = () => { if (data !== null && text(data)) children.push(text(data)); data = null; };
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) data = (data ?? "") + child.data;
      else if (child.nodeType === Node.ELEMENT_NODE) { flush(); children.push(walk(child)); }
    }
    flush();
    const attrs = [...node.attributes].map((a) => `${a.name}=${a.value}`).sort();
    return [node.tagName, attrs, children];
  };
  return {dom: JSON.stringify(walk(document.documentElement)), text: document.body.innerText};
}"""
CJK = r"[\u2e80-\u2fff\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uffee]"
INLINE_TAGS = r"(?:</?(?:a|abbr|b|code|em|i|mark|small|span|strong)\b[^>]*>)*"
# Firefox drops a line break between two Chinese characters, Chromium renders a space; the
# minifier makes it a space (as Chromium shows it), so the pages must not have any.
CJK_LINE_BREAK = re.compile(f"{CJK}{INLINE_TAGS}[ \\t]*\\n\\s*{INLINE_TAGS}{CJK}")
NOT_TEXT = re.compile(r"<(script|style|pre|textarea)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def sites(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The built site's docs rendered as they are and minified (both with the raw-HTML hook)."""
    docs = built.site_dir.parent / "build" / "docs"
    out = tmp_path_factory.mktemp("minify")
    render(docs, out / "plain", fast=True)
    render(docs, out / "small", fast=True, minify=True)
    return out / "plain" / "site", out / "small" / "site"


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_the_build_minifies_every_page(built: BuildResult) -> None:
    names = pages(built.site_dir)
    assert "404.html" in names and "region/510402/2024/index.html" in names
    for name in names:
        html = (built.site_dir / name).read_text("utf-8")
        assert html.startswith("<!doctype html><html ") and minify(html) == html, name


def test_every_page_is_smaller(sites: tuple[Path, Path]) -> None:
    plain, small = sites
    assert pages(plain) == pages(small) and len(pages(plain)) >= 12
    for name in pages(plain):
        before, after = (plain / name).stat().st_size, (small / name).stat().st_size
        assert after < before - 1_000, (name, before, after)


def test_no_line_break_between_chinese_characters(sites: tuple[Path, Path]) -> None:
    plain, _ = sites
    for name in pages(plain):
        html = NOT_TEXT.sub("", (plain / name).read_text("utf-8"))
        found = CJK_LINE_BREAK.search(html)
        assert not found, (name, found.group())


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """``site`` at the root of a local server (the 404 page links /assets/… absolutely)."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_same_dom_and_visible_text_in_chromium(browser, sites: tuple[Path, Path]) -> None:
    """Every page: the same elements, attributes and text, and the same ``innerText``
    (which is where whitespace dropped between inline elements would show)."""
    plain, small = sites
    context = browser.new_context(java_script_enabled=False)  # the parsed page, not scripts' work
    page = context.new_page()
    try:
        with serve(plain) as plain_url, serve(small) as small_url:
            for name in pages(plain):
                snapshots = []
                for url in (plain_url, small_url):
                    page.goto(url + name)
                    snapshots.append(page.evaluate(SNAPSHOT))
                before, after = snapshots
                assert len(before["text"]) > 50, name
                assert after["dom"] == before["dom"], name
                assert after["text"] == before["text"], name
    finally:
        context.close()
