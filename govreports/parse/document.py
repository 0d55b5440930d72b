"""Parse a Document's text into a ParsedDocument: metadata, issuer, body and outline.

Pure functions of the document. Metadata is read from a simplified-script copy
of the text; the body and its section texts stay in the script the report was
written in (``extract`` takes figure offsets from that body).
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from govreports import PARSER_VERSION
from govreports.chinese import fold_traditional, to_simplified
from govreports.issues import Issue, make_issue
from govreports.parse import divisions, header, issuer, metadata
from govreports.parse.genre import check_is_report
from govreports.parse.outline import build_outline
from govreports.records import Document, IncompleteReport, ParsedDocument, Report

OPENING_CHARS = 1500
HEAD_CHARS = 800
SIMPLIFY_CHARS = 20_000  # characters converted phrase by phrase (OpenCC)


def parse_document(doc: Document) -> ParsedDocument:
    """Raises ``records.ParseError`` subclasses for a page that is not a publishable report."""
    lines = doc.text.splitlines()
    simple_lines = _simplified(doc.text).splitlines()
    start = header.body_start(simple_lines)
    facts = metadata.read_header(simple_lines, start, to_simplified(doc.title_hint or ""), doc.source_url)
    body = "\n".join(lines[start:]).strip("\n")
    head_text = "\n".join(simple_lines[:start])
    opening = "\n".join(simple_lines[start:])[:OPENING_CHARS]
    check_is_report(facts.title, head_text + "\n" + opening[:HEAD_CHARS], opening, body)
    labels = [facts.publisher] if facts.publisher else []
    who = issuer.identify(facts.title, head_text, opening, doc.source_url, labels, facts.doc_number)
    who = issuer.override(who, doc.overrides)
    year = int(doc.overrides.get("year") or facts.year or 0) or None
    body_id = make_body_id(who, doc.source_url)
    who = issuer.as_of(who, year)
    if year is None:
        raise IncompleteReport("cannot tell which year it reports on")
    report_id = f"{body_id}-{year}"
    outline = build_outline(body, report_id, end=signature_start(body))
    report = Report(
        report_id=report_id,
        title=facts.title,
        issuer=who.issuer,
        body_id=body_id,
        body_kind=who.body_kind,
        level=who.level,
        adcode=who.adcode,
        province=who.province,
        city=who.city,
        district=who.district,
        township=who.township,
        department=who.department,
        year=year,
        published=_iso(facts.published),
        written=_iso(facts.written),
        doc_number=facts.doc_number,
        index_number=facts.index_number,
        publisher=facts.publisher,
        source_url=doc.source_url,
        source_site=doc.source_site,
        source_file=doc.path,
        source_sha256=doc.sha256,
        char_count=len(body),
        section_count=len(outline.sections),
        figure_count=0,
        indicator_count=0,
        parser_version=PARSER_VERSION,
    )
    found = [make_issue(code, report_id, evidence=doc.source_url) for code in who.found_by]
    found += _renamed(report_id, who.adcode, body_id.split("-")[0])
    found += _issues(report) + metadata.date_issues(facts, report_id, doc.source_url)
    return ParsedDocument(report, tuple(outline.sections), tuple(outline.spans), body, tuple(found))


def _simplified(text: str) -> str:
    """Simplified script, phrase by phrase where metadata is read (the head and opening),
    character by character after (the signature date at the end needs no more): OpenCC
    reads ~100,000 characters a second, too slow for a whole huge page."""
    cut = text.find("\n", SIMPLIFY_CHARS)
    if cut == -1:
        return to_simplified(text)
    return to_simplified(text[:cut]) + fold_traditional(text[cut:])


def make_body_id(who: issuer.Issuer, source_url: str | None) -> str:
    """The government's current adcode (one series across renames), plus a pinyin-initials
    slug for a department, a zone or a township the division table lacks (``-sfj``)."""
    if who.adcode is None:
        clues = f"issuer {who.issuer!r}" if who.issuer else "no issuer named"
        raise IncompleteReport(f"cannot tell which government issued it ({clues}, no division "
                               f"named or found from the page's address {source_url or '-'})")
    if who.body_kind == "government" and who.level != "township" and who.speaks_as_township:
        raise IncompleteReport(f"a township's report (我镇/本街道) whose township is not named "
                               f"(place {who.adcode}, page {source_url or '-'})")
    if who.body_kind != "government" and not who.department:
        raise IncompleteReport(f"a department's or zone's report (我局/管委会) whose body is not named "
                               f"(place {who.adcode}, page {source_url or '-'})")
    body_id = divisions.current_code(who.adcode)
    own = who.department if who.body_kind != "government" else (
        who.township if who.township and divisions.level_of(who.adcode) != "township" else None)
    if own:
        body_id += "-" + "".join(lazy_pinyin(own, style=Style.FIRST_LETTER)).lower()
    return body_id


def signature_start(body: str) -> int | None:
    """Offset of a closing signature (issuer line + date line) ending the body."""
    lines = body.rstrip().splitlines()
    if len(lines) >= 2 and header.is_date_line(lines[-1]) and metadata.SIGNATURE_ISSUER.match(lines[-2].strip()):
        return len("\n".join(lines[:-2]))
    return None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _renamed(report_id: str, adcode: str | None, current: str) -> list[Issue]:
    if adcode is None or adcode == current:
        return []
    then, now = divisions.division(adcode), divisions.division(current)
    return [make_issue("division_renamed", report_id, evidence=f"{adcode} → {current}",
                       name=then.name if then else adcode, old_code=adcode,
                       current_name=now.name if now else current, current=current)]  # fmt: skip


MISSING_FIELD_ISSUES = {"title": "no_title", "issuer": "issuer_not_named", "published": "no_published_date"}


def _issues(report: Report) -> list[Issue]:
    found = [make_issue(code, report.report_id)
             for field, code in MISSING_FIELD_ISSUES.items() if getattr(report, field) is None]  # fmt: skip
    if report.section_count == 0:
        found.append(make_issue("no_outline", report.report_id))
    return found
