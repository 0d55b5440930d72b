"""Parse step of ``build`` on every core: files → ``Parsed`` (a report or a failure), cached.

Cache hits are read in this process; every miss is parsed in a worker
process, each of which loads jieba and the data files once. A worker runs
under the per-report limits (``ReportLimits``): its address space is capped
(``RLIMIT_AS``), so a report that needs more memory fails with
``over_memory_limit``, and a report that takes longer than the time limit has
its worker killed and replaced (``over_time_limit``). A worker that dies is
replaced too; its report fails with ``parser_error``. Either way the other
reports are parsed and published. Results come back in the order of the
input files.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from govreports.build.cache import ParseCache, Parsed, cache_key, parser_fingerprint
from govreports.pipeline import read_report_file
from govreports.records import Failure, ParsedReport, ParseError

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
Parse = Callable[[Path], ParsedReport | Failure]
READY = "ready"
MAX_FAILED_STARTS = 3  # workers dying before they are ready: something is wrong with the machine


@dataclass(frozen=True)
class ReportLimits:
    """What one report may cost; 0 turns a limit off."""

    seconds: float = 30.0  # wall-clock time of its parse
    memory_bytes: int = 2 * 1024**3  # address space of the worker parsing it
    input_bytes: int = 50 * 1024**2  # size of the file (checked before parsing)


def parse_files(
    files: list[Path], progress: Progress, *,
    cache: ParseCache | None = None, workers: int | None = None,
    limits: ReportLimits | None = None, parse: Parse | None = None,
) -> list[Parsed]:  # fmt: skip
    """``Parsed`` of every file, in the order of ``files``.

    ``parse`` replaces ``parse_one`` in the workers (tests: a slow or hungry parse).
    """
    fingerprint = parser_fingerprint() if cache else ""
    keys = [cache_key(path, fingerprint) for path in files] if cache else []
    results: list[Parsed | None] = [cache.get(k) for k in keys] if cache else [None] * len(files)
    misses = [i for i, found in enumerate(results) if found is None]
    done = len(files) - len(misses)
    progress("parse", done, len(files))
    paths = [files[i] for i in misses]
    for index, parsed in zip(misses, _parse_many(paths, workers, limits or ReportLimits(), parse), strict=True):
        results[index] = parsed
        if cache and _worth_caching(parsed):
            cache.put(keys[index], parsed)
        done += 1
        if done == len(files) or done % 100 == 0:
            progress("parse", done, len(files))
    if cache:
        cache.prune(keys)
    log.info("parse: %d cached, %d parsed", len(files) - len(misses), len(misses))
    return [item for item in results if item is not None]


def _worth_caching(parsed: Parsed) -> bool:
    """Not limits hit or crashes: a limit may be raised, a crash may not recur."""
    return not (isinstance(parsed, Failure) and parsed.code in ("over_time_limit", "over_memory_limit", "parser_error"))


def parse_one(path: Path) -> ParsedReport | Failure:
    try:
        return read_report_file(path)
    except ParseError as exc:
        return Failure(str(path), str(exc) or type(exc).__name__, exc.code)
    except MemoryError:
        raise  # the worker reports it (over_memory_limit)
    except Exception as exc:  # a parser bug must not stop a national build
        log.debug("parser bug on %s", path, exc_info=True)  # the traceback with -v only
        return Failure(str(path), f"parser error ({type(exc).__name__}: {exc})", "parser_error")


def _parse_many(paths: list[Path], workers: int | None, limits: ReportLimits,
                parse: Parse | None) -> Iterator[Parsed]:  # fmt: skip
    if not paths:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    pool = _Pool(count, limits, parse or parse_one)
    try:
        yield from pool.run(paths)
    finally:
        pool.close()


class _Worker:
    """One worker process and the task it is running (index, path, deadline)."""

    def __init__(self, context: Any, limits: ReportLimits, parse: Parse) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, parse, limits.memory_bytes), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[int, Path] | None = None
        self.deadline = float("inf")

    def give(self, index: int, path: Path, seconds: float) -> None:
        self.task = (index, path)
        self.deadline = time.monotonic() + seconds if seconds else float("inf")
        self.conn.send((index, str(path)))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class _Pool:
    """Workers with a watchdog: a task past its deadline has its worker killed and replaced."""

    def __init__(self, count: int, limits: ReportLimits, parse: Parse) -> None:
        self.context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.limits, self.parse = limits, parse
        self.failed_starts = 0
        self.workers = [self._start() for _ in range(count)]

    def _start(self) -> _Worker:
        return _Worker(self.context, self.limits, self.parse)

    def run(self, paths: list[Path]) -> Iterator[Parsed]:
        pending = deque(enumerate(paths))
        results: dict[int, Parsed] = {}
        next_out = 0
        while next_out < len(paths):
            for worker in self.workers:
                if worker.ready and worker.task is None and pending:
                    worker.give(*pending.popleft(), self.limits.seconds)
            busy = [w.deadline for w in self.workers if w.task is not None]
            timeout = max(0.0, min(busy) - time.monotonic()) if busy else None
            ready = wait([w.conn for w in self.workers], timeout)
            for index, worker in enumerate(self.workers):
                if worker.conn in ready:
                    self.workers[index] = self._receive(worker, results)
                elif worker.task is not None and time.monotonic() >= worker.deadline:
                    position, path = worker.task
                    worker.kill()
                    results[position] = Failure(
                        str(path), f"parse took longer than the time limit of {self.limits.seconds:g} s",
                        "over_time_limit",
                    )  # fmt: skip
                    self.workers[index] = self._start()
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1

    def _receive(self, worker: _Worker, results: dict[int, Parsed]) -> _Worker:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):  # the worker died
            worker.kill()
            if worker.task is not None:
                position, path = worker.task
                results[position] = Failure(
                    str(path), f"the parsing process died ({_how(worker.process.exitcode)})", "parser_error"
                )
            elif not worker.ready:
                self.failed_starts += 1
                if self.failed_starts >= MAX_FAILED_STARTS:
                    raise RuntimeError(f"parse workers die on start ({_how(worker.process.exitcode)})")
            return self._start()
        if message == READY:
            worker.ready = True
        else:
            position, parsed = message
            results[position] = parsed
            worker.task, worker.deadline = None, float("inf")
        return worker

    def close(self) -> None:
        """Ask idle workers to stop; kill whatever is still running shortly after."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for worker in self.workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            worker.kill()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _serve(conn: Connection, parse: Parse, memory_bytes: int) -> None:
    """A worker: cap the address space, warm up, then parse each path sent until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    if memory_bytes:
        _limit_memory(memory_bytes)
    try:
        _warm_up()
    except MemoryError:
        pass  # the first report will hit the limit too, and say so
    conn.send(READY)
    while True:
        task = conn.recv()
        if task is None:
            return
        position, name = task
        try:
            result: Parsed = parse(Path(name))
        except MemoryError:
            result = Failure(name, f"parse needed more than the memory limit of {memory_bytes / 2**20:.0f} MB",
                             "over_memory_limit")  # fmt: skip
            conn.send((position, result))
            return  # a fresh worker for the next report: this one's heap may be fragmented
        except Exception as exc:  # noqa: BLE001 (a test's parse, or a bug outside parse_one's net)
            result = Failure(name, f"parser error ({type(exc).__name__}: {exc})", "parser_error")
        conn.send((position, result))


def _limit_memory(limit: int) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _warm_up() -> None:
    """Load jieba (with the user dictionary and IDF table) once per worker."""
    from govreports.extract.keywords import top_keywords

    top_keywords("法治政府建设", 1)
