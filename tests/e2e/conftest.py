"""One site built per session from test reports, served on 127.0.0.1."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govreports.build.run import BuildResult, build
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
HOSTILE_DIR = ROOT / "tests" / "fixtures" / "hostile"
# A real page beside the repository (../shared); without it the build has no 2022 report.
OTHER_YEAR = ROOT.parent / "shared" / "fixtures" / "real-pages" / "15.txt"  # 重庆市綦江区, 2022
HAS_OTHER_YEAR = OTHER_YEAR.is_file()
REPORTS_BUILT = 3 if HAS_OTHER_YEAR else 2
needs_other_year = pytest.mark.skipif(not HAS_OTHER_YEAR, reason=f"no {OTHER_YEAR} (../shared absent): no 2022 report")
NOT_A_REPORT = "市政府召开常务会议\n会议研究了春季植树工作。\n"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    reports = tmp_path_factory.mktemp("reports")
    shutil.copy(BUNDLED, reports / BUNDLED.name)
    shutil.copytree(HOSTILE_DIR, reports / "hostile")
    if OTHER_YEAR.is_file():
        (reports / "other-year").mkdir()
        shutil.copy(OTHER_YEAR, reports / "other-year" / "qijiang-2022.txt")
    (reports / "news").mkdir()
    (reports / "news" / "not-a-report.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return build(reports, out, synthetic=True, site_url="https://example.org/govreports/")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(built: BuildResult) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built.site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no {CHROMIUM} (make test installs Debian's chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Collects what must not happen on a page: console errors, failed or foreign requests."""

    def __init__(self, page, base: str) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("requestfailed", lambda r: self.problems.append(f"failed {r.url}"))
        page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}")
        )
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route(
            re.compile(r"^(?!" + re.escape(base) + ").*"),
            lambda route: (self.problems.append(f"foreign {route.request.url}"), route.abort()),
        )


@pytest.fixture
def page(browser, server):
    """A fresh tab whose ``watch`` collects console errors, failed or foreign requests, dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.watch = Watch(tab, server)
    yield tab
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e builds a site: mark it e2e, so `make check` leaves it out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
