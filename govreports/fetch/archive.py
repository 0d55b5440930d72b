"""The archive of originals under the reports folder, and their sidecars.

Layout (paths relative to the reports folder)::

    {host}/{stem}-{sha256[:12]}{ext}             an archived original, never rewritten
    {host}/{stem}-{sha256[:12]}{ext}.meta.json   its provenance sidecar
    {host}/.pages/{stem}-{sha256[:12]}.html      a shell page that led to an attachment
                                                 (with its own sidecar, role "page")

A changed report is a new file beside the old one; the new sidecar lists the
older versions under ``previous`` and the old sidecar gets ``superseded_by``.
Sidecars are the record of what is current: ``current_versions`` reads them.
Naming and sidecar contents are pure functions; writers are atomic.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from govreports.fetch.discover import EXTENSIONS
from govreports.fsutil import atomic_write_bytes, atomic_write_text, sha256_bytes
from govreports.sidecar import SIDECAR_SUFFIX, Sidecar, read_meta, read_sidecar, sidecar_path

log = logging.getLogger(__name__)

PAGES_DIR = ".pages"
MAX_STEM = 60


def host_folder(url: str) -> str:
    """``www.example.gov.cn``; a non-default port is kept as ``host_8080``."""
    parts = urlsplit(url)
    host = (parts.hostname or "unknown-host").lower()
    return _safe(f"{host}_{parts.port}" if parts.port else host) or "unknown-host"


def url_stem(url: str) -> str:
    """The last path segment without its extension, file-name safe (``index`` if none)."""
    segment = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
    stem = segment.rpartition(".")[0] if "." in segment.strip(".") else segment
    return _safe(stem)[:MAX_STEM].strip("-.") or "index"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def archive_path(source_url: str, document_url: str, kind: str, sha256: str) -> str:
    """Where an original goes: the source page's host, the document's own name."""
    name = f"{url_stem(document_url)}-{sha256[:12]}{EXTENSIONS[kind]}"
    return f"{host_folder(source_url)}/{name}"


def page_path(source_url: str, page_url: str, sha256: str) -> str:
    return f"{host_folder(source_url)}/{PAGES_DIR}/{url_stem(page_url)}-{sha256[:12]}.html"


@dataclass(frozen=True)
class Current:
    """The archived version of one source URL that is in use, as its sidecar describes it."""

    path: str  # relative to the reports folder, with "/"
    meta: dict[str, Any] = field(repr=False)

    @property
    def sha256(self) -> str | None:
        return self.meta.get("sha256")

    def validators(self, page: bool) -> dict[str, str]:
        """ETag / Last-Modified to send again: the shell page's or the document's."""
        source: dict[str, Any] = (self.meta.get("page") if page else None) or self.meta
        # (without a shell page, the document is the page itself)
        return {key: source[key] for key in ("etag", "last_modified") if source.get(key)}


def current_versions(reports_dir: Path) -> dict[str, Current]:
    """source URL → its current (not superseded) archived report, from the sidecars."""
    found: dict[str, Current] = {}
    for sidecar in sorted(reports_dir.rglob("*" + SIDECAR_SUFFIX)):
        report = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        meta = read_meta(report)
        if meta is None:
            continue
        info = Sidecar.from_meta(meta)
        if not info.is_report:
            continue
        url = info.source_url
        relative = report.relative_to(reports_dir).as_posix()
        if url and url in found:
            log.warning("%s: %s is also archived as %s", sidecar, url, found[url].path)
        elif url:
            found[url] = Current(relative, meta)
    return found


def skipped_by_build(path: Path) -> bool:
    """True for archived files the build must not read as reports.

    Superseded versions (their sidecar has ``superseded_by``) and shell pages
    (``role: "page"``, kept under ``.pages/``) are provenance, not reports.
    """
    return not read_sidecar(path).is_report


def previous_versions(current: Current | None) -> list[dict[str, Any]]:
    """The ``previous`` list of a new version: the current one first, then its own."""
    if current is None:
        return []
    entry = {"path": current.path, "sha256": current.sha256,
             "retrieved": current.meta.get("retrieved")}
    return [entry, *current.meta.get("previous", [])]


def write_version(reports_dir: Path, relative: str, data: bytes, meta: dict[str, Any]) -> Path:
    """Write an original and its sidecar; an existing original is never rewritten.

    The same bytes archived again (a page that changed and changed back, two
    sources redirected to one file) keep the time they were first retrieved.
    """
    path = reports_dir / relative
    if path.exists():
        if sha256_bytes(path.read_bytes()) != meta["sha256"]:
            raise FileExistsError(f"{path}: exists with other content; not overwritten")
        meta = {**meta, "first_retrieved": first_retrieved(read_meta(path), meta)}
    else:
        atomic_write_bytes(path, data)
    write_sidecar(path, meta)
    return path


def first_retrieved(old: dict[str, Any] | None, new: dict[str, Any]) -> str | None:
    """The earliest retrieval time of these bytes, from the old sidecar and the new one."""
    times = [value for meta in (old or {}, new) for key in ("first_retrieved", "retrieved")
             if isinstance(value := meta.get(key), str) and value]  # fmt: skip
    return min(times) if times else None


def mark_superseded(reports_dir: Path, old: str, new: str) -> None:
    meta = read_meta(reports_dir / old)
    if meta is not None and old != new:
        write_sidecar(reports_dir / old, {**meta, "superseded_by": new})


def write_sidecar(path: Path, meta: dict[str, Any]) -> None:
    atomic_write_text(sidecar_path(path), json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
