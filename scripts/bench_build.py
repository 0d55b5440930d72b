"""Benchmark: ``govreports build`` of N synthetic reports, cold and after adding one.

Usage: python scripts/bench_build.py [N ...] [--seed S] [--keep DIR] [--no-browser] [--no-check]
(default N = 1000 15000)

For each N: generate N + 1 synthetic reports (scripts/make_synthetic_corpus.py),
hold one back, build the N from cold, add the held-back one and build again.
Each build runs in its own process, so its peak memory (max RSS of the build
process and of its largest parse worker) is its own. Prints the wall time per
stage, peak memory, total site bytes, the largest file, bytes per report page
(median of site/region/*/*/index.html) and, in headless Chromium, the bytes
fetched and the ms until the first search result for three Chinese queries;
then each figure against the targets, and whether every download opens and
every data package validates (scripts/check_downloads.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

MB = 1024 * 1024
TARGETS = {"cold_s": 600, "rebuild_s": 180, "peak_mb": 8 * 1024, "site_mb": 1024, "file_mb": 50}
STAGES = ("parse", "package", "pages", "site", "search")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.build_only:
        return _one_build(Path(args.build_only[0]), Path(args.build_only[1]))
    results = [bench(n, args) for n in args.sizes]
    if len(results) > 1:
        _print_scaling(results)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 15000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurement")
    parser.add_argument("--no-check", action="store_true", help="skip validating the downloads")
    parser.add_argument("--build-only", nargs=2, metavar=("REPORTS", "OUT"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def bench(n: int, args: argparse.Namespace) -> dict:
    base = args.keep or Path(tempfile.mkdtemp(prefix=f"bench-build-{n}-"))
    reports, extra, out = base / f"reports-{n}", base / f"extra-{n}", base / f"out-{n}"
    for path in (reports, extra, out):
        shutil.rmtree(path, ignore_errors=True)
    print(f"\n== N = {n} ({base}) ==", flush=True)
    _generate(n, reports, extra, args.seed)
    cold = _timed_build(reports, out, "cold build")
    site = site_sizes(out / "site")
    _move_reports(extra, reports)
    again = _timed_build(reports, out, "rebuild after adding one report")
    result = {"n": n, "cold": cold, "rebuild": again, "site": site}
    _print_result(result)
    if not args.no_browser:
        print("-- search in headless Chromium …", flush=True)
        from bench_search import measure_search  # Playwright only when measuring

        _print_search(measure_search(out / "site"))
    if not args.no_check:
        print("-- downloads: validate every package, open every workbook and database …", flush=True)
        checker = ROOT / "scripts" / "check_downloads.py"
        subprocess.run([sys.executable, str(checker), str(out / "site")], check=False)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return result


def _generate(n: int, reports: Path, extra: Path, seed: int) -> None:
    script = ROOT / "scripts" / "make_synthetic_corpus.py"
    subprocess.run([sys.executable, str(script), str(n + 1), str(reports), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    held = max(p for p in reports.rglob("*") if p.suffix in (".txt", ".html"))
    target = extra / held.relative_to(reports).parent
    target.mkdir(parents=True)
    for path in (held, held.with_name(held.name + ".meta.json")):
        path.rename(target / path.name)


def _move_reports(source: Path, reports: Path) -> None:
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = reports / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)


def _timed_build(reports: Path, out: Path, label: str) -> dict:
    print(f"-- {label} …", flush=True)
    command = [sys.executable, __file__, "--build-only", str(reports), str(out)]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{label} failed:\n{done.stderr[-4000:]}")
    line = done.stdout.strip().splitlines()[-1]
    print(f"   {line}", flush=True)  # raw figures, in case a later step fails
    return json.loads(line)


def _one_build(reports: Path, out: Path) -> int:
    """Child process: build once, print stage times and peak memory as one JSON line."""
    from govreports.build.run import build

    start, spans = time.perf_counter(), {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter() - start
        spans.setdefault(stage, [now, now])[1] = now

    result = build(reports, out, synthetic=True, progress=progress)
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stages = {name: round(end - begin, 1) for name, (begin, end) in spans.items()}
    print(json.dumps({"wall_s": round(wall, 1), "stages": stages, "reports": result.reports,
                      "failures": len(result.failures), "rss_mb": round(own),
                      "worker_rss_mb": round(workers)}))  # fmt: skip
    return 0


def site_sizes(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    pages = sorted(p.stat().st_size for p in site.glob("region/*/*/index.html"))
    return {
        "files": len(files),
        "total_mb": round(sum(p.stat().st_size for p in files) / MB, 1),
        "largest": str(largest.relative_to(site)),
        "largest_mb": round(largest.stat().st_size / MB, 2),
        "report_pages": len(pages),
        "page_bytes": pages[len(pages) // 2] if pages else 0,
    }


def _print_result(r: dict) -> None:
    for label, key, target in (
        ("cold build", "cold", "cold_s"),
        ("rebuild +1", "rebuild", "rebuild_s"),
    ):
        b = r[key]
        stages = "  ".join(f"{s} {b['stages'][s]:.1f}s" for s in STAGES if s in b["stages"])
        print(
            f"{label:11} {b['wall_s']:7.1f} s  ({stages})  {_vs(b['wall_s'], TARGETS[target], 's')}"
        )
        peak = b["rss_mb"] + b["worker_rss_mb"]
        print(f"{'':11} peak RSS {b['rss_mb']} MB + largest worker {b['worker_rss_mb']} MB"
              f"  {_vs(peak, TARGETS['peak_mb'], 'MB')}  ({b['reports']} reports, {b['failures']} failures)")  # fmt: skip
    s = r["site"]
    print(
        f"site        {s['total_mb']} MB in {s['files']} files  {_vs(s['total_mb'], TARGETS['site_mb'], 'MB')}"
    )
    print(
        f"largest     {s['largest']} {s['largest_mb']} MB  {_vs(s['largest_mb'], TARGETS['file_mb'], 'MB')}"
    )
    print(f"report page {s['page_bytes']} bytes (median of {s['report_pages']})", flush=True)


def _print_search(queries: list[dict]) -> None:
    for q in queries:
        if "error" in q:
            print(f"search {q['query']}: no result ({q['error']})")
            continue
        print(f"search {q['query']}: {q['bytes_after_typing']} bytes in {q['requests_after_typing']} requests after typing "
              f"({q['bytes_total']} with the page), first result after {q['first_result_ms']} ms")  # fmt: skip


def _print_scaling(results: list[dict]) -> None:
    first, last = results[0], results[-1]
    a, b = first["site"]["page_bytes"], last["site"]["page_bytes"]
    change = (b - a) / a * 100 if a else float("nan")
    verdict = "ok" if abs(change) <= 10 else "MISSED"
    print(f"\nbytes per report page: N={first['n']} {a}, N={last['n']} {b}: {change:+.1f}% "
          f"(target ±10%: {verdict})")  # fmt: skip


def _vs(value: float, target: float, unit: str) -> str:
    return f"[target ≤ {target} {unit}: {'ok' if value <= target else 'MISSED'}]"


if __name__ == "__main__":
    sys.exit(main())
