"""Provenance sidecars: ``<report file>.meta.json`` beside an archived original.

Written by ``govreports fetch`` (or by hand for a bundled report); read at
ingest for the source URL, the maintainer's overrides (adcode, year, level)
and the synthetic flag of benchmark corpora.

``sidecar_problems`` checks a sidecar against its schema (below, in code) before
the build reads its report: a sidecar of the wrong shape or with an impossible
value keeps its report out with one line, instead of failing the build or the
package's validation later.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
OVERRIDABLE = ("adcode", "year", "level")
SIDECAR_SUFFIX = ".meta.json"
FIRST_YEAR = 2004  # 《全面推进依法行政实施纲要》: the first reports answer it
LEVELS = ("province", "city", "county", "township", "department")
ROLES = ("report", "page")
URL_FIELDS = ("source_url", "final_url")
TEXT_FIELDS = ("note", "content_type", "retrieved", "sha256", "etag", "last_modified", "fetched_by")
COUNT_FIELDS = ("http_status", "bytes")
ADCODE = re.compile(r"\d{6}|\d{9}")


@dataclass(frozen=True)
class Sidecar:
    source_url: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False
    superseded: bool = False  # fetch archived a newer version beside it
    role: str = "report"  # "page": a shell page kept as provenance of an attachment

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Sidecar:
        """The fields the pipeline uses; values of the wrong type are ignored (never raised)."""
        overrides = meta.get("overrides")
        overrides = overrides if isinstance(overrides, dict) else {}
        url = next((meta[k] for k in URL_FIELDS if isinstance(meta.get(k), str) and meta[k]), None)
        role = meta.get("role")
        return cls(
            source_url=url,
            overrides={k: overrides[k] for k in OVERRIDABLE
                       if overrides.get(k) not in (None, "") and isinstance(overrides[k], str | int)},
            synthetic=meta.get("synthetic") is True,
            superseded=bool(meta.get("superseded_by")),
            role=role if isinstance(role, str) and role else "report",
        )  # fmt: skip

    @property
    def is_report(self) -> bool:
        """False for provenance files the build must not read as reports."""
        return not self.superseded and self.role != "page"


def sidecar_path(report: Path) -> Path:
    return report.with_name(report.name + SIDECAR_SUFFIX)


def read_sidecar(report: Path) -> Sidecar:
    """The sidecar of ``report``; an empty one when it has none or it is unreadable."""
    return Sidecar.from_meta(read_meta(report) or {})


def load_meta(report: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The sidecar's JSON object (None when there is no sidecar) or why it cannot be read."""
    path = sidecar_path(report)
    if not path.is_file():
        return None, None
    try:
        meta = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        return None, f"cannot read it: {exc.strerror or exc}"
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except ValueError as exc:
        return None, f"not JSON ({exc})"
    if not isinstance(meta, dict):
        return None, f"a JSON {type(meta).__name__}, not an object"
    return meta, None


def sidecar_problems(meta: dict[str, Any], report: Path, reports_dir: Path | None = None) -> list[str]:
    """What is wrong with the sidecar ``meta`` of ``report`` (empty: nothing).

    The schema: ``source_url``/``final_url`` http(s) URLs; text and count fields
    of their type; ``synthetic`` a boolean; ``role`` report or page;
    ``overrides`` a mapping of adcode (6 or 9 digits), year (2004 … next year)
    and level (province/city/county/township/department); ``superseded_by``
    the path of an existing file, from ``reports_dir`` or from the report's folder.
    Fields not named here are provenance the build does not read.
    """
    problems: list[str] = []
    for key in URL_FIELDS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{key} is a {_kind(value)}, not a URL")
        elif value and urlsplit(value).scheme.lower() not in ("http", "https"):
            problems.append(f"{key} {_show(value)} is not an http(s) URL")
    for key in TEXT_FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            problems.append(f"{key} is a {_kind(meta[key])}, not text")
    for key in COUNT_FIELDS:
        value = meta.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(f"{key} {_show(value)} is not a count")
    if meta.get("synthetic") is not None and not isinstance(meta["synthetic"], bool):
        problems.append(f"synthetic {_show(meta['synthetic'])} is not true or false")
    if meta.get("role") is not None and meta["role"] not in ROLES:
        problems.append(f"role {_show(meta['role'])} is not one of {', '.join(ROLES)}")
    problems += _override_problems(meta.get("overrides"))
    target = meta.get("superseded_by")
    if target is not None and target != "":
        if not isinstance(target, str):
            problems.append(f"superseded_by is a {_kind(target)}, not a file name")
        elif not _names_file(target, report, reports_dir):
            problems.append(f"superseded_by {_show(target)} names no file")
    return problems


def _override_problems(overrides: Any) -> list[str]:
    if overrides is None:
        return []
    if not isinstance(overrides, dict):
        return [f"overrides is a {_kind(overrides)}, not a mapping"]
    problems = [f"unknown override {_show(k)}" for k in overrides if k not in OVERRIDABLE]
    adcode, year, level = (overrides.get(k) for k in OVERRIDABLE)
    if adcode not in (None, "") and not (isinstance(adcode, str) and ADCODE.fullmatch(adcode)):
        problems.append(f"adcode {_show(adcode)} is not 6 or 9 digits")
    if year not in (None, ""):
        last = date.today().year + 1
        number = year if isinstance(year, int) and not isinstance(year, bool) else None
        if isinstance(year, str) and year.isascii() and year.isdigit():
            number = int(year)
        if number is None or not FIRST_YEAR <= number <= last:
            problems.append(f"year {_show(year)} is not between {FIRST_YEAR} and {last}")
    if level not in (None, "") and level not in LEVELS:
        problems.append(f"level {_show(level)} is not one of {'/'.join(LEVELS)}")
    return problems


def _names_file(target: str, report: Path, reports_dir: Path | None) -> bool:
    if "\0" in target or Path(target).is_absolute():
        return False
    bases = [report.parent] + ([reports_dir] if reports_dir is not None else [])
    return any((base / target).is_file() for base in bases)


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


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
