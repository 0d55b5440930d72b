"""``govreports build``: reports dir → data package + static site, atomically.

Lock (an exclusive ``flock`` on the output folder: one build writes it at a
time; stale ``.build-*``/``.old-*`` folders of a killed build are removed) →
Load (scan and parse every report, each in a worker under the per-report
limits; a failure is recorded, not raised) → Process (package, pages, MkDocs
render, all inside a staging directory ``.build-*`` in ``out_dir``) → Publish
(``publish``: swap the staged ``datapackage.json``, ``data/``, ``build/`` and
``site/`` into place, rolled back if a step fails).

What a reader of ``out_dir`` can observe: until the publish step, only the
previous output. Each entry is replaced by one atomic exchange (two renames
where the file system lacks ``RENAME_EXCHANGE``, with a moment in which that
entry is absent), never a half-written file or a folder mixing two builds.
During the publish step itself, a few system calls long, a reader may see
the new package beside the old site (the site is swapped last); after it,
the whole new output, or, if a step failed, the whole old one. A file kept
open across the swap keeps its old content. Writing errors (disk full,
read-only) end the build with one line naming the path; nothing is published.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreports.build.cache import CACHE_DIR, ParseCache
from govreports.build.inputs import Inputs, load_reports, regions_for, scan_reports
from govreports.build.package_step import package_for_site
from govreports.build.parallel import Parse, ReportLimits
from govreports.build.site_step import keep_unchanged_mtimes, render_site
from govreports.pages.write import Corpus, write_pages
from govreports.records import Failure
from govreports.site.config import mkdocs_config, write_config
from govreports.site.search import index_search, search_docs

log = logging.getLogger(__name__)
STAGE_PREFIX, TRASH_PREFIX = ".build-", ".old-"  # temporary folders in the output folder
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # Linux <fcntl.h>, <linux/fs.h>

# progress(stage, done, total): stage is "parse", "package", "pages", "site" or "search".
# Every stage reports (stage, 0, n) when it starts and (stage, n, n) when it ends.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    reports: int  # reports published
    failures: tuple[Failure, ...]  # inputs that could not be parsed, with reasons
    pages: int  # Markdown pages generated
    site_dir: Path  # OUT/site
    datapackage: Path  # OUT/datapackage.json


class OutputError(Exception):
    """The output folder cannot be written (full, read-only, no permission): one line, nothing published."""


class OutputBusy(OutputError):
    """Another build holds the output folder's lock."""


def build(
    reports_dir: Path,
    out_dir: Path,
    *,
    synthetic: bool = False,
    site_url: str | None = None,
    progress: Progress | None = None,
    limits: ReportLimits | None = None,
    wait: float = 0.0,
    parse: Parse | None = None,
) -> BuildResult:
    """Build the package and the site from every report under ``reports_dir``.

    One build at a time writes ``out_dir``: a second one waits up to ``wait``
    seconds for the lock, then raises ``OutputBusy``. Writing errors raise
    ``OutputError`` with one line naming the path; the previous output is kept.
    ``limits`` bound each report's parse; ``parse`` replaces the parser (tests).
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with output_lock(out_dir, wait):
            remove_stale_temporaries(out_dir)
            return _build_locked(Path(reports_dir), out_dir, synthetic, site_url,
                                 progress or (lambda stage, done, total: None), limits, parse)  # fmt: skip
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(write_error_line(exc, out_dir)) from exc


def _build_locked(
    reports_dir: Path, out_dir: Path, synthetic: bool, site_url: str | None,
    report: Progress, limits: ReportLimits | None, parse: Parse | None,
) -> BuildResult:  # fmt: skip
    scan = scan_reports(reports_dir, limits)
    inputs = load_reports(scan.files, report, synthetic=synthetic, cache=ParseCache(out_dir / CACHE_DIR),
                          reports_dir=reports_dir, limits=limits, parse=parse)  # fmt: skip
    inputs.failures[:0] = scan.rejected
    with tempfile.TemporaryDirectory(prefix=STAGE_PREFIX, dir=out_dir, ignore_cleanup_errors=True) as tmp:
        stage = Path(tmp)
        pages = _stage_build(stage, out_dir, inputs, synthetic, site_url, report)
        publish(stage, out_dir)
    for failure in inputs.failures:
        log.info("not published: %s: %s", failure.path, failure.reason)
    return BuildResult(
        len(inputs.parsed), tuple(inputs.failures), pages,
        out_dir / "site", out_dir / "datapackage.json",
    )  # fmt: skip


@contextlib.contextmanager
def output_lock(out_dir: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``out_dir`` itself (no lock file to leave behind).

    The lock goes with the open descriptor: a build that is killed releases it.
    """
    fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputBusy(
                        f"{out_dir}: another build is writing this folder"
                        + (f" (waited {wait:g} s)" if wait else "") + "; try again when it has finished"
                    ) from None
                if not told:
                    log.info("%s: waiting for another build to finish", out_dir)
                    told = True
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete the staging and trash folders that a killed build left in ``out_dir``.

    Only call with the lock held: then no running build owns one.
    """
    stale = [p for p in out_dir.iterdir()
             if p.name.startswith((STAGE_PREFIX, TRASH_PREFIX)) and p.is_dir() and not p.is_symlink()]
    for path in stale:
        log.info("removing %s, left by an interrupted build", path)
        shutil.rmtree(path, ignore_errors=True)
    return stale


def write_error_line(exc: OSError, out_dir: Path) -> str:
    """One line for a failed write: the path and the system's reason (disk full, read-only …)."""
    where = exc.filename if exc.filename is not None else out_dir
    reason = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = f"{reason} (disk full; free some space and build again)"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = f"{reason} (cannot write there)"
    return f"{os.fsencode(where).decode('utf-8', 'backslashreplace')}: {reason}; nothing was published"


def _stage_build(
    stage: Path, out_dir: Path, inputs: Inputs, synthetic: bool,
    site_url: str | None, progress: Progress,
) -> int:  # fmt: skip
    docs = stage / "build" / "docs"
    reports = [item for item, _ in inputs.parsed]
    progress("package", 0, 1)
    regions = regions_for(reports)
    extras = package_for_site(reports, regions, stage, docs, site_url, inputs.failures,
                              previous=out_dir)  # fmt: skip
    progress("package", 1, 1)
    corpus = Corpus(
        reports=tuple(reports), failures=tuple(inputs.failures), regions=regions,
        originals={p.report.report_id: path for p, path in inputs.parsed},
        synthetic=synthetic, site_url=site_url, **extras,
    )  # fmt: skip
    progress("pages", 0, len(reports))
    pages = write_pages(corpus, docs, progress, previous=out_dir / "build" / "docs")
    removed = keep_unchanged_mtimes(docs, out_dir / "build" / "docs")
    config_file = stage / "build" / "mkdocs.yml"
    config = mkdocs_config("docs", "../site", base=config_file.parent,
                           site_url=site_url, synthetic=synthetic)  # fmt: skip
    write_config(config_file, config)
    progress("site", 0, 1)
    incremental = render_site(config_file, out_dir / "site", removed)
    log.info("site: %s render", "incremental" if incremental else "full")
    progress("site", 1, 1)
    progress("search", 0, 1)
    index = index_search(stage / "site", search_docs(reports))
    log.info("search: %d reports, %d files, %.1f MB", index.docs, index.files, index.bytes / 1e6)
    progress("search", 1, 1)
    return pages


def publish(stage: Path, out_dir: Path) -> None:
    """Replace ``out_dir``'s package (datapackage.json, data/), build/ and site/ with the staged ones.

    Each entry is exchanged in one ``renameat2(RENAME_EXCHANGE)`` where the
    file system supports it (else: old entry aside, new one in: two renames),
    the site last. If any step fails, the steps done are undone in reverse, so
    the folder holds either the whole new output or the whole old one. The
    parse cache moves along into the new ``build/``.
    """
    _keep_cache(out_dir, stage)
    trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=out_dir))
    done: list[tuple[str, str]] = []  # (entry name, how it was swapped)
    try:
        for entry in _entries(stage):
            _swap(entry, out_dir / entry.name, trash / entry.name, done)
    except BaseException:
        _undo(stage, out_dir, trash, done)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _swap(entry: Path, target: Path, aside: Path, done: list[tuple[str, str]]) -> None:
    """One publish step; ``done`` records how far it got, for ``_undo``."""
    if not (target.exists() or target.is_symlink()):
        entry.rename(target)
        done.append((entry.name, "added"))
    elif exchange(entry, target):
        done.append((entry.name, "exchanged"))
    else:
        target.rename(aside)
        done.append((entry.name, "set aside"))
        entry.rename(target)
        done[-1] = (entry.name, "replaced")


def _undo(stage: Path, out_dir: Path, trash: Path, done: list[tuple[str, str]]) -> None:
    for name, how in reversed(done):
        entry, target, aside = stage / name, out_dir / name, trash / name
        try:
            if how == "exchanged":
                exchange(entry, target)
            elif how in ("added", "replaced"):
                target.rename(entry)
            if how in ("set aside", "replaced"):
                aside.rename(target)
        except OSError as exc:  # the file system fails under us: say what is where
            log.error("could not restore %s (%s); the previous version is in %s", target, exc, aside)
    staged_cache, cache = stage / CACHE_DIR, out_dir / CACHE_DIR
    if staged_cache.is_dir() and cache.parent.is_dir() and not cache.exists():
        with contextlib.suppress(OSError):
            staged_cache.rename(cache)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the paths ``a`` and ``b``; False where the system cannot (then nothing changed)."""
    function = getattr(_libc(), "renameat2", None)
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _keep_cache(out_dir: Path, stage: Path) -> None:
    """Move the parse cache into the staged build dir, so the swap keeps it.

    It is keyed by content (file hash), so it is updated in place, outside
    the staging directory, without harm.
    """
    if (out_dir / CACHE_DIR).is_dir():
        (stage / CACHE_DIR).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / CACHE_DIR).rename(stage / CACHE_DIR)


def _entries(stage: Path) -> Iterator[Path]:
    """Staged outputs: the package first, the site last, so a new site never points at an old package."""
    entries = sorted(stage.iterdir(), key=lambda p: (p.name == "site", p.name))
    yield from entries
