"""Benchmark: parse + extract throughput on one core.

Usage: python scripts/bench_parse.py [N]   (default N = 1000)

Parses N report variants made from the bundled report and the real pages in
../shared/fixtures/real-pages (every figure's digits shuffled, so no two inputs
are the same text), in one process. jieba and the data files are loaded once,
before timing, as in a build. Prints reports per second and peak memory.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

from govreports.chinese import ensure_jieba
from govreports.ingest.read import document_from_bytes
from govreports.pipeline import read_report
from govreports.records import ParseError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "reports" / "panzhihua-dongqu-2024.txt",
           *sorted((ROOT.parent / "shared" / "fixtures" / "real-pages").glob("*.txt"))]


def variant(text: str, rng: random.Random) -> str:
    """``text`` with the digits of every run of 3+ digits shuffled."""
    def shuffle(run: str) -> str:
        digits = list(run)
        rng.shuffle(digits)
        return "".join(digits)

    out, run = [], ""
    for char in text + "\0":
        if char.isdigit():
            run += char
            continue
        out.append(shuffle(run) if len(run) >= 3 and not run.startswith(("19", "20")) else run)
        run = ""
        out.append(char)
    return "".join(out[:-1])


def run(label: str, inputs: list[bytes]) -> None:
    """Parse ``inputs`` in this process and print throughput."""
    started = time.perf_counter()
    parsed = rejected = figures = 0
    for index, data in enumerate(inputs):
        try:
            report = read_report(document_from_bytes(data, f"variant-{index}.txt"))
        except ParseError:
            rejected += 1
            continue
        parsed += 1
        figures += len(report.figures)
    elapsed = time.perf_counter() - started
    size = sum(len(data) for data in inputs) / len(inputs) / 1024
    print(f"{label}: {len(inputs)} inputs of {size:.1f} KB on average; parsed {parsed}, "
          f"rejected {rejected}, {figures} figures; {elapsed:.2f} s; "
          f"{len(inputs) / elapsed:.1f} reports/s")


def main(count: int) -> None:
    rng = random.Random(2024)
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    started = time.perf_counter()
    ensure_jieba()
    read_report(document_from_bytes(texts[0].encode("utf-8"), "warm-up.txt"))
    print(f"warm-up (data files, division table, jieba): {time.perf_counter() - started:.2f} s")
    run("full report (bundled, 18 KB)", [variant(texts[0], rng).encode() for _ in range(count)])
    run("mixed (bundled + real-page excerpts; the 2 look-alikes are rejected by design)",
        [variant(texts[i % len(texts)], rng).encode() for i in range(count)])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB (max RSS of the process)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
