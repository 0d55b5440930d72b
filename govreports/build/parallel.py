"""Parse step of ``build`` on every core: files → ``Parsed`` (a report or a failure), cached.

Cache hits are read in this process; misses go to a pool of worker
processes, each of which loads jieba and the data files once (initializer).
Results come back in the order of the input files. A handful of misses are
parsed here, sequentially, since starting workers would cost more.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from govreports.build.cache import ParseCache, Parsed, cache_key, parser_fingerprint
from govreports.pipeline import read_report_file
from govreports.records import Failure, ParsedReport, ParseError

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
SEQUENTIAL_BELOW = 8  # misses parsed in-process below this count
CHUNKS_PER_WORKER = 16  # small chunks: even load, frequent progress


def parse_files(
    files: list[Path], progress: Progress, *,
    cache: ParseCache | None = None, workers: int | None = None,
) -> list[Parsed]:  # fmt: skip
    """``Parsed`` of every file, in the order of ``files``."""
    fingerprint = parser_fingerprint() if cache else ""
    keys = [cache_key(path, fingerprint) for path in files] if cache else []
    results: list[Parsed | None] = [cache.get(k) for k in keys] if cache else [None] * len(files)
    misses = [i for i, found in enumerate(results) if found is None]
    done = len(files) - len(misses)
    progress("parse", done, len(files))
    for index, parsed in zip(misses, _parse_many([files[i] for i in misses], workers), strict=True):
        results[index] = parsed
        if cache:
            cache.put(keys[index], parsed)
        done += 1
        if done == len(files) or done % 100 == 0:
            progress("parse", done, len(files))
    if cache:
        cache.prune(keys)
    log.info("parse: %d cached, %d parsed", len(files) - len(misses), len(misses))
    return [item for item in results if item is not None]


def _parse_many(paths: list[Path], workers: int | None) -> Iterator[Parsed]:
    workers = min(workers or os.cpu_count() or 1, len(paths))
    if workers <= 1 or len(paths) < SEQUENTIAL_BELOW:
        yield from map(parse_one, paths)
        return
    chunksize = max(1, min(32, len(paths) // (workers * CHUNKS_PER_WORKER)))
    with ProcessPoolExecutor(workers, initializer=_warm_up) as pool:
        yield from pool.map(parse_one, paths, chunksize=chunksize)


def _warm_up() -> None:
    """Load jieba (with the user dictionary and IDF table) once per worker."""
    from govreports.extract.keywords import top_keywords

    top_keywords("法治政府建设", 1)


def parse_one(path: Path) -> ParsedReport | Failure:
    try:
        return read_report_file(path)
    except ParseError as exc:
        return Failure(str(path), str(exc) or type(exc).__name__, exc.code)
    except Exception as exc:  # a parser bug must not stop a national build
        log.exception("parser bug on %s", path)
        return Failure(str(path), f"parser error ({type(exc).__name__}: {exc})", "parser_error")
