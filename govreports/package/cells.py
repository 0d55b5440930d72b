"""CSV cells in one canonical format, for the package's CSVs and the per-report CSV.

The format is one JavaScript can reproduce from parsed JSON (the site's
downloads.js builds a report's figures CSV in the browser): empty for null,
``true``/``false``, numbers in plain decimal notation from the shortest digits
that identify the double (no exponent, no ``.0``; integers beyond 2**53 as the
nearest double, as JavaScript reads them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def csv_cell(value: Any) -> str:
    """A cell as the browser writes it from the JSON value (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) <= 2**53:
        return str(value)
    if isinstance(value, int | float):
        return plain_number(float(value))
    return str(value)


def plain_number(value: float) -> str:
    """Shortest round-trip digits of a double in positional notation: 1e-05 → 0.00001."""
    if value == 0:
        return "0"
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
