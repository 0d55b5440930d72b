"""Data-quality issues as data: a typed finding with a code from ``data/issue_codes.yaml``.

Stages collect ``Issue`` records instead of strings; the build publishes them as
the ``issues`` resource and the site's quality page is generated from it. The
message is Chinese (it is shown on the site); ``evidence`` carries the text,
URL or values that support the finding.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from govreports.datafiles import DataFileError, data_path, load_yaml

ISSUE_CODES = "issue_codes.yaml"
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str  # info / warning / error
    report_id: str | None  # None for a finding about an input that was not published
    field: str | None
    message: str
    evidence: str | None


@functools.cache
def issue_codes() -> dict[str, dict[str, str]]:
    """code → {title, severity, field, message, meaning}, validated."""
    codes = load_yaml(ISSUE_CODES)
    if not isinstance(codes, dict):
        raise DataFileError(f"{data_path(ISSUE_CODES)}: expected a mapping of codes")
    for code, spec in codes.items():
        if not isinstance(spec, dict) or spec.get("severity") not in SEVERITIES \
                or not all(spec.get(key) for key in ("title", "message", "meaning")):
            raise DataFileError(f"{data_path(ISSUE_CODES)}: {code}: needs a severity, title, message and meaning")
    return codes


def make_issue(code: str, report_id: str | None, evidence: str | None = None, **details: Any) -> Issue:
    """The issue ``code`` (a KeyError for an unknown code: codes are data)."""
    spec = issue_codes()[code]
    message = spec["message"].format(**details)
    return Issue(code, spec["severity"], report_id, spec.get("field"), message, evidence)
