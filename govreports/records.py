"""Typed records passed between pipeline stages.

Field names of ``Report``, ``Section``, ``Figure`` and ``IndicatorValue`` are
exactly the column names of the published data package (see DATA-MODEL.md);
``as_row`` turns any of them into a plain dict for JSON/CSV output.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from govreports.issues import Issue, make_issue

Keyword = tuple[str, float]  # a word and its TF-IDF weight


@dataclass(frozen=True)
class Document:
    """A report's text after ingest: decoded, normalised, page chrome removed.

    ``text`` keeps the header lines (title, 发布时间, 文号 …) because metadata
    is read from them; ``parse`` splits header from body.
    """

    path: str
    text: str
    sha256: str
    media_type: str  # "text", "html", "pdf" or "docx"
    encoding: str | None = None
    title_hint: str | None = None  # e.g. an HTML <title> / <h1>
    source_url: str | None = None  # e.g. an HTML canonical link or a sidecar's URL
    source_site: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)  # adcode/year/level set by a maintainer
    synthetic: bool = False  # generated for benchmarks; never published


@dataclass(frozen=True)
class Report:
    report_id: str  # {body_id}-{year}
    title: str | None
    issuer: str | None  # the issuing body's name
    body_id: str  # the government's current adcode; a department or zone adds a slug
    body_kind: str  # government / department / zone
    level: str | None  # the level of the government the body belongs to: province … township
    adcode: str | None  # the division valid in the year reported on
    province: str | None
    city: str | None
    district: str | None
    township: str | None
    department: str | None  # a department's or zone's own name (司法局)
    year: int | None
    published: str | None  # ISO date
    written: str | None  # ISO date
    doc_number: str | None
    index_number: str | None
    publisher: str | None
    source_url: str | None
    source_site: str | None
    source_file: str | None
    source_sha256: str | None
    char_count: int
    section_count: int
    figure_count: int
    indicator_count: int
    parser_version: str


@dataclass(frozen=True)
class Section:
    report_id: str
    section_id: str  # dotted path, "2.4"
    parent_id: str | None
    level: int
    number: str  # marker as printed: "二、", "(四)"
    heading: str
    text: str


@dataclass(frozen=True)
class Figure:
    report_id: str
    figure_id: int  # order of appearance, from 1
    value: float | int
    unit: str
    approx: bool
    kind: str  # count / percent / money / change
    raw: str
    subject: str
    sentence: str
    section_id: str | None
    char_start: int  # offsets into the report body
    char_end: int
    indicator: str | None = None


@dataclass(frozen=True)
class IndicatorValue:
    report_id: str
    indicator: str
    value: float | int
    unit: str
    approx: bool
    figure_id: int
    sentence: str


@dataclass(frozen=True)
class ParsedDocument:
    """What the parse stage knows: metadata, body and outline (``extract`` adds the rest).

    ``report`` still has ``figure_count`` and ``indicator_count`` at 0.
    """

    report: Report
    sections: tuple[Section, ...]
    spans: tuple[SectionSpan, ...]
    body: str
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ParsedReport:
    """Everything ``govreports parse`` knows about one report."""

    report: Report
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]
    indicator_values: tuple[IndicatorValue, ...]
    body: str  # the text that section texts and figure offsets refer to
    issues: tuple[Issue, ...] = field(default=())
    keywords: tuple[Keyword, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "report": as_row(self.report),
            "sections": [as_row(s) for s in self.sections],
            "figures": [as_row(f) for f in self.figures],
            "indicator_values": [as_row(v) for v in self.indicator_values],
        }


def as_row(record: Any) -> dict[str, Any]:
    return asdict(record)


class ParseError(ValueError):
    """A report that cannot be parsed; the message is one line for the user."""

    code = "parser_error"  # its issue code (data/issue_codes.yaml)


class NotAReport(ParseError):
    """The input is readable but is not an annual report (news, 解读, template …)."""

    code = "not_a_report"


class UnreadableInput(ParseError):
    """The input cannot be turned into text (empty, binary, corrupt …)."""

    code = "unreadable_input"


class IncompleteReport(ParseError):
    """A report whose issuer or year cannot be determined."""

    code = "incomplete_report"


@dataclass(frozen=True)
class SectionSpan:
    """Where a section's own text lies in the body (internal, not published)."""

    section_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Region:
    """A division as it was in the years it is used (see ``parse.divisions``)."""

    adcode: str
    name: str
    level: str  # province / city / county / township ("country" for national bodies)
    parent: str | None  # the administrative parent's code
    province: str | None
    city: str | None
    valid_from: int | None
    valid_to: int | None  # exclusive; None while current
    successor: str | None  # the code that replaced it
    current: str | None  # the code of the same place today
    longitude: float | None
    latitude: float | None


@dataclass(frozen=True)
class Body:
    """Who issues reports: a government, or a department or zone committee of one."""

    body_id: str
    name: str
    body_kind: str  # government / department / zone
    level: str | None  # the level of the government it belongs to
    adcode: str | None  # the government's place


@dataclass(frozen=True)
class Failure:
    """A report that could not be parsed, with a one-line reason."""

    path: str
    reason: str
    code: str = "parser_error"  # issue code (data/issue_codes.yaml)

    def issue(self) -> Issue:
        return make_issue(self.code, None, evidence=f"{self.path}: {self.reason}")
