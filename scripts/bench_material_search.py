"""Benchmark: Material's built-in search on a site built by ``govreports build``.

Usage: python scripts/bench_material_search.py OUT [OUT ...]
(OUT as left by ``bench_build.py --keep DIR``: DIR/out-1000, DIR/out-15000)

The site does not use Material's search plugin (govreports/search.py says
why). To measure what it would cost, this renders OUT/build/docs again into a
temporary folder with the plugin on (``lang: zh``, which segments with jieba)
and with Material's own header, so its search box is the one on the page; then
prints the render time, the size of ``search/search_index.json`` and, in
headless Chromium (scripts/bench_search.py), the bytes fetched and the ms until
the first result for the three queries, or why there was none.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import measure_search

MB = 1024 * 1024


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__.split("\n\n")[1])
    for out in map(Path, argv):
        bench(out)
    return 0


def bench(out: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    reports = len(list((out / "site").glob("region/*/*/index.html")))
    print(f"\n== Material's search, {reports} reports ({out}) ==", flush=True)
    with tempfile.TemporaryDirectory(prefix="material-search-") as tmp:
        config_file = out / "build" / "mkdocs-material-search.yml"
        config_file.write_text(yaml.safe_dump(_with_material_search(out, Path(tmp))), "utf-8")
        start = time.perf_counter()
        mkdocs_build(load_config(str(config_file)))
        took = time.perf_counter() - start
        config_file.unlink()
        index = Path(tmp) / "search" / "search_index.json"
        print(f"render with the plugin {took:.1f} s; search_index.json {index.stat().st_size / MB:.1f} MB",
              flush=True)  # fmt: skip
        for q in measure_search(Path(tmp)):
            if "error" in q:
                print(f"search {q['query']}: no result ({q['error']})")
            else:
                print(f"search {q['query']}: {q['bytes_total']} bytes with the page (the index is fetched "
                      f"as the page loads, {q['load_ms']} ms), first result {q['first_result_ms']} ms "
                      f"after typing")  # fmt: skip


def _with_material_search(out: Path, site_dir: Path) -> dict:
    config = yaml.safe_load((out / "build" / "mkdocs.yml").read_text("utf-8"))
    config["site_dir"] = str(site_dir)
    config["plugins"] = [{"search": {"lang": "zh"}}]
    config["theme"].pop("custom_dir", None)  # Material's header, with its search box
    config["extra_javascript"] = []
    return config


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
