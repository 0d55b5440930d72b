"""The ``govreports`` command: a thin layer over the pipeline stages.

Every command has help with an example. User mistakes and bad reports end
in one line naming the file and the problem, never a traceback.
"""


from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from govreports import __version__
from govreports.records import ParseError

EXIT_CODES = """exit codes:
  0    everything asked for succeeded
  1    the output could not be written (disk full, read-only …); nothing was published
  2    bad usage or unusable input (no such folder, a report that cannot be parsed)
  3    build: some inputs were rejected (one line each); the others were published
  4    build: another build is writing the output folder (see --wait)
  130  interrupted"""

EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_BAD_INPUT, EXIT_PARTIAL, EXIT_BUSY = 0, 1, 2, 3, 4
PARSE_HELP = """Parse one report and print its rows as JSON: keys report, sections,
figures and indicator_values, with the column names of the data package.

example:
  govreports parse reports/panzhihua-dongqu-2024.txt
"""
BUILD_HELP = f"""Parse every report under --reports, write the Frictionless data package
to --out and render the static site into OUT/site.

Each report is parsed in a worker process within limits (--time-limit,
--memory-limit, --max-input-mb); a report over a limit, a file that cannot be
read, a sidecar (.meta.json) that fails its schema or a link leading out of
--reports is left out with one line naming it, and the others are published.
One build at a time writes OUT (a lock); the package and the site are
swapped in together at the end, so a failed build leaves the previous ones.

example:
  govreports build --reports reports --out .

{EXIT_CODES}
"""
FETCH_HELP = """Download each report listed in SOURCES.csv (columns url,adcode,year,level,note)
and archive the original under --reports with a .meta.json provenance sidecar.
A changed report is kept as a new version beside the old one; an unchanged one
is not downloaded again. An interrupted run continues when run again. Prints
one line per failed or changed row and a summary line.

example:
  govreports fetch sources.csv --reports reports
"""
SEARCH_HELP = """Search a built site's index from the terminal, as the search box does: the
reports containing every pair of adjacent characters of QUERY, best first.
Prints one line per report: score, URL and title (tab-separated).

example:
  govreports search 出庭应诉率 --site site --year 2024 --limit 5
"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("govreports: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (govreports parse … | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__.splitlines()[0],
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"govreports {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details of each stage")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    parse = _command(commands, "parse", PARSE_HELP, run_parse)
    parse.add_argument("file", type=Path, help="a report: .txt, .html/.htm, .pdf or .docx")
    build = _command(commands, "build", BUILD_HELP, run_build)
    build.add_argument("--reports", type=Path, default=Path("reports"), help="folder of reports (default: reports)")
    build.add_argument("--out", type=Path, default=Path("."), help="output folder (default: .)")
    build.add_argument("--site-url", default=None, help="public URL of the site, for links and feeds")
    build.add_argument("--synthetic", action="store_true", help="mark every page as synthetic data")
    build.add_argument("--time-limit", type=float, default=30.0, metavar="SECONDS",
                       help="longest parse of one report (default: 30; 0 = none)")
    build.add_argument("--memory-limit", type=float, default=2048.0, metavar="MB",
                       help="memory of the process parsing one report (default: 2048; 0 = none)")
    build.add_argument("--max-input-mb", type=float, default=50.0, metavar="MB",
                       help="largest report file read (default: 50; 0 = none)")
    build.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                       help="how long to wait for another build of OUT to finish (default: 60)")
    fetch = _command(commands, "fetch", FETCH_HELP, run_fetch)
    fetch.add_argument("sources", type=Path, help="CSV of report URLs (header url,adcode,year,level,note)")
    fetch.add_argument("--reports", type=Path, default=Path("reports"), help="archive folder (default: reports)")
    fetch.add_argument("--timeout", type=float, default=30.0, help="seconds per connect/read (default: 30)")
    fetch.add_argument("--retries", type=int, default=3, help="retries after 5xx or network errors (default: 3)")
    fetch.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default: 1)")
    fetch.add_argument("--max-mb", type=float, default=50.0, help="largest file to download, in MB (default: 50)")
    fetch.add_argument("--workers", type=int, default=4, help="rows fetched at once (default: 4)")
    fetch.add_argument("--allow-private-hosts", action="store_true",
                       help="let URLs and redirects reach loopback/private addresses (tests, intranets)")
    search = _command(commands, "search", SEARCH_HELP, run_search)
    search.add_argument("query", help="two or more characters, e.g. 行政复议")
    search.add_argument("--site", type=Path, default=Path("site"), help="built site (default: site)")
    search.add_argument("--limit", type=int, default=20, help="reports to print (default: 20; 0 = all)")
    for facet in ("province", "year", "level", "kind"):
        search.add_argument(f"--{facet}", help=f"only reports with this {facet} (as in the site's filter: "
                                               "省级/市级/县级/乡级, 政府/部门/园区)")
    return parser


def _command(commands, name: str, help_text: str, run) -> argparse.ArgumentParser:
    command = commands.add_parser(
        name, help=help_text.splitlines()[0], description=help_text,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("-v", "--verbose", action="store_true", help="log details of each stage")
    command.set_defaults(run=run)
    return command


def run_parse(args: argparse.Namespace) -> int:
    from govreports.pipeline import read_report_file

    try:
        parsed = read_report_file(args.file)
    except ParseError as error:
        return _fail(f"{args.file}: {error}")
    except OSError as error:
        return _fail(f"{args.file}: {error.strerror or error}")
    json.dump(parsed.as_json(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from govreports.build.parallel import ReportLimits
    from govreports.build.run import OutputBusy, OutputError, build

    if not args.reports.is_dir():
        return _fail(f"{args.reports}: not a folder of reports")
    if args.out.exists() and not args.out.is_dir():
        return _fail(f"{args.out}: not a folder (--out)")
    if min(args.time_limit, args.memory_limit, args.max_input_mb, args.wait) < 0:
        return _fail("limits and --wait must not be negative")
    limits = ReportLimits(seconds=args.time_limit, memory_bytes=int(args.memory_limit * 2**20),
                          input_bytes=int(args.max_input_mb * 2**20))
    try:
        result = build(args.reports, args.out, synthetic=args.synthetic, site_url=args.site_url,
                       progress=_progress_printer(), limits=limits, wait=args.wait)
    except OutputBusy as error:
        print(f"govreports: {error}", file=sys.stderr)
        return EXIT_BUSY
    except OutputError as error:
        print(f"govreports: {error}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    for failure in result.failures:
        print(f"govreports: {failure.path}: {failure.reason}", file=sys.stderr)
    print(f"built {result.reports} reports ({len(result.failures)} not published), "
          f"{result.pages} pages: {result.site_dir}", file=sys.stderr)
    return EXIT_PARTIAL if result.failures else EXIT_OK


def run_fetch(args: argparse.Namespace) -> int:
    from govreports.fetch.client import HttpOptions
    from govreports.fetch.run import FetchOptions, fetch_sources
    from govreports.fetch.state import SourcesError

    http = HttpOptions(timeout=args.timeout, retries=args.retries, delay=args.delay,
                       max_bytes=int(args.max_mb * 1024 * 1024),
                       allow_private=args.allow_private_hosts)
    show = _progress_printer()
    try:
        summary = fetch_sources(
            args.sources, args.reports, FetchOptions(http=http, workers=args.workers),
            on_outcome=_print_outcome, progress=show and (lambda done, total: show("fetch", done, total)),
        )
    except SourcesError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        print("\ngovreports: fetch interrupted; run the same command again to continue",
              file=sys.stderr)
        return 130
    print(f"fetched {summary.line()}", file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace) -> int:
    from govreports.site.search import FACETS, OUTPUT, search

    index = args.site / OUTPUT
    if not (index / "index.json").is_file():
        return _fail(f"{args.site}: no search index (build the site with govreports build)")
    filters = {name: getattr(args, name) for name in FACETS if getattr(args, name)}
    hits = search(index, args.query, filters)
    for hit in hits[: args.limit or None]:
        print(f"{hit.score:.3f}\t{hit.url}\t{hit.title}")
    print(f"{len(hits)} reports", file=sys.stderr)
    return 0


def _print_outcome(outcome) -> None:
    if outcome.status in ("failed", "changed") or outcome.reason:
        prefix = "govreports: " if outcome.status == "failed" else ""
        clear = "\r\x1b[K" if sys.stderr.isatty() else ""
        print(f"{clear}{prefix}{outcome.line()}", file=sys.stderr)


def _progress_printer():
    """Progress on one terminal line (stderr), only when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _fail(message: str) -> int:
    print(f"govreports: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
