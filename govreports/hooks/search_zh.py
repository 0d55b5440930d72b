"""MkDocs hook: Chinese search that finds words inside compounds.

Material's search plugin segments Han text with ``jieba.cut`` (tokens joined
by U+200B) but silently skips segmentation when ``import jieba`` fails; we
stop the build instead. The browser index (lunr) matches query terms as word
*prefixes*, so with ``jieba.cut`` alone ``复议`` never finds the token
``行政复议``. Before the index is written, each entry therefore gets a
``terms`` field holding jieba's search-mode sub-words (``行政 复议``) that are
not already whole tokens: a separate field keeps the displayed result text
clean and adds each sub-word once per section, not once per occurrence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from govreports.keywords import ensure_jieba

FIELD = "terms"
_SPLIT = re.compile(r"[\s\u200b]+")
_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


def on_config(config):
    from material.plugins.search import plugin as material_search

    if material_search.jieba is None:
        raise PluginError("search: jieba is not importable, Chinese search would not be segmented")
    if FIELD not in _search_plugin(config).config.fields:
        raise PluginError(f"search: add the field '{FIELD}' to the search plugin's 'fields'")
    ensure_jieba()
    return config


@event_priority(50)  # before the search plugin writes search_index.json
def _add_subwords(config):
    jieba = ensure_jieba()
    for entry in _search_plugin(config).search_index.entries:
        words = subwords(jieba, entry.get("title", "") + "\u200b" + entry.get("text", ""))
        if words:
            entry[FIELD] = " ".join(words)


@event_priority(-50)  # after the search plugin has written the index
def _compact_index(config):
    """Rewrite the index as UTF-8: Material writes ``\\uXXXX`` escapes, 6 bytes per Han char."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


on_post_build = CombinedEvent(_add_subwords, _compact_index)


def subwords(jieba, segmented: str) -> list[str]:
    """Search-mode sub-words of the Han tokens in ``segmented``, minus the tokens."""
    tokens = {token for token in _SPLIT.split(segmented) if _HAN.match(token)}
    found: dict[str, None] = {}
    for token in sorted(tokens):
        if len(token) > 2:
            for word in jieba.cut_for_search(token):
                if len(word) > 1 and word not in tokens:
                    found[word] = None
    return list(found)


def _search_plugin(config):
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        raise PluginError("search: Material's search plugin is not enabled")
    return plugin
