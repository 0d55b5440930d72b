"""Is this page an annual report on law-based government (法治政府建设年度报告)?

The knowledge is data (``data/report_rules.yaml``): each rule family names a
genre the page belongs to instead (政府信息公开年报, a work plan or the notice
issuing it, news, an interpretation, a catalogue record …) with the one-line
reason given when a page is rejected. This module only knows where to look:

- the page's *headings*: its title and the short header lines above the body
  (a title's head noun, "关于印发…的通知", "…召开…会议");
- the *head*: the header and the first paragraphs of the body (news datelines,
  catalogue-record fields, an addressee line of a notice);
- the *opening*: the first lines of the body (a news lead "4月15日下午,").

A page that passes every rule must still name its subject (法治政府/依法行政)
in its title or opening. Patterns run on the simplified-script text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govreports.datafiles import DataFileError, data_path, load_yaml, require_keys
from govreports.parse import header
from govreports.records import NotAReport

REPORT_RULES = "report_rules.yaml"
SCOPES = ("headings", "head", "head_raw", "opening")
HEADING_MAX_CHARS = 60
HEADING_LINES = 15
# A section heading of the report's own outline (一、 （二） 3. 第四), never the page's title.
OUTLINE_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[、.．]|第[一二三四五六七八九十]{1,3}[、，,部分])")
OPENING_LEAD_CHARS = 200
CLAUSE_PUNCTUATION = re.compile(r"[，,。；;]")
NAVIGATION = re.compile(r"[>＞|｜]|位置|首页|栏目")
LABELLED = re.compile(r"^[^:：]{1,6}[:：]")  # 分类: 其他通知
# The contents of a cited document's title: 《…关于印发〈…〉的通知》 says nothing of the page's genre.
BOOK_TITLE = re.compile(r"《[^《》\n]{0,200}》")
MIN_BODY_CHARS = 100


@dataclass(frozen=True)
class Rule:
    reason: str
    patterns: dict[str, tuple[re.Pattern[str], ...]]  # scope → patterns


@functools.cache
def rules() -> tuple[tuple[Rule, ...], tuple[re.Pattern[str], ...]]:
    """The reject rules, in order, and the subject patterns a report must show."""
    data = load_yaml(REPORT_RULES)
    require_keys(REPORT_RULES, data, ["reject", "require_any"])
    parsed = []
    for entry in data["reject"]:
        if not entry.get("reason") or not any(entry.get(scope) for scope in SCOPES):
            raise DataFileError(f"{data_path(REPORT_RULES)}: each rule needs a reason and patterns")
        unknown = set(entry) - {"reason", *SCOPES}
        if unknown:
            raise DataFileError(f"{data_path(REPORT_RULES)}: unknown keys {sorted(unknown)}")
        flags = {"headings": 0, "head": re.MULTILINE, "head_raw": re.MULTILINE, "opening": re.MULTILINE}
        patterns = {scope: tuple(re.compile(p, flags[scope]) for p in entry.get(scope) or ())
                    for scope in SCOPES}  # fmt: skip
        parsed.append(Rule(entry["reason"], patterns))
    required = tuple(re.compile(p) for p in data["require_any"])
    return tuple(parsed), required


def headings(title: str | None, head: str) -> list[str]:
    """The title and the header lines that could be one.

    A labelled title (标题: …) counts; other ``label: value`` lines, breadcrumbs,
    outline headings (三、下一步工作安排) and prose (clause punctuation, over 60
    characters) do not.
    """
    found = [title.strip()] if title else []
    for line in head.splitlines()[:HEADING_LINES]:
        text = line.strip()
        fields = header.read_fields([text])
        if fields:
            found += [field.value for field in fields if field.name == "title"]
        elif 0 < len(text) <= HEADING_MAX_CHARS and not CLAUSE_PUNCTUATION.search(text) \
                and not NAVIGATION.search(text) and not LABELLED.match(text) \
                and not OUTLINE_MARKER.match(text):
            found.append(text)
    return found


def blank_book_titles(text: str) -> str:
    return BOOK_TITLE.sub("《》", text)


def genre_reason(title: str | None, head: str, opening: str) -> str | None:
    """Why the page is not a report, or None when no reject rule applies."""
    texts = {
        "headings": [blank_book_titles(line) for line in headings(title, head)],
        "head": [blank_book_titles(head)],
        "head_raw": [head],
        "opening": [opening.lstrip()[:OPENING_LEAD_CHARS]],
    }
    for rule in rules()[0]:
        for scope, patterns in rule.patterns.items():
            if any(p.search(text) for p in patterns for text in texts[scope]):
                return rule.reason
    return None


def check_is_report(title: str | None, head: str, opening: str, body: str) -> None:
    """Raise NotAReport (with its reason) for a page of another genre.

    ``head`` is the header plus the first paragraphs, ``opening`` the start of
    the body, both in simplified script; ``body`` is the whole body.
    """
    reason = genre_reason(title, head, opening)
    if reason:
        raise NotAReport(reason)
    if not any(p.search((title or "") + opening) for p in rules()[1]):
        raise NotAReport("no sign of a report on law-based government (法治政府/依法行政) in its opening")
    if len(body) < MIN_BODY_CHARS:
        raise NotAReport(f"body too short for a report ({len(body)} characters)")
