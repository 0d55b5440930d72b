"""Render a report's body as escaped HTML: outline headings with stable
anchors (``#s-2-4``) and the sentences of key figures marked (``#fig-N``).

Offsets come from ``ParsedReport.body``: a figure's ``char_start/char_end``
and the position where each section heading is found in the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from govreports.pages.html import esc
from govreports.records import Figure, ParsedReport, Section


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    ids: tuple[int, ...]  # figure ids anchored at this sentence


def section_anchor(section_id: str) -> str:
    return "s-" + section_id.replace(".", "-")


def sentence_span(body: str, fig: Figure) -> tuple[int, int]:
    """The span of the figure's sentence around its offsets (the figure if not found)."""
    sentence = fig.sentence or ""
    if sentence:
        lo = max(0, fig.char_end - len(sentence))
        at = body.find(sentence, lo, fig.char_start + len(sentence))
        if at != -1 and at <= fig.char_start and fig.char_end <= at + len(sentence):
            return at, at + len(sentence)
    return fig.char_start, fig.char_end


def marks(parsed: ParsedReport, figure_ids: set[int]) -> list[Mark]:
    """Merged, ordered sentence spans of the given figures."""
    spans = sorted(
        (*sentence_span(parsed.body, f), f.figure_id)
        for f in parsed.figures
        if f.figure_id in figure_ids and 0 <= f.char_start < f.char_end <= len(parsed.body)
    )
    merged: list[Mark] = []
    for start, end, fid in spans:
        if merged and start < merged[-1].end:
            last = merged.pop()
            merged.append(Mark(last.start, max(end, last.end), (*last.ids, fid)))
        else:
            merged.append(Mark(start, end, (fid,)))
    return merged


def heading_positions(body: str, sections: tuple[Section, ...]) -> dict[int, Section]:
    """Body offset where each section's heading starts, found in order."""
    found: dict[int, Section] = {}
    cursor = 0
    for section in sections:
        for probe in (section.number + section.heading, section.heading):
            at = body.find(probe, cursor) if probe else -1
            if at != -1:
                found[at] = section
                cursor = at + len(probe)
                break
    return found


def _inline(body: str, start: int, end: int, spans: list[Mark]) -> str:
    """Escaped text of body[start:end] with <mark> around the parts of spans."""
    out, pos = [], start
    for mark in spans:
        lo, hi = max(mark.start, start), min(mark.end, end)
        if lo >= hi:
            continue
        out.append(esc(body[pos:lo]))
        first = mark.start >= start
        ident = f' id="fig-{mark.ids[0]}"' if first else ""
        extra = "".join(f'<span id="fig-{i}"></span>' for i in mark.ids[1:]) if first else ""
        out.append(f"<mark{ident}>{extra}{esc(body[lo:hi])}</mark>")
        pos = hi
    out.append(esc(body[pos:end]))
    return "".join(out)


def _line_html(body: str, start: int, end: int, spans: list[Mark], heads: dict) -> str:
    anchors = "".join(
        f'<span id="{section_anchor(s.section_id)}"></span>'
        for at, s in heads.items()
        if start < at < end
    )
    text = anchors + _inline(body, start, end, spans)
    section = heads.get(start)
    if section is None:
        return f"<p>{text}</p>"
    tag = f"h{min(section.level + 1, 6)}"
    return f'<{tag} id="{section_anchor(section.section_id)}">{text}</{tag}>'


def fulltext_html(parsed: ParsedReport, figure_ids: set[int]) -> str:
    """The body, one block per line: headings for outline lines, else paragraphs."""
    body = parsed.body
    spans = marks(parsed, figure_ids)
    heads = heading_positions(body, parsed.sections)
    lines, start = [], 0
    for line in body.split("\n"):
        end = start + len(line)
        if line.strip():
            lines.append(_line_html(body, start, end, spans, heads))
        start = end + 1
    return "\n".join(lines)


def outline_html(sections: tuple[Section, ...]) -> str:
    """The outline as a flat list of anchor links, indented by level."""
    items = "\n".join(
        f'<li class="gr-outline-{min(s.level, 4)}"><a href="#{section_anchor(s.section_id)}">'
        f"{esc(s.number)}{esc(s.heading)}</a></li>"
        for s in sections
    )
    return f'<nav aria-label="目录"><ul class="gr-outline">\n{items}\n</ul></nav>'
