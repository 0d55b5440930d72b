"""``govreports build``: reports dir → data package + static site, atomically.

Load (collect and parse every report; a failure is recorded, not raised) →
Process (package, pages, MkDocs render, all inside a staging directory in
``out_dir``) → Save (move the staged ``datapackage.json``, ``data/``,
``build/`` and ``site/`` into place). Until the last step nothing visible
changes, so a failed build leaves the previous site and package intact.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from govreports.build.cache import CACHE_DIR, ParseCache
from govreports.build.inputs import Inputs, collect_files, load_reports, regions_for
from govreports.build.package_step import package_for_site
from govreports.build.site_step import keep_unchanged_mtimes, render_site
from govreports.pages.write import Corpus, write_pages
from govreports.records import Failure
from govreports.site.config import mkdocs_config, write_config
from govreports.site.search import index_search, search_docs

log = logging.getLogger(__name__)

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


def build(
    reports_dir: Path,
    out_dir: Path,
    *,
    synthetic: bool = False,
    site_url: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the package and the site from every report under ``reports_dir``."""
    report = progress or (lambda stage, done, total: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = collect_files(Path(reports_dir))
    inputs = load_reports(files, report, synthetic=synthetic, cache=ParseCache(out_dir / CACHE_DIR),
                          reports_dir=Path(reports_dir))
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out_dir) as tmp:
        stage = Path(tmp)
        pages = _stage_build(stage, out_dir, inputs, synthetic, site_url, report)
        _keep_cache(out_dir, stage)
        _publish(stage, out_dir)
    for failure in inputs.failures:
        log.info("not published: %s: %s", failure.path, failure.reason)
    return BuildResult(
        len(inputs.parsed), tuple(inputs.failures), pages,
        out_dir / "site", out_dir / "datapackage.json",
    )  # fmt: skip


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


def _keep_cache(out_dir: Path, stage: Path) -> None:
    """Move the parse cache into the staged build dir, so the swap keeps it.

    It is keyed by content (file hash), so it is updated in place, outside
    the staging directory, without harm.
    """
    if (out_dir / CACHE_DIR).is_dir():
        (stage / CACHE_DIR).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / CACHE_DIR).rename(stage / CACHE_DIR)


def _publish(stage: Path, out_dir: Path) -> None:
    """Swap each staged entry into ``out_dir``; old versions are removed last."""
    trash = Path(tempfile.mkdtemp(prefix=".old-", dir=out_dir))
    try:
        for entry in _entries(stage):
            target = out_dir / entry.name
            if target.exists():
                target.rename(trash / entry.name)
            entry.rename(target)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _entries(stage: Path) -> Iterator[Path]:
    """Staged outputs, the site last so it never points at a missing package."""
    entries = sorted(stage.iterdir(), key=lambda p: (p.name == "site", p.name))
    yield from entries
