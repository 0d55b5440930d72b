"""What the build reads as reports: provenance files and synthetic data are left out."""

from __future__ import annotations

import json

from govreports.build.inputs import SYNTHETIC_REFUSED, collect_files, parse_all
from tests.conftest import BUNDLED_REPORT


def put(folder, name, sidecar=None):
    path = folder / name
    path.write_bytes(BUNDLED_REPORT.read_bytes())
    if sidecar is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def test_superseded_versions_and_shell_pages_are_not_reports(tmp_path):
    current = put(tmp_path, "current.txt", {"source_url": "https://a.gov.cn/r"})
    put(tmp_path, "old.txt", {"superseded_by": "current.txt"})
    put(tmp_path, "shell.html", {"role": "page"})
    (tmp_path / ".pages").mkdir()
    put(tmp_path / ".pages", "hidden.html")
    assert collect_files(tmp_path) == [current]


def test_synthetic_reports_only_enter_synthetic_builds(tmp_path):
    path = put(tmp_path, "synthetic.txt", {"synthetic": True})
    parsed, failures = parse_all([path], lambda *args: None)
    assert parsed == [] and [f.reason for f in failures] == [SYNTHETIC_REFUSED]
    parsed, failures = parse_all([path], lambda *args: None, synthetic=True)
    assert len(parsed) == 1 and failures == []
