"""Stage ``search index``: a chunked Pagefind index of the report pages.

Material's built-in search loads one JSON index of every page (~35 KB per
report, ~500 MB at 15,000 reports); Pagefind splits the index into small
chunks, so a query fetches a few hundred KB whatever the corpus size.

Only pages with ``data-pagefind-body`` (the report pages) are indexed. Each
is fed to Pagefind from memory with its Han text segmented by jieba and the
domain dictionary: tokens are separated by U+200B (invisible in result
excerpts) and jieba's search-mode sub-words that are not tokens themselves
(复议 inside 行政复议, 应诉 inside 出庭应诉率) are appended to the page's
indexed text, so a word from inside a compound finds the report. The
site's own pages are not changed. Pagefind's ``zh`` segmenter then works within
those boundaries and the browser segments queries with ``Intl.Segmenter``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
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
_BODY_END = re.compile(r"(data-pagefind-body\b[^>]*>)")
MANIFEST = ".segmented.json"


@dataclass(frozen=True)
class SearchIndex:
    pages: int  # pages indexed
    files: int  # files in the bundle
    bytes: int  # total size of the bundle
    largest: int  # size of the largest file (what one fetch can cost at most)


def index_search(site_dir: Path, mirror_dir: Path | None = None, workers: int | None = None) -> SearchIndex:
    """Index the report pages of a rendered site into ``site_dir/pagefind/``.

    The segmented copies of the pages are kept in ``mirror_dir`` (a temporary
    folder when None): a later build re-segments only the pages that changed.
    Pagefind's own binary then indexes the mirror, which is an order of
    magnitude faster than feeding pages one by one through its Python API.
    """
    site_dir = Path(site_dir)
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    pages = {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*.html"))}
    with tempfile.TemporaryDirectory() as scratch:
        mirror = Path(mirror_dir) if mirror_dir else Path(scratch)
        indexed = sync_mirror(pages, mirror, workers)
        if indexed:
            _run_pagefind(mirror, output)
    for pattern in UNUSED:
        for path in output.glob(pattern):
            path.unlink()
    sizes = [p.stat().st_size for p in output.rglob("*") if p.is_file()]
    return SearchIndex(indexed, len(sizes), sum(sizes), max(sizes, default=0))


def sync_mirror(pages: dict[str, Path], mirror: Path, workers: int | None) -> int:
    """Make ``mirror`` hold the segmented copy of every page with ``data-pagefind-body``.

    A manifest maps each copy to the hash of its source; unchanged pages are
    kept, changed ones re-segmented, pages no longer in the site removed.
    Returns the number of pages to index.
    """
    manifest_path = mirror / MANIFEST
    old = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
    hashes = {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in pages.items()}
    stale = [rel for rel in hashes if old.get(rel) != hashes[rel]]
    for rel in set(old) - set(hashes):
        (mirror / rel).unlink(missing_ok=True)
    with ProcessPoolExecutor(workers or os.cpu_count() or 1, initializer=ensure_jieba) as pool:
        texts = (pages[rel].read_text("utf-8") for rel in stale)
        for rel, segmented in zip(stale, pool.map(_segment_if_indexed, texts, chunksize=16)):
            target = mirror / rel
            if segmented is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(segmented, encoding="utf-8")
    mirror.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(hashes, sort_keys=True), encoding="utf-8")
    return sum(1 for rel in hashes if (mirror / rel).is_file())


def _segment_if_indexed(html: str) -> str | None:
    return segmented_html(html) if BODY in html else None


def _run_pagefind(mirror: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(mirror),
               "--output-path", str(output), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {(result.stderr or result.stdout).strip()[-500:]}")


def segmented_html(html: str) -> str:
    """``html`` with Han text split into jieba tokens, plus the sub-words block.

    Only the part from ``data-pagefind-body`` on is segmented: the rest of the
    page (header, navigation) is not indexed.
    """
    start = html.find(BODY)
    if start < 0:
        return html
    tokens: dict[str, None] = {}

    def cut(match: re.Match[str]) -> str:
        words = _words(match.group())
        tokens.update(dict.fromkeys(words))
        return SEPARATOR.join(words)

    body = _TEXT.sub(lambda m: ">" + _HAN.sub(cut, m.group(1)) + "<", html[start:])
    extra = SEPARATOR.join(subwords(tokens))
    return html[:start] + _BODY_END.sub(lambda m: f"{m.group(1)}<p hidden>{extra}</p>", body, count=1)


@functools.lru_cache(maxsize=1 << 16)
def _words(run: str) -> tuple[str, ...]:
    """jieba's tokens of a run of Han characters (cached: headings and phrases recur)."""
    return tuple(ensure_jieba().cut(run))


@functools.lru_cache(maxsize=1 << 16)
def _search_words(token: str) -> tuple[str, ...]:
    return tuple(w for w in ensure_jieba().cut_for_search(token) if len(w) > 1)


def subwords(tokens: dict[str, None]) -> list[str]:
    """Search-mode sub-words of multi-character tokens that are not tokens themselves."""
    found: dict[str, None] = {}
    for token in tokens:
        if len(token) > 2:
            found.update((word, None) for word in _search_words(token) if word not in tokens)
    return list(found)
