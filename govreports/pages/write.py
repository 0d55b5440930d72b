"""Stage ``pages``: write the site's Markdown (and per-report downloads) to a docs dir.

Load → Process → Save: a :class:`~govreports.pages.corpus.Corpus` comes in,
each generator yields ``(url, markdown)`` pairs, and this module writes them
to ``docs_dir`` at the path MkDocs maps to that URL (see ``pages_urls``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from govreports.pages import urls
from govreports.pages.corpus import Corpus, Download
from govreports.pages.index import home_page, province_pages, region_pages, year_pages
from govreports.pages.indicator import indicator_pages
from govreports.pages.meta import about_page, data_page, feed_xml, quality_page
from govreports.pages.report import report_page, write_report_files
from govreports.pages.reuse import link_if_same, read_keys, report_key, reuse, write_keys

__all__ = ["NAV", "Corpus", "Download", "write_pages"]

Progress = Callable[[str, int, int], None]

# The whole navigation: small and fixed, so every page's size is independent
# of the number of reports (report and region pages are reached by links).
NAV = [
    {"首页": "index.md"},
    {"省份": "province/index.md"},
    {"年度": "year/index.md"},
    {"指标": "indicator/index.md"},
    {"数据": "data/index.md"},
    {"质量": "quality/index.md"},
    {"关于": "about/index.md"},
]


def write_pages(
    corpus: Corpus, docs_dir: Path, progress: Progress | None = None, previous: Path | None = None
) -> int:
    """Write every page of the site into ``docs_dir``; return the number of pages.

    With ``previous`` (the docs dir of the last build), a report whose inputs are
    unchanged (see ``pages_reuse``) gets its page and downloads linked from there.
    """
    count = _write(docs_dir, _summary_pages(corpus), previous)
    old, keys = read_keys(previous), {}
    total = len(corpus.reports)
    for done, parsed in enumerate(corpus.reports, start=1):
        url = urls.report_url(parsed.report)
        keys[url] = report_key(parsed, corpus)
        if not (previous and old.get(url) == keys[url] and reuse(previous, docs_dir, url)):
            files = write_report_files(parsed, corpus, docs_dir / url)
            _write(docs_dir, [(url, report_page(parsed, corpus, files))])
        count += 1
        if progress and (done == total or done % 50 == 0):
            progress("pages", done, total)
    _write(docs_dir, [(urls.FEED, feed_xml(corpus))], previous, name=str)
    write_keys(docs_dir, keys)
    return count


def _summary_pages(corpus: Corpus) -> Iterator[tuple[str, str]]:
    yield home_page(corpus)
    yield from province_pages(corpus)
    yield from year_pages(corpus)
    yield from region_pages(corpus)
    yield from indicator_pages(corpus)
    yield data_page(corpus)
    yield quality_page(corpus)
    yield about_page(corpus)


def _write(
    docs_dir: Path, pages: Iterable[tuple[str, str]], previous: Path | None = None,
    name: Callable[[str], str] = urls.md_path,
) -> int:  # fmt: skip
    """Write each page; one with the same bytes in ``previous`` is linked from there."""
    count = 0
    for url, text in pages:
        path = docs_dir / name(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if previous is None or not link_if_same(previous / name(url), path, data):
            path.write_bytes(data)
        count += 1
    return count
