"""One report through the stages that read it: ingest → parse → extract.

``govreports parse``, the build's workers, ``fetch`` (which checks that what it
downloads is a report) and the evaluation script all read a report through
here, so they agree on what a file yields.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from govreports.extract.report import extract_report
from govreports.ingest.read import document_from_bytes, read_document
from govreports.parse.document import parse_document
from govreports.records import Document, IncompleteReport, ParsedReport, ParseError

log = logging.getLogger(__name__)


def read_report(doc: Document) -> ParsedReport:
    """Parse and extract one document; raises ``records.ParseError`` subclasses."""
    return extract_report(parse_document(doc))


def read_report_file(path: str | Path) -> ParsedReport:
    """Read, parse and extract one report file; raises ``records.ParseError`` subclasses."""
    return read_report(read_document(path))


@dataclass(frozen=True)
class Verdict:
    """What the parser says about a file."""

    is_report: bool
    reason: str | None = None  # why not; or, for a report, what it lacks
    chars: int = 0  # length of the report's text

    @property
    def warning(self) -> str | None:
        return self.reason if self.is_report else None


def check_report(data: bytes, name: str) -> Verdict:
    """Parse ``data``; a report without issuer or year is still a report (with a warning)."""
    try:
        parsed = parse_document(document_from_bytes(data, name))
    except IncompleteReport as exc:
        return Verdict(True, f"incomplete report: {exc}")
    except ParseError as exc:
        return Verdict(False, str(exc) or type(exc).__name__)
    except Exception as exc:  # a parser bug: say so, do not guess
        log.exception("parser bug while checking %s", name)
        return Verdict(False, f"parser error ({type(exc).__name__})")
    return Verdict(True, chars=parsed.report.char_count)
