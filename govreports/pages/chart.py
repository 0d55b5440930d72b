"""Small inline SVG charts (no JS, no CDN), accessible via <title>/<desc>."""

from __future__ import annotations

from collections.abc import Sequence

from govreports.pages.html import esc, number

BAR_HEIGHT = 18
LABEL_WIDTH = 150
PLOT_WIDTH = 300


def bar_chart(title: str, bars: Sequence[tuple[str, float]], unit: str, ident: str) -> str:
    """Horizontal bars, one per (label, value); the table next to it has the data."""
    if not bars:
        return ""
    top = max(abs(value) for _, value in bars) or 1
    height = BAR_HEIGHT * len(bars) + 4
    rows = "".join(_bar(i, label, value, top, unit) for i, (label, value) in enumerate(bars))
    width = LABEL_WIDTH + PLOT_WIDTH + 90
    desc = "；".join(f"{label} {number(value)}{unit}" for label, value in bars)
    return (
        f'<svg class="gr-chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(desc)}</desc>'
        f"{rows}</svg>"
    )


def _bar(i: int, label: str, value: float, top: float, unit: str) -> str:
    y = i * BAR_HEIGHT + 2
    w = max(1.0, PLOT_WIDTH * abs(value) / top)
    return (
        f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{esc(label)}</text>'
        f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{w:.1f}" height="{BAR_HEIGHT - 5}"></rect>'
        f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + 13}">{esc(number(value))}{esc(unit)}</text>'
    )


def sparkline(title: str, points: Sequence[tuple[int, float]]) -> str:
    """A tiny line of values over years, for a table cell; none for a single year."""
    if len(points) < 2:
        return ""
    years = [year for year, _ in points]
    values = [value for _, value in points]
    lo, hi = min(values), max(values)
    span_x, span_y = (max(years) - min(years)) or 1, (hi - lo) or 1
    coords = [
        (4 + 72 * (year - min(years)) / span_x, 20 - 16 * (value - lo) / span_y)
        for year, value in points
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"></circle>' for x, y in coords)
    return (
        f'<svg class="gr-spark" role="img" viewBox="0 0 80 24" width="80" height="24" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
        f'<polyline points="{path}" fill="none"></polyline>{dots}</svg>'
    )
