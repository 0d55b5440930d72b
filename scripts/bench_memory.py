"""Benchmark: peak memory of reading one report, per input format, each in a fresh process.

Usage: python scripts/bench_memory.py [FILE ...]
(default: the largest fixture of each format in tests/fixtures/formats/)

Each file is read (ingest → parse → extract, as ``govreports parse`` does) in
a new Python process, which prints its peak RSS: ``VmHWM`` from
/proc/self/status where there is one, else ``resource.getrusage``'s
ru_maxrss (which on Linux keeps the parent's high-water mark across
fork/vfork + exec, so a child of a large process reports the parent's peak).
The fixed cost (interpreter, libraries, jieba, the division table, the
format's own tables such as pdfminer's CJK CMaps) is the peak on an
empty-ish report of the same format (the bundled report's first lines); the
target is that a file costs less than 10 × its size on top of that.
Exit status 1 if one does not.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"
SUFFIXES = (".txt", ".html", ".pdf", ".docx")
FACTOR = 10
BUNDLED = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
TINY_LINES = 12  # the bundled report's title, header and first section: read like any report

CHILD = """
import resource, sys
from govreports.chinese import ensure_jieba
from govreports.parse import divisions
from govreports.pipeline import read_report_file
from govreports.records import ParseError
ensure_jieba()  # the fixed cost, whatever the input: jieba's dictionary and the division table
divisions.current_code("510402")
try:
    read_report_file(sys.argv[1])
    outcome = "read"
except ParseError as error:
    outcome = "refused: " + str(error)
try:
    status = open("/proc/self/status").read()
    print(int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:"))) * 1024)
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # Linux: KiB
print(outcome)
"""


def tiny_file(folder: Path, suffix: str) -> Path:
    """An empty-ish report in the format ``suffix``: the bundled report's first lines."""
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()[:TINY_LINES]
    path = folder / f"tiny{suffix}"
    if suffix == ".html":
        body = "".join(f"<p>{line}</p>" for line in lines[1:])
        path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{lines[0]}"
                        f"</title></head><body><h1>{lines[0]}</h1>{body}</body></html>",
                        encoding="utf-8")  # fmt: skip
    elif suffix == ".docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    elif suffix == ".pdf":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen.canvas import Canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        canvas = Canvas(str(path))
        canvas.setFont("STSong-Light", 9)
        y = 800
        for line in lines:
            for start in range(0, len(line), 50):
                canvas.drawString(40, y, line[start:start + 50])
                y -= 12
        canvas.save()
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def largest_fixtures() -> list[Path]:
    found = []
    for suffix in SUFFIXES:
        files = sorted(FORMATS.glob("*" + suffix), key=lambda path: path.stat().st_size)
        if files:
            found.append(files[-1])
    return found


def peak(path: Path) -> tuple[int, str]:
    """Peak RSS in bytes of a fresh process reading ``path``, and what became of it."""
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True)  # fmt: skip
    rss, outcome = result.stdout.splitlines()[-2:]
    return int(rss), outcome


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:7.2f} MB"


def main(argv: list[str]) -> int:
    files = [Path(arg) for arg in argv] or largest_fixtures()
    print(f"{'input':28} {'size':>10} {'peak RSS':>10} {'fixed':>10} {'over fixed':>10} "
          f"{'ratio':>6}  outcome")  # fmt: skip
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        fixed: dict[str, int] = {}
        for path in files:
            suffix = path.suffix.lower()
            if suffix not in fixed:
                fixed[suffix], tiny_outcome = peak(tiny_file(Path(folder), suffix))
                if tiny_outcome != "read":
                    print(f"tiny{suffix}: {tiny_outcome}")
            size = path.stat().st_size
            used, outcome = peak(path)
            over = max(used - fixed[suffix], 0)
            worst = max(worst, over / size)
            print(f"{path.name:28} {mb(size)} {mb(used)} {mb(fixed[suffix])} {mb(over)} "
                  f"{over / size:5.1f}×  {outcome}")  # fmt: skip
    print(f"target: peak ≤ fixed + {FACTOR} × size; worst {worst:.1f}× "
          f"({'ok' if worst <= FACTOR else 'OVER'})")
    return 0 if worst <= FACTOR else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
