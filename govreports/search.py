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
import logging
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

log = logging.getLogger(__name__)

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
SHARDS = ".pagefind"  # in the mirror: each year's bundle, with the key of the pages it indexes
YEARS = "years.json"  # in the bundle: the years' folders, newest first
UNDATED = "undated"  # the folder of indexed pages without a year filter
_YEAR = re.compile(r'data-pagefind-filter="year:(\d{4})"')


@dataclass(frozen=True)
class SearchIndex:
    pages: int  # pages indexed
    files: int  # files in the bundle
    bytes: int  # total size of the bundle
    largest: int  # size of the largest file (what one fetch can cost at most)


def index_search(site_dir: Path, mirror_dir: Path | None = None, workers: int | None = None) -> SearchIndex:
    """Index the report pages of a rendered site into ``site_dir/pagefind/{year}/``.

    One Pagefind bundle per report year (the page's ``year`` filter), listed
    newest first in ``pagefind/years.json``; the browser loads the newest and
    merges the others. The segmented copies of the pages and each year's
    bundle are kept in ``mirror_dir`` (a temporary folder when None): a later
    build re-segments only the pages that changed and runs Pagefind only for
    the years whose pages changed. Pagefind's own binary indexes the mirror,
    which is an order of magnitude faster than its Python API.
    """
    site_dir = Path(site_dir)
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    pages = {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*.html"))}
    with tempfile.TemporaryDirectory() as scratch:
        mirror = Path(mirror_dir) if mirror_dir else Path(scratch)
        indexed = sync_mirror(pages, mirror, workers)
        years = index_years(mirror)
        output.mkdir(parents=True, exist_ok=True)
        for year in years:
            _link_tree(mirror / SHARDS / year, output / year)
    (output / YEARS).write_text(json.dumps(years), encoding="utf-8")
    sizes = [p.stat().st_size for p in output.rglob("*") if p.is_file()]
    return SearchIndex(indexed, len(sizes), sum(sizes), max(sizes, default=0))


def sync_mirror(pages: dict[str, Path], mirror: Path, workers: int | None) -> int:
    """Make ``mirror`` hold the segmented copy of every page with ``data-pagefind-body``.

    A manifest maps each page to the hash of its source and its report year;
    unchanged pages are kept, changed ones re-segmented, pages no longer in
    the site removed. Returns the number of pages to index.
    """
    old = _manifest(mirror)
    hashes = {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in pages.items()}
    entries = {rel: old[rel] for rel in hashes if rel in old and old[rel][0] == hashes[rel]}
    stale = [rel for rel in hashes if rel not in entries]
    for rel in set(old) - set(hashes):
        (mirror / rel).unlink(missing_ok=True)
    with ProcessPoolExecutor(workers or os.cpu_count() or 1, initializer=ensure_jieba) as pool:
        texts = (pages[rel].read_text("utf-8") for rel in stale)
        for rel, (segmented, year) in zip(stale, pool.map(_segment_if_indexed, texts, chunksize=16)):
            target = mirror / rel
            entries[rel] = [hashes[rel], year]
            if segmented is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(segmented, encoding="utf-8")
    mirror.mkdir(parents=True, exist_ok=True)
    (mirror / MANIFEST).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
    return sum(1 for rel, (_, year) in entries.items() if year is not None and (mirror / rel).is_file())


def _manifest(mirror: Path) -> dict[str, list]:
    path = mirror / MANIFEST
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    # An older manifest (page -> hash, no year) is dropped: every page is segmented again.
    return {rel: entry for rel, entry in data.items() if isinstance(entry, list) and len(entry) == 2}


def index_years(mirror: Path) -> list[str]:
    """Bring ``mirror/.pagefind/{year}/`` up to date; return the years, newest first.

    A year's bundle is keyed by the hashes of its pages: Pagefind runs again
    only for the years with a page added, changed or removed.
    """
    by_year: dict[str, list[str]] = {}
    for rel, (digest, year) in sorted(_manifest(mirror).items()):
        if year is not None:
            by_year.setdefault(year, []).append(f"{rel} {digest}\n")
    shards = mirror / SHARDS
    shards.mkdir(parents=True, exist_ok=True)
    for stale in shards.iterdir():  # years no longer in the site
        if stale.name.removesuffix(".key") not in by_year:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    for year, lines in by_year.items():
        key = hashlib.sha256("".join(lines).encode()).hexdigest()
        key_file = shards / f"{year}.key"
        if (shards / year).is_dir() and key_file.is_file() and key_file.read_text() == key:
            continue
        key_file.unlink(missing_ok=True)
        shutil.rmtree(shards / year, ignore_errors=True)
        log.info("search: indexing %s (%d pages)", year, len(lines))
        with tempfile.TemporaryDirectory(dir=mirror, prefix=".year-") as tmp:
            for line in lines:  # the year's pages, linked at their site paths (URLs stay /region/…)
                rel = line.split(" ", 1)[0]
                (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                _link(mirror / rel, Path(tmp) / rel)
            _run_pagefind(Path(tmp), shards / year)
        for pattern in UNUSED:
            for path in (shards / year).glob(pattern):
                path.unlink()
        key_file.write_text(key, encoding="utf-8")
    return sorted((y for y in by_year if y != UNDATED), reverse=True) + [y for y in by_year if y == UNDATED]


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=_link)


def _segment_if_indexed(html: str) -> tuple[str | None, str | None]:
    if BODY not in html:
        return None, None
    match = _YEAR.search(html)
    return segmented_html(html), match.group(1) if match else UNDATED


def _run_pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site),
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
