"""MkDocs hook: minify every HTML page MkDocs writes, with ``minify-html``.

Material's templates leave indentation and blank lines around every tag:
about 3 KB (10 %) of each report page. ``minify-html`` (Rust, about 0.4 ms
per report page) removes them with its spec-compliant settings only:

- ``<!doctype html>``, the ``<html lang>`` and ``<head>`` tags and every
  closing tag are kept, so any HTML consumer sees the same elements;
- inline ``<script>`` and ``<style>`` are copied unchanged (no JS or CSS
  minification); ``<pre>``, ``<code>`` and ``<textarea>`` keep their whitespace;
- text keeps what the browser renders: a run of whitespace becomes one
  space, whitespace-only text between tags of layout elements (``div``,
  ``ul``, ``nav`` …) is dropped. That would join inline elements only
  separated by whitespace, which no page has (with the site's CSS, Chromium
  shows every page with the same ``innerText``), and a line break in text
  becomes a space, which Chromium shows the same but Firefox does not
  between two Chinese characters, so the pages have no such break;
- attributes keep their values: quotes are dropped where HTML allows it,
  entities decoded, names lower-cased (the HTML parser restores SVG's
  ``viewBox``), empty defaults such as ``<input value="">`` dropped.

The output is deterministic (attributes are sorted), so a page that did not
change keeps its bytes in an incremental build. ``tests/test_minify.py`` and
``tests/e2e/test_minify.py`` check all of the above on real pages.
"""

from __future__ import annotations

from typing import Any

import minify_html

OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "keep_input_type_text_attr": True,
    "keep_comments": False,
    "minify_css": False,
    "minify_js": False,
    "minify_doctype": False,
    "allow_noncompliant_unquoted_attribute_values": False,
    "allow_optimal_entities": False,
    "allow_removing_spaces_between_attributes": False,
    "remove_bangs": False,
    "remove_processing_instructions": False,
}


def minify(html: str) -> str:
    """``html`` without the whitespace and syntax that do not change the page."""
    return minify_html.minify(html, **OPTIONS)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return minify(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Theme templates rendered on their own: ``404.html`` (not ``sitemap.xml``)."""
    return minify(output_content) if template_name.endswith(".html") else output_content
