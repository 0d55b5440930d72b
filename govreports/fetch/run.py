"""``govreports fetch``: the rows of SOURCES.csv → archived originals in the reports folder.

Load (the rows, the unfinished run's state, the current archived versions
from their sidecars) → Process (download each row with a polite client,
several hosts at once; see ``fetch_row``) → Save (each original and its
sidecar as the row finishes, then the run state). The usual ``build`` then
reads the archived reports; see ``fetch_archive`` for the layout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from govreports.fetch.archive import Current, current_versions
from govreports.fetch.client import HttpOptions, PoliteClient
from govreports.fetch.row import fetch_one, utc_now
from govreports.fetch.state import (
    Outcome,
    RunState,
    Source,
    clear_state,
    counts,
    failure_reasons,
    load_state,
    read_sources,
    remaining,
    save_state,
    with_outcome,
)  # fmt: skip

log = logging.getLogger(__name__)

STOP_SECONDS = 1.0  # after Ctrl-C, how long rows still parsing may take to finish
OnOutcome = Callable[[Outcome], None]
Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass(frozen=True)
class FetchOptions:
    http: HttpOptions = field(default_factory=HttpOptions)
    workers: int = 4  # rows in progress at once (each host still gets at most http.per_host)


@dataclass(frozen=True)
class FetchSummary:
    outcomes: tuple[Outcome, ...]  # one per row, in SOURCES.csv order (bad rows last)
    resumed: int = 0  # rows already done by the interrupted run this one continued

    def counts(self) -> dict[str, int]:
        return counts(list(self.outcomes))

    def line(self) -> str:
        found = self.counts()
        text = (f"{len(self.outcomes)} rows: {found['new']} new, {found['changed']} changed, "
                f"{found['unchanged']} unchanged, {found['failed']} failed")  # fmt: skip
        reasons = failure_reasons(list(self.outcomes))
        if reasons:
            text += " (" + ", ".join(f"{reason}: {n}" for reason, n in reasons.items()) + ")"
        if self.resumed:
            text += f"; continued an interrupted run ({self.resumed} rows were already done)"
        return text


def fetch_sources(
    sources_csv: Path,
    reports_dir: Path,
    options: FetchOptions | None = None,
    *,
    on_outcome: OnOutcome | None = None,
    progress: Progress | None = None,
) -> FetchSummary:
    """Fetch every row; raises ``SourcesError`` only when SOURCES.csv is unusable."""
    options = options or FetchOptions()
    tell = on_outcome or (lambda outcome: None)
    sources, bad = read_sources(Path(sources_csv))
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    state = load_state(reports_dir) or RunState(utc_now())
    todo = remaining(state, sources)
    resumed = len(sources) - len(todo)
    for outcome in [*bad, *(state.done[s.url] for s in sources if s.url in state.done)]:
        tell(outcome)
    if resumed:
        log.info("continuing the run started %s: %d rows already done", state.started, resumed)
    run = _Run(reports_dir, current_versions(reports_dir), tell, progress, len(sources))
    state = run.fetch(todo, state, resumed, options)
    clear_state(reports_dir)
    return FetchSummary((*(state.done[s.url] for s in sources), *bad), resumed)


@dataclass
class _Run:
    reports_dir: Path
    current: dict[str, Current]
    tell: OnOutcome
    progress: Progress | None
    total: int

    def fetch(self, todo: list[Source], state: RunState, before: int,
              options: FetchOptions) -> RunState:  # fmt: skip
        """Rows in parallel; the state is saved after each, and also when interrupted."""
        with PoliteClient(options.http) as client:
            pool = ThreadPoolExecutor(max_workers=max(1, options.workers),
                                      thread_name_prefix="fetch")  # fmt: skip
            futures = [pool.submit(fetch_one, client, self.reports_dir, source,
                                   self.current.get(source.url)) for source in todo]  # fmt: skip
            try:
                for done, future in enumerate(as_completed(futures), start=before + 1):
                    state = self._record(state, future.result())
                    self.tell(future.result())
                    self._show(done)
            except BaseException:  # Ctrl-C: stop within a second, keep what finished
                client.stop()  # requests in flight are aborted and raise Interrupted
                pool.shutdown(wait=False, cancel_futures=True)
                wait(futures, timeout=STOP_SECONDS)
                self._record_finished(state, futures)
                raise
            pool.shutdown()
        return state

    def _record(self, state: RunState, outcome: Outcome) -> RunState:
        state = with_outcome(state, outcome)
        save_state(self.reports_dir, state)
        log.info("%s", outcome.line())
        return state

    def _record_finished(self, state: RunState, futures: list[Future[Outcome]]) -> None:
        """On an interruption, keep the rows that did finish (their files are written)."""
        for future in futures:
            finished = future.done() and not future.cancelled() and future.exception() is None
            if finished and future.result().url not in state.done:
                state = with_outcome(state, future.result())
        save_state(self.reports_dir, state)

    def _show(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)
