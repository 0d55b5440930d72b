"""Benchmark: parse + extract throughput on one core.

Usage: python scripts/bench_parse.py [N]   (default N = 2000)

Parses N report variants made from the bundled report and the real pages in
tests/fixtures/real-pages (every figure's digits shuffled, so no two inputs
are the same text), in one process. jieba and the data files are loaded once,
before timing, as in a build. Prints reports per second and peak memory.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

from govreports.ingest import document_from_bytes
from govreports.parse import parse_document
from govreports.records import ParseError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "reports" / "panzhihua-dongqu-2024.txt",
           *sorted((ROOT / "tests" / "fixtures" / "real-pages").glob("*.txt"))]


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


def main(count: int) -> None:
    rng = random.Random(2024)
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    inputs = [variant(texts[i % len(texts)], rng).encode("utf-8") for i in range(count)]
    started = time.perf_counter()
    parse_document(document_from_bytes(texts[0].encode("utf-8"), "warm-up.txt"))
    warm_up = time.perf_counter() - started

    started = time.perf_counter()
    parsed = rejected = figures = 0
    for index, data in enumerate(inputs):
        try:
            report = parse_document(document_from_bytes(data, f"variant-{index}.txt"))
        except ParseError:
            rejected += 1
            continue
        parsed += 1
        figures += len(report.figures)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(data) for data in inputs)
    print(f"inputs            {count} ({chars / count / 1024:.1f} KB each on average)")
    print(f"parsed / rejected {parsed} / {rejected} (the 2 look-alike pages are rejected by design)")
    print(f"figures           {figures}")
    print(f"warm-up           {warm_up:.2f} s (data files, division table, jieba)")
    print(f"elapsed           {elapsed:.2f} s on one core")
    print(f"throughput        {count / elapsed:.1f} reports/s")
    print(f"peak memory       {peak_mb:.0f} MB (max RSS)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
