"""Stage ``search index``: a chunked Pagefind index of the report pages.

Material's built-in search loads one JSON index of every page (~35 KB per
report, ~500 MB at 15,000 reports); Pagefind splits the index into small
chunks, so a query fetches a few hundred KB whatever the corpus size.

Only pages with ``data-pagefind-body`` (the report pages) are indexed. Each
is fed to Pagefind from memory with its Han text segmented by jieba and the
domain dictionary: tokens are separated by U+200B (invisible in result
excerpts) and jieba's search-mode sub-words that are not tokens themselves
(复议 inside 行政复议, 应诉 inside 出庭应诉率) are appended to the page's
indexed text, so a word from inside a compound finds the report. The pages
on disk are not changed. Pagefind's ``zh`` segmenter then works within
those boundaries and the browser segments queries with ``Intl.Segmenter``.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from govreports.keywords import ensure_jieba

OUTPUT = "pagefind"
BODY = "data-pagefind-body"
SEPARATOR = "\u200b"
# Pagefind's UI bundles; the site has its own search box (assets/javascripts/search.js).
UNUSED = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_TEXT = re.compile(r">([^<]+)<")
_BODY_END = re.compile(r"(<div\b[^>]*\bdata-pagefind-body\b[^>]*>)")
_BATCH = 32


@dataclass(frozen=True)
class SearchIndex:
    pages: int  # pages indexed
    files: int  # files in the bundle
    bytes: int  # total size of the bundle
    largest: int  # size of the largest file (what one fetch can cost at most)


def index_search(site_dir: Path) -> SearchIndex:
    """Index the report pages of a rendered site into ``site_dir/pagefind/``."""
    site_dir = Path(site_dir)
    pages = [p for p in sorted(site_dir.rglob("*.html")) if BODY in p.read_text("utf-8")]
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    # in a thread of its own: the caller may already run an event loop (e.g. Playwright)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _write_index(site_dir, pages, output)).result()
    for pattern in UNUSED:
        for path in output.glob(pattern):
            path.unlink()
    sizes = [p.stat().st_size for p in output.rglob("*") if p.is_file()]
    return SearchIndex(len(pages), len(sizes), sum(sizes), max(sizes, default=0))


async def _write_index(site_dir: Path, pages: list[Path], output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output), keep_index_url=False)
    async with PagefindIndex(config=config) as index:
        for start in range(0, len(pages), _BATCH):
            await asyncio.gather(*(
                index.add_html_file(
                    content=segmented_html(page.read_text("utf-8")),
                    source_path=page.relative_to(site_dir).as_posix(),
                )
                for page in pages[start : start + _BATCH]
            ))  # fmt: skip
        await index.write_files(output_path=str(output))


def segmented_html(html: str) -> str:
    """``html`` with Han text nodes split into jieba tokens, plus the sub-words block."""
    jieba = ensure_jieba()
    tokens: dict[str, None] = {}

    def cut(match: re.Match[str]) -> str:
        words = list(jieba.cut(match.group()))
        tokens.update(dict.fromkeys(words))
        return SEPARATOR.join(words)

    html = _TEXT.sub(lambda m: ">" + _HAN.sub(cut, m.group(1)) + "<", html)
    extra = SEPARATOR.join(subwords(jieba, tokens))
    return _BODY_END.sub(lambda m: f"{m.group(1)}<p hidden>{extra}</p>", html, count=1)


def subwords(jieba, tokens: dict[str, None]) -> list[str]:
    """Search-mode sub-words of multi-character tokens that are not tokens themselves."""
    found: dict[str, None] = {}
    for token in tokens:
        if len(token) > 2:
            for word in jieba.cut_for_search(token):
                if len(word) > 1 and word not in tokens:
                    found[word] = None
    return list(found)
