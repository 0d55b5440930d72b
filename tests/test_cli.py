"""The ``govreports`` command as a user runs it: output, help, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govreports.datafiles import load_yaml
from tests.conftest import BUNDLED_REPORT, REAL_PAGES, real_page

RESOURCES = {"report": "reports", "sections": "sections", "figures": "figures",
             "indicator_values": "indicator_values"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govreports", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def schema_fields(resource: str) -> list[str]:
    return [field["name"] for field in load_yaml("schema.yaml")["resources"][resource]["fields"]]


def test_parse_prints_the_rows_with_the_data_package_field_names():
    result = run("parse", str(BUNDLED_REPORT))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert list(output) == list(RESOURCES)
    assert list(output["report"]) == schema_fields("reports")
    for key in ("sections", "figures", "indicator_values"):
        assert output[key], key
        assert list(output[key][0]) == schema_fields(RESOURCES[key])


@pytest.mark.parametrize("command", ["parse", "build", "fetch", "search"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "example:" in result.stdout and f"govreports {command}" in result.stdout


def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "folder").mkdir()
    return {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "image": tmp_path / "image.png",
        "truncated pdf": tmp_path / "broken.pdf",
        "corrupt docx": tmp_path / "broken.docx",
        "missing": tmp_path / "missing.txt",
        "a folder": tmp_path / "folder",
    } | ({"news": REAL_PAGES / "46.txt", "template": REAL_PAGES / "44.txt"} if REAL_PAGES.is_dir() else {})


def test_bad_input_gives_one_line_naming_the_file(tmp_path):
    for case, path in bad_inputs(tmp_path).items():
        result = run("parse", str(path))
        assert result.returncode != 0, case
        assert "Traceback" not in result.stderr, case
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"govreports: {path}: "), (case, result.stderr)
        assert result.stdout == "", case


def test_rejections_say_why():
    assert "news" in run("parse", str(real_page("46.txt"))).stderr
    assert "template" in run("parse", str(real_page("44.txt"))).stderr


def test_search_prints_the_reports_found_best_first(tmp_path):
    from govreports.site.search import SearchDoc, index_search

    docs = [SearchDoc(f"region/{code}/2024/", f"{code}报告", f"{code} 2024 年度", "x.json.gz", text,
                      ("四川省", "2024", "县级", "政府")) for code, text in
            (("510402", "行政复议案件52件，行政复议。"), ("510403", "行政复议案件3件。"), ("510411", "无关"))]  # fmt: skip
    index_search(tmp_path / "site", docs)
    result = run("search", "复议", "--site", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[1:] for line in lines] == [["region/510402/2024/", "510402报告"],
                                            ["region/510403/2024/", "510403报告"]]  # fmt: skip
    assert result.stderr.strip() == "2 reports"
    assert run("search", "复议", "--site", str(tmp_path / "site"), "--year", "2023").stdout == ""


def test_search_without_an_index_says_so_in_one_line(tmp_path):
    result = run("search", "复议", "--site", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"govreports: {tmp_path}: no search index (build the site with govreports build)"]


def test_a_reader_that_stops_early_is_no_error():
    """``govreports parse … | head``: the closed pipe ends the command quietly."""
    parse = subprocess.Popen([sys.executable, "-m", "govreports", "parse", str(BUNDLED_REPORT)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert parse.stdout is not None and parse.stdout.read(10)
    parse.stdout.close()
    _, stderr = parse.communicate()
    assert parse.returncode == 0 and b"Traceback" not in stderr


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"]])
def test_help_documents_the_exit_codes(args):
    result = run(*args)
    assert result.returncode == 0
    for line in ("0    everything", "1    the output", "2    bad usage", "3    build: some inputs", "4    build: another"):
        assert line in result.stdout, line


def test_build_of_a_missing_folder_is_bad_usage(tmp_path):
    result = run("build", "--reports", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
