"""SOURCES.csv rows, row outcomes and the resumable run state.

The state of an unfinished run is ``DIR/.fetch-state.json`` (written
atomically after every row): the outcome of each row already done. A run
started while that file exists continues it, skipping those rows; a run that
gets to the end removes it. Transitions are pure functions on ``RunState``.
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from govreports.fsutil import atomic_write_text

log = logging.getLogger(__name__)

STATE_FILE = ".fetch-state.json"
COLUMNS = ("url", "adcode", "year", "level", "note")
OVERRIDES = ("adcode", "year", "level")
LEVELS = {"province", "city", "county", "department"}
OUTCOMES = ("new", "changed", "unchanged", "failed")


class SourcesError(ValueError):
    """SOURCES.csv cannot be used at all (missing, no url column); one line."""


@dataclass(frozen=True)
class Source:
    line: int  # line number in SOURCES.csv, for messages
    url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    url: str
    status: str  # one of OUTCOMES
    path: str | None = None  # archived file, relative to the reports folder
    reason: str | None = None  # why it failed, or a warning about what was archived
    previous: str | None = None  # the version it replaced ("changed")

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.url}: {self.reason}"
        detail = f" (was {self.previous})" if self.previous else ""
        warning = f"; warning: {self.reason}" if self.reason else ""
        return f"{self.status}: {self.url} → {self.path}{detail}{warning}"


def read_sources(path: Path) -> tuple[list[Source], list[Outcome]]:
    """Rows to fetch, and a failed outcome for each unusable row (bad year, duplicate …)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourcesError(f"{path}: cannot read: {exc}") from None
    if "url" not in header:
        raise SourcesError(f"{path}: no 'url' column (header: {','.join(COLUMNS)})")
    sources, bad, seen = [], [], set()
    for number, row in rows:
        source = _source(number, {(k or "").strip(): (v or "").strip() for k, v in row.items()})
        if isinstance(source, Outcome):
            bad.append(source)
        elif source is not None and source.url in seen:
            log.warning("%s:%d: %s is listed again; ignored", path, number, source.url)
        elif source is not None:
            seen.add(source.url)
            sources.append(source)
    return sources, bad


def _source(number: int, row: dict[str, str]) -> Source | Outcome | None:
    url = row.get("url", "")
    if not url or url.startswith("#"):
        return None
    overrides: dict[str, Any] = {k: row[k] for k in OVERRIDES if row.get(k)}
    problem = _row_problem(url, overrides)
    if problem:
        return Outcome(url, "failed", reason=f"bad row (line {number}): {problem}")
    if "year" in overrides:
        overrides["year"] = int(overrides["year"])
    return Source(number, url, overrides, row.get("note") or None)


def _row_problem(url: str, overrides: dict[str, str]) -> str | None:
    adcode, year, level = (overrides.get(k) for k in OVERRIDES)
    if not url.lower().startswith(("http://", "https://")):
        return "not an http(s) URL"
    if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
        return f"bad year {year!r}"
    if adcode and not (adcode.isdigit() and len(adcode) in (2, 4, 6, 9, 12)):
        return f"bad adcode {adcode!r}"
    if level and level not in LEVELS:
        return f"level must be one of {', '.join(sorted(LEVELS))}"
    return None


@dataclass(frozen=True)
class RunState:
    started: str  # UTC ISO time of the run this state belongs to
    done: dict[str, Outcome] = field(default_factory=dict)  # url → outcome


def with_outcome(state: RunState, outcome: Outcome) -> RunState:
    return replace(state, done={**state.done, outcome.url: outcome})


def remaining(state: RunState, sources: list[Source]) -> list[Source]:
    return [source for source in sources if source.url not in state.done]


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    found = Counter(outcome.status for outcome in outcomes)
    return {status: found.get(status, 0) for status in OUTCOMES}


def failure_reasons(outcomes: list[Outcome]) -> dict[str, int]:
    """Failures grouped by the reason's first clause ("HTTP 404 Not Found", "timeout" …)."""
    reasons = Counter(
        (o.reason or "unknown").split(":")[0].split(" (")[0] for o in outcomes
        if o.status == "failed"
    )
    return dict(reasons.most_common())


def load_state(reports_dir: Path) -> RunState | None:
    path = reports_dir / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        done = {url: Outcome(**item) for url, item in data["done"].items()}
        return RunState(data["started"], done)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s: unreadable, starting a new run: %s", path, exc)
        return None


def save_state(reports_dir: Path, state: RunState) -> None:
    data = {"started": state.started, "done": {url: asdict(o) for url, o in state.done.items()}}
    atomic_write_text(reports_dir / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1))


def clear_state(reports_dir: Path) -> None:
    (reports_dir / STATE_FILE).unlink(missing_ok=True)
