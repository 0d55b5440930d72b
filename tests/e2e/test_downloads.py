"""The report page's downloads in headless Chromium: stored gzip-compressed, saved as
the exact files (downloads.js decompresses them and builds the figures CSV)."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from govreports.build.run import BuildResult
from govreports.pages.download import figures_csv, report_json
from govreports.pipeline import read_report_file
from govreports.records import Figure, ParsedReport

from .conftest import BUNDLED
from .test_browser import REPORT

pytestmark = pytest.mark.e2e

RID = "510402-2024"


@pytest.fixture(scope="module")
def parsed(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> ParsedReport:
    """The bundled report as the e2e build parsed it (a copy without sidecar, like the build's)."""
    copy = tmp_path_factory.mktemp("bundled") / BUNDLED.name
    shutil.copy(BUNDLED, copy)
    result = read_report_file(copy)
    with (built.datapackage.parent / "data" / "reports.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["report_id"] == RID)
    return replace(result, report=replace(result.report, source_file=row["source_file"]))


def saved(page, selector: str) -> tuple[str, bytes]:
    """Click the link and return the name and bytes of the file the browser saves."""
    with page.expect_download() as info:
        page.locator(selector).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_report_downloads_are_saved_decompressed(page, server, parsed) -> None:
    assert report_json(parsed) == gzip.decompress(
        page.request.get(f"{server}{REPORT}{RID}.json.gz").body()
    ).decode("utf-8"), "the parse in this test differs from the build's"
    page.goto(server + REPORT, wait_until="load")
    expected = {
        f'article ul a[data-gr-gunzip="{RID}.json"]': (f"{RID}.json", report_json(parsed).encode()),
        "article ul a[data-gr-figures-csv]": (
            f"{RID}-figures.csv", figures_csv(parsed).encode("utf-8-sig"),
        ),
        'article ul a[data-gr-gunzip="original.txt"]': ("original.txt", BUNDLED.read_bytes()),
        '.gr-card a[data-gr-gunzip="original.txt"]': ("original.txt", BUNDLED.read_bytes()),
    }  # fmt: skip
    for selector, (name, data) in expected.items():
        assert saved(page, selector) == (name, data), selector
    assert page.locator("article").get_by_text("gzip").count() == 1  # how to open them without JS
    assert page.watch.problems == [] and page.watch.dialogs == []


def test_compressed_files_are_the_no_script_downloads(page, server, parsed) -> None:
    """Without JavaScript each link's href is a .gz of the file (the CSV link: of the JSON)."""
    page.goto(server + REPORT, wait_until="load")
    for link in page.locator("article a[data-gr-gunzip], article a[data-gr-figures-csv]").all():
        href = link.evaluate("a => a.href")
        assert href.endswith(".gz"), href
        raw = page.request.get(href).body()
        name = link.get_attribute("data-gr-gunzip") or f"{RID}.json"
        data = report_json(parsed).encode() if name.endswith(".json") else BUNDLED.read_bytes()
        assert gzip.decompress(raw) == data, href


def tricky(parsed: ParsedReport) -> ParsedReport:
    """Figures whose CSV cells are hard to write alike in Python and JavaScript: non-BMP
    characters before the offsets, floats, exponents, quotes, commas, line breaks, nulls."""
    body = '𠮷野家𩸽：受理😀案件12.5件，"引号",逗号\r\n换行1e-05；大数 2.5e21 与 -0.0。'
    rid = parsed.report.report_id
    cases = [
        ("12.5件", 12.5, None), ("1e-05", 1e-05, "indicator_x"), ("2.5e21", 2.5e21, None),
        ("-0.0", -0.0, None), ("大数", -1.5e-07, None), ("\"引号\",逗号\r\n换行", 12000.0, None),
        ("𠮷野家", 2**53 + 1, None),
    ]  # fmt: skip
    figures = []
    for i, (raw, value, indicator) in enumerate(cases, start=1):
        start = body.index(raw)
        figures.append(Figure(rid, i, value, '件,"x"\n', i % 2 == 0, "count", raw, f"主语{raw}",
                              body, None if i == 3 else f"2.{i}", start, start + len(raw),
                              indicator))  # fmt: skip
    figures.append(replace(figures[0], figure_id=len(cases) + 1, raw="不在正文", section_id="2.10"))
    return ParsedReport(parsed.report, (), tuple(figures), (), body, ())


def test_figures_csv_is_built_as_python_writes_it(page, server, parsed) -> None:
    odd = tricky(parsed)
    table = json.loads(report_json(odd))["figures"]
    raws = [row[table["fields"].index("raw")] for row in table["rows"]]
    assert None in raws and "不在正文" in raws  # raw from the body's offsets, and held as text
    body = gzip.compress(report_json(odd).encode("utf-8"))
    page.route(f"{server}{REPORT}{RID}.json.gz",
               lambda route: route.fulfill(body=body, content_type="application/gzip"))  # fmt: skip
    page.goto(server + REPORT, wait_until="load")
    name, data = saved(page, "article a[data-gr-figures-csv]")
    assert (name, data.decode("utf-8-sig")) == (f"{RID}-figures.csv", figures_csv(odd))
    assert data == figures_csv(odd).encode("utf-8-sig")
    assert page.watch.problems == []


def test_transparently_decompressed_files_are_saved_as_they_are(page, server, parsed) -> None:
    """A host may serve the .gz decompressed (Content-Encoding): the bytes are used as they are."""
    text = report_json(parsed).encode("utf-8")
    page.route(f"{server}{REPORT}{RID}.json.gz",
               lambda route: route.fulfill(body=text, content_type="application/json"))  # fmt: skip
    page.goto(server + REPORT, wait_until="load")
    assert saved(page, f'article ul a[data-gr-gunzip="{RID}.json"]') == (f"{RID}.json", text)
    csv_bytes = figures_csv(parsed).encode("utf-8-sig")
    assert saved(page, "article a[data-gr-figures-csv]") == (f"{RID}-figures.csv", csv_bytes)
