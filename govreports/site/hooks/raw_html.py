"""MkDocs hook: render a generated page that is one raw-HTML block without Markdown.

Every generated page (``govreports/pages*.py``) is front matter plus one
``<div>…</div>`` block of HTML whose report text is already escaped
(``pages_html.esc``). Python-Markdown passes such a block through unchanged
(after normalising whitespace), but finds its end with the standard library's
HTML parser, and MkDocs parses it again for anchor ids: most of the render
time. This hook hands MkDocs an empty Markdown body for such a page and puts
the block back as the page's content, so the output is the same.

Nothing is substituted into the page: the HTML is kept aside per page and the
Markdown body is emptied, so there is no placeholder that report text could
imitate. A page that is not exactly one balanced ``div`` block (or a page
from any other source) goes through Markdown as before.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import util

_DIV_TAG = re.compile(r"<(/?)div[\s>]")
_BLANK_SPACES = re.compile(r"(?<=\n) +\n")
_kept: dict[str, str] = {}  # page src_uri → its HTML, between the two events


def single_div_block(text: str) -> bool:
    """True if ``text`` is one ``<div…>…</div>`` whose first tag closes at its very end."""
    if not (text.startswith("<div") and text.endswith("</div>")):
        return False
    depth = 0
    for match in _DIV_TAG.finditer(text):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end() == len(text)
    return False


def as_markdown_outputs(text: str, tab_length: int = 4) -> str:  # MkDocs keeps the default 4
    """The raw block as Python-Markdown emits it (its ``NormalizeWhitespace`` step)."""
    text = text.replace(util.STX, "").replace(util.ETX, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    if "\t" in text:
        text = text.expandtabs(tab_length)
    if " \n" in text:  # (the regex alone costs more than the rest of the hook)
        text = _BLANK_SPACES.sub("\n", text)
    return text.strip()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    body = markdown.strip()
    if not single_div_block(body):
        return markdown
    _kept[page.file.src_uri] = as_markdown_outputs(body)
    return ""


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    kept = _kept.pop(page.file.src_uri, None)
    return html if kept is None else kept
