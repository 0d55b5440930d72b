"""Provenance sidecars: ``<report file>.meta.json`` beside an archived original.

Written by ``govreports fetch`` (or by hand for a bundled report); read at
ingest for the source URL, the maintainer's overrides (adcode, year, level)
and the synthetic flag of benchmark corpora.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
OVERRIDABLE = ("adcode", "year", "level")
SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class Sidecar:
    source_url: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False
    superseded: bool = False  # fetch archived a newer version beside it
    role: str = "report"  # "page": a shell page kept as provenance of an attachment

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Sidecar:
        overrides = meta.get("overrides") or {}
        return cls(
            source_url=meta.get("source_url") or meta.get("final_url") or None,
            overrides={k: overrides[k] for k in OVERRIDABLE if overrides.get(k) not in (None, "")},
            synthetic=meta.get("synthetic") is True,
            superseded=bool(meta.get("superseded_by")),
            role=meta.get("role") or "report",
        )

    @property
    def is_report(self) -> bool:
        """False for provenance files the build must not read as reports."""
        return not self.superseded and self.role != "page"


def sidecar_path(report: Path) -> Path:
    return report.with_name(report.name + SIDECAR_SUFFIX)


def read_sidecar(report: Path) -> Sidecar:
    """The sidecar of ``report``; an empty one when it has none or it is unreadable."""
    return Sidecar.from_meta(read_meta(report) or {})


def read_meta(report: Path) -> dict[str, Any] | None:
    """The JSON object in the sidecar of ``report``; None (and a warning if it is
    there but unreadable) when there is none."""
    path = sidecar_path(report)
    if not path.is_file():
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: ignoring unreadable sidecar: %s", path, exc)
        return None
    if not isinstance(meta, dict):
        log.warning("%s: ignoring sidecar that is not a JSON object", path)
        return None
    return meta
