"""Fuzz the read path (ingest → parse → extract) with mutated real reports.

Usage: python scripts/fuzz_parser.py [--seed N] [--count N] [--max-seconds S] [--crashes DIR]

Mutates the bundled report and ../shared/fixtures/real-pages/*.txt (when
present): insertions of digits, units, ordinals (full-width too), long runs,
hostile markup, truncations, re-encodings, and runs each input through
``govreports.pipeline.read_report`` in this process. ``records.ParseError`` is
an expected outcome; any other exception is a crash, saved with its traceback
to ``--crashes`` (default /tmp/govreports-fuzz) as a reproducer:
``python -c "from govreports.pipeline import read_report; from govreports.ingest.read import
document_from_bytes; read_report(document_from_bytes(open(F,'rb').read(), F))"``.
An input slower than ``--slow`` seconds is saved there too. Prints a progress
line every 100 inputs and a summary: inputs tried, crashes, slowest, mean time.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from govreports.ingest.read import document_from_bytes
from govreports.pipeline import read_report
from govreports.records import ParseError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "reports" / "panzhihua-dongqu-2024.txt",
           *sorted((ROOT.parent / "shared" / "fixtures" / "real-pages").glob("*.txt"))]

DIGITS = "0123456789０１２３４５６７８９"
UNITS = ["件", "人次", "万元", "亿元", "万万元", "亿万元", "%", "％", "个百分点", "场", "次", "元", "万", "亿"]
ORDINALS = ["一、", "二、", "十一、", "(一)", "（二）", "1.", "2、", "１．", "２．", "（１）", "(２)",
            "第十二", "百分之", "十二", "一百零五", "二〇二四", "٣.", "1万万", "3亿万"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p><p>", "&lt;&amp;&#x4e00;",
          "<!--", "]]>", "\x00", "\ufeff", "\u202e", "\r", "\t", "《", "》", "〈", "“", "\\", "{", "}"]
PUNCT = ["，", "。", "；", "、", "：", "\n", " ", "\u3000", ",", ".", "(", "（", ")", "）"]


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _run(rng: random.Random) -> str:
    unit = rng.choice([*DIGITS[:10], "行政复议52件，", "一", "１．", "《", "(", "万", "点", "a", "。"])
    return unit * rng.choice([10, 100, 1000, 5000, 20000])


def _number(rng: random.Random) -> str:
    body = "".join(rng.choice(DIGITS[:10]) for _ in range(rng.choice([1, 3, 15, 16, 40, 309, 4400])))
    return body + rng.choice(["", ".5", ",234", "万", "亿"]) + rng.choice(UNITS)


MUTATIONS: list[Callable[[random.Random, str], str]] = [
    lambda rng, t: _insert(rng, t, _number(rng)),
    lambda rng, t: _insert(rng, t, rng.choice(UNITS)),
    lambda rng, t: _insert(rng, t, "\n" + rng.choice(ORDINALS) + rng.choice(["标题", "", "x。正文"])),
    lambda rng, t: _insert(rng, t, rng.choice(ORDINALS)),
    lambda rng, t: _insert(rng, t, rng.choice(MARKUP)),
    lambda rng, t: _insert(rng, t, _run(rng)),
    lambda rng, t: _insert(rng, t, rng.choice(PUNCT) * rng.randint(1, 50)),
    lambda rng, t: t[:rng.randrange(len(t) + 1)],  # truncate
    lambda rng, t: t[rng.randrange(len(t) + 1):],  # lose the head
    lambda rng, t: "".join(ch for ch in t if ch not in "，。；、\n"),  # no punctuation
    lambda rng, t: t.replace("\n", rng.choice(["", "\r\n", "\n\n\n", " "])),
]
ENCODINGS = ["utf-8", "utf-8", "utf-8", "gb18030", "big5", "utf-16", "latin-1"]


def mutate(rng: random.Random, text: str) -> bytes:
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(MUTATIONS)(rng, text)
    data = text.encode(rng.choice(ENCODINGS), errors="replace")
    if rng.random() < 0.1:  # flip some bytes
        raw = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        data = bytes(raw)
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long")
    ap.add_argument("--slow", type=float, default=5.0, help="save inputs slower than this (s)")
    ap.add_argument("--crashes", type=Path, default=Path("/tmp/govreports-fuzz"))
    args = ap.parse_args()
    args.crashes.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES if p.exists()]
    read_report(document_from_bytes(texts[0].encode(), "warm-up.txt"))  # data files, jieba
    started = time.perf_counter()
    tried = crashes = rejected = 0
    total = 0.0
    slowest = (0.0, "")
    seen: set[str] = set()
    while tried < args.count and time.perf_counter() - started < args.max_seconds:
        data = mutate(rng, rng.choice(texts))
        name = f"fuzz-{args.seed}-{tried}.txt"
        tried += 1
        t0 = time.perf_counter()
        error = None
        try:
            read_report(document_from_bytes(data, name))
        except ParseError:
            rejected += 1
        except Exception:  # noqa: BLE001 - every other exception is the crash we look for
            error = traceback.format_exc()
        took = time.perf_counter() - t0
        total += took
        digest = hashlib.sha256(data).hexdigest()[:12]
        if took > slowest[0]:
            slowest = (took, f"{name} ({len(data)} bytes, sha {digest})")
        if took > args.slow:
            (args.crashes / f"slow-{digest}.txt").write_bytes(data)
        if error:
            crashes += 1
            kind = error.strip().splitlines()[-1][:200]
            if kind not in seen:  # one line per new kind of crash
                seen.add(kind)
                print(f"CRASH {name}: {kind} → {args.crashes}/crash-{digest}.txt", flush=True)
            (args.crashes / f"crash-{digest}.txt").write_bytes(data)
            (args.crashes / f"crash-{digest}.traceback").write_text(error, encoding="utf-8")
        if tried % 100 == 0:
            print(f"{tried} inputs, {crashes} crashes, {rejected} rejected, "
                  f"mean {total / tried * 1000:.1f} ms, slowest {slowest[0]:.2f} s", flush=True)
    print(f"inputs tried: {tried} (seed {args.seed}); crashes: {crashes} ({len(seen)} kinds); "
          f"rejected (ParseError): {rejected}")
    print(f"slowest: {slowest[0]:.2f} s {slowest[1]}; mean: {total / max(tried, 1) * 1000:.1f} ms per input")


if __name__ == "__main__":
    main()
