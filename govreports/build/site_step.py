"""Site step of ``build``: render the staged docs with MkDocs, incrementally when it is safe.

A rebuild renders into a *copy* of the previous site (MkDocs' dirty mode
writes in place) and re-renders only the pages whose Markdown changed: files
whose bytes did not change get their previous modification time back
(``keep_unchanged_mtimes``), and the output of deleted pages is removed.
The navigation is fixed, so a page's HTML depends only on its Markdown and
on the render setup; a change to the generated config, the theme overrides,
the hooks or the renderer's version (``render_key``) means a full render.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from govreports.site.config import HOOKS, OVERRIDES, ROOT

RENDER_KEY = "render.key"  # beside mkdocs.yml: the render setup of the site next to it
RENDERER_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "minify-html")


def keep_unchanged_mtimes(docs: Path, previous: Path) -> list[Path]:
    """Give files of ``docs`` identical to ``previous`` their old mtime; return the removed ones."""
    if not previous.is_dir():
        return []
    current: set[Path] = set()
    for path in _files(docs):
        relative = path.relative_to(docs)
        current.add(relative)
        old = previous / relative
        if old.is_file() and _same_bytes(path, old):
            stat = old.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return sorted(
        p.relative_to(previous) for p in _files(previous) if p.relative_to(previous) not in current
    )


def render_key(config_file: Path) -> str:
    """Hash of everything besides the Markdown that a page's HTML depends on."""
    digest = hashlib.sha256(config_file.read_bytes())
    sources = [p for p in [*_files(HOOKS), *_files(OVERRIDES)] if "__pycache__" not in p.parts]
    for path in sorted(sources):
        digest.update(os.path.relpath(path, ROOT).encode() + b"\0")
        digest.update(path.read_bytes())
    for package in RENDERER_PACKAGES:
        digest.update(f"{package} {_version(package)}\n".encode())
    return digest.hexdigest()


def render_site(config_file: Path, previous_site: Path, removed: list[Path]) -> bool:
    """Render the site of ``config_file``; return True if it was an incremental render."""
    key = render_key(config_file)
    config = load_config(str(config_file), strict=True)
    site_dir = Path(config.site_dir)
    dirty = _can_reuse(previous_site, key)
    if dirty:
        shutil.copytree(previous_site, site_dir, symlinks=True)  # copies keep their mtimes
        for relative in removed:
            _remove_output(site_dir, relative)
    with _dirty_warning_silenced():
        mkdocs_build(config, dirty=dirty)
    (config_file.parent / RENDER_KEY).write_text(key, encoding="utf-8")
    return dirty


def _can_reuse(previous_site: Path, key: str) -> bool:
    key_file = previous_site.parent / "build" / RENDER_KEY
    return previous_site.is_dir() and key_file.is_file() and key_file.read_text() == key


def _remove_output(site_dir: Path, source: Path) -> None:
    """Delete what MkDocs made of the docs file ``source`` (directory URLs)."""
    if source.suffix == ".md":
        folder = source.parent if source.stem == "index" else source.with_suffix("")
        output = folder / "index.html"
    else:
        output = source
    target = site_dir / output
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == site_dir or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


class _NotDirtyWarning(logging.Filter):
    """Dirty mode warns that navigation may be stale; ours is fixed (and strict mode aborts)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build")


@contextlib.contextmanager
def _dirty_warning_silenced() -> Iterator[None]:
    logger, quiet = logging.getLogger("mkdocs.commands.build"), _NotDirtyWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _files(root: Path) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root):
        for name in names:
            yield Path(folder) / name


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"
