"""One SOURCES.csv row: download, find the report, archive it if it is new.

``fetch_one`` never raises for a bad response: every problem becomes a
failed ``Outcome`` with a one-line reason, so one bad site never stops a run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from govreports import __version__
from govreports.fetch.archive import (
    Current,
    archive_path,
    mark_superseded,
    page_path,
    previous_versions,
    write_version,
)  # fmt: skip
from govreports.fetch.client import Fetched, FetchFailed, Interrupted, PoliteClient
from govreports.fetch.discover import (
    ATTACHMENT_KINDS,
    EXTENSIONS,
    find_attachments,
    kind_of,
    looks_like_login,
)  # fmt: skip
from govreports.fetch.state import Outcome, Source
from govreports.fsutil import sha256_bytes

log = logging.getLogger(__name__)

READABLE = {"html", "text", "pdf", "docx"}  # what ingest can read and parse can check
SHELL_MAX_CHARS = 1500  # a page this short with an attached report is only its shell


@dataclass(frozen=True)
class Found:
    """The report file of a row, and the shell page it was attached to (if any)."""

    document: Fetched
    kind: str
    page: Fetched | None = None
    warning: str | None = None
    kept_page: dict[str, Any] | None = None  # the shell page's record, when it was a 304


def fetch_one(client: PoliteClient, reports_dir: Path, source: Source,
              current: Current | None) -> Outcome:  # fmt: skip
    try:
        found = find_report(client, source, current)
        if found is None:
            return Outcome(source.url, "unchanged", current.path if current else None)
        return archive(reports_dir, source, found, current)
    except Interrupted:
        raise  # not done: the row is fetched again when the run resumes
    except FetchFailed as failure:
        return Outcome(source.url, "failed", reason=str(failure))
    except Exception as exc:  # a bug must not stop the other rows
        log.exception("fetch bug on %s", source.url)
        return Outcome(source.url, "failed", reason=f"internal error ({type(exc).__name__}: {exc})")


def find_report(client: PoliteClient, source: Source, current: Current | None) -> Found | None:
    """The report behind ``source.url``; None when it is unchanged since ``current``."""
    page = client.get(source.url, current.validators(page=True) if current else None)
    if page.status == 304 and current is not None:
        return _recheck_attachment(client, current)
    require_ok(page)
    kind = kind_of(page.content, page.content_type, page.final_url)
    if kind != "html":
        return _checked(page, kind)
    from govreports.pipeline import check_report  # late: the parser is slow to load

    verdict = check_report(page.content, "page.html")
    attachments = find_attachments(page.content, page.final_url)
    if verdict.is_report and not (attachments and verdict.chars < SHELL_MAX_CHARS):
        return Found(page, "html", warning=verdict.warning)
    if not verdict.is_report and looks_like_login(page.content):
        raise FetchFailed("login or captcha page instead of a report")
    if not attachments:
        raise FetchFailed(f"not a report: {verdict.reason}")
    return _follow(client, page, attachments[0].url, current)


def _recheck_attachment(client: PoliteClient, current: Current) -> Found | None:
    """The page is unchanged (304); a report attached to it may still have changed."""
    page_meta = current.meta.get("page")
    if not page_meta or not current.meta.get("final_url"):
        return None
    document = client.get(current.meta["final_url"], current.validators(page=False))
    if document.status == 304:
        return None
    require_ok(document)
    found = _checked(document, kind_of(document.content, document.content_type, document.final_url))
    return Found(document, found.kind, warning=found.warning, kept_page=page_meta)


def _follow(client: PoliteClient, page: Fetched, url: str,
            current: Current | None) -> Found | None:  # fmt: skip
    same = current is not None and current.meta.get("final_url") == url
    document = client.get(url, current.validators(page=False) if same and current else None)
    if document.status == 304 and same:
        return None  # only the shell page changed; the report did not
    require_ok(document)
    kind = kind_of(document.content, document.content_type, document.final_url)
    if kind not in ATTACHMENT_KINDS:
        raise FetchFailed(f"attachment {url} is not a PDF/DOCX/DOC/WPS file ({kind})")
    found = _checked(document, kind)
    return Found(document, kind, page=page, warning=found.warning)


def _checked(document: Fetched, kind: str) -> Found:
    """A document file (not a shell page): readable ones must parse as a report."""
    if kind not in READABLE | set(ATTACHMENT_KINDS):
        raise FetchFailed(f"not a report file (content type {document.content_type or '?'})")
    if kind not in READABLE:
        return Found(document, kind, warning=f"{kind.upper()} file not checked (ingest cannot "
                                             "read it)")  # fmt: skip
    from govreports.pipeline import check_report  # late: the parser is slow to load

    verdict = check_report(document.content, "document" + EXTENSIONS[kind])
    if not verdict.is_report:
        raise FetchFailed(f"not a report: {verdict.reason}")
    return Found(document, kind, warning=verdict.warning)


def require_ok(fetched: Fetched) -> None:
    if fetched.status == 200 and fetched.content:
        return
    if fetched.status == 200:
        raise FetchFailed("empty response")
    phrase = httpx.codes.get_reason_phrase(fetched.status)
    if fetched.status in (401, 403) and looks_like_login(fetched.content):
        raise FetchFailed(f"login or captcha page instead of a report (HTTP {fetched.status})")
    raise FetchFailed(f"HTTP {fetched.status} {phrase}".rstrip())


def archive(reports_dir: Path, source: Source, found: Found, current: Current | None) -> Outcome:
    """Archive a new version (unless its bytes are those already archived)."""
    sha = sha256_bytes(found.document.content)
    if current is not None and current.sha256 == sha:
        return Outcome(source.url, "unchanged", current.path)
    retrieved = utc_now()
    relative = archive_path(source.url, found.document.final_url, found.kind, sha)
    page = _archive_page(reports_dir, source, found.page, retrieved) or found.kept_page
    meta = sidecar(source, found.document, sha, retrieved, page=page, previous=current)
    write_version(reports_dir, relative, found.document.content, meta)
    if current is None:
        return Outcome(source.url, "new", relative, reason=found.warning)
    mark_superseded(reports_dir, current.path, relative)
    return Outcome(source.url, "changed", relative, reason=found.warning, previous=current.path)


def _archive_page(reports_dir: Path, source: Source, page: Fetched | None,
                  retrieved: str) -> dict[str, Any] | None:  # fmt: skip
    """Keep the shell page (provenance only) and describe it for the document's sidecar."""
    if page is None:
        return None
    sha = sha256_bytes(page.content)
    relative = page_path(source.url, page.final_url, sha)
    meta = {**sidecar(source, page, sha, retrieved), "role": "page"}
    write_version(reports_dir, relative, page.content, meta)
    return {"path": relative, **{k: meta[k] for k in _HTTP_FIELDS}}


_HTTP_FIELDS = ("final_url", "http_status", "content_type", "sha256", "bytes", "etag",
                "last_modified", "redirects")


def sidecar(source: Source, fetched: Fetched, sha: str, retrieved: str, *,
            page: dict[str, Any] | None = None, previous: Current | None = None) -> dict[str, Any]:
    """The provenance record: the bundled report's fields first, then fetch's additions."""
    meta: dict[str, Any] = {
        "source_url": source.url, "final_url": fetched.final_url,
        "http_status": fetched.status, "content_type": fetched.content_type,
        "retrieved": retrieved, "sha256": sha, "bytes": len(fetched.content),
        "note": source.note, "role": "report",
        "etag": fetched.headers.get("etag"), "last_modified": fetched.headers.get("last-modified"),
        "redirects": list(fetched.redirects), "page": page, "overrides": dict(source.overrides),
        "previous": previous_versions(previous), "superseded_by": None,
        "fetched_by": f"govreports {__version__}",
        "first_retrieved": retrieved,  # kept when the same bytes are archived again
    }  # fmt: skip
    return meta


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
