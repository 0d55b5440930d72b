"""Reuse of a report's page and downloads from the previous build's docs dir.

A report's files depend only on its ``ParsedReport``, the labels of its
indicators, its archived original and the page code; :func:`report_key`
hashes these. ``write_pages`` keeps the keys in :data:`KEYS` (a dotfile, so
MkDocs does not publish it) and hard-links the files of a report whose key is
unchanged instead of generating them again. Nothing writes to a linked file
afterwards (the staged docs are only read), so the previous build is untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from functools import cache
from pathlib import Path

from govreports.fsutil import package_fingerprint
from govreports.pages import urls
from govreports.pages.corpus import Corpus
from govreports.records import ParsedReport

KEYS = ".report-pages.json"  # url → key of the report files written under that url


@cache
def code_key() -> str:
    """Hash of the page generators' source: a change to them regenerates every page."""
    return package_fingerprint(Path(__file__).parent)


def report_key(parsed: ParsedReport, corpus: Corpus) -> str:
    digest = hashlib.sha256(code_key().encode())
    digest.update(pickle.dumps(parsed, protocol=5))
    labels = {v.indicator: corpus.indicator_rows.get(v.indicator, {}).get("label_zh")
              for v in parsed.indicator_values}  # fmt: skip
    digest.update(json.dumps(labels, sort_keys=True).encode())
    source = corpus.originals.get(parsed.report.report_id)
    if source is not None and source.is_file():
        stat = source.stat()
        digest.update(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def read_keys(docs_dir: Path | None) -> dict[str, str]:
    try:
        return json.loads((docs_dir / KEYS).read_text(encoding="utf-8")) if docs_dir else {}
    except (OSError, ValueError):
        return {}


def write_keys(docs_dir: Path, keys: dict[str, str]) -> None:
    text = json.dumps(keys, sort_keys=True, separators=(",", ":"))
    (docs_dir / KEYS).write_text(text, encoding="utf-8")


def link_if_same(old: Path, new: Path, data: bytes) -> bool:
    """Link ``old`` to ``new`` if it holds ``data``; False (nothing done) otherwise."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
    except OSError:
        return False
    _link(old, new)
    return True


def _link(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def reuse(previous: Path, docs_dir: Path, url: str) -> bool:
    """Link the previous files of the report at ``url`` into ``docs_dir``; False if absent."""
    source, target = previous / url, docs_dir / url
    names = [p.name for p in source.iterdir() if p.is_file()] if source.is_dir() else []
    if urls.md_path("") not in names:
        return False
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        _link(source / name, target / name)
    return True
