"""The committed dataset (datapackage.json, data/*.csv) is what the build makes of reports/."""

from __future__ import annotations

import pytest

from govreports.build.run import build
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("published")
    build(ROOT / "reports", out)
    return out


def test_committed_dataset_is_up_to_date(rebuilt):
    committed = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").glob("*.csv"))
    fresh = sorted(p.relative_to(rebuilt).as_posix() for p in (rebuilt / "data").glob("*.csv"))
    assert committed == fresh
    for name in ["datapackage.json", *committed]:
        assert (ROOT / name).read_bytes() == (rebuilt / name).read_bytes(), f"{name} is stale: run make site"
