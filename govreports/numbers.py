"""Normalise numbers as written in reports.

``parse_number`` reads Arabic numbers (``1,236``, full-width ``３５９``, ``1.2万``,
``3.5亿``, ``萬``/``億``) and Chinese numerals (``十二``, ``一百零五``, ``两``,
``二〇二四``). The multiplier and numeral tables live in ``data/units.yaml``.

Hostile input (report text is untrusted):

- A number too long to be a quantity is not a number: more than
  ``MAX_SIGNIFICANT_DIGITS`` (15) digits, or a value of ``MAX_QUANTITY`` (10^15)
  or more after multipliers, raises ValueError like any other non-number.
  So every value returned fits a double exactly, serialises to JSON and formats
  on a page (Python refuses int→str over 4,300 digits; float() overflows past
  ~1e308). Callers that scan text (``extract.figure_rules``) bound their
  number patterns to the same lengths, so a 100 KB run of digits costs linear
  time and yields no figure.
- Patterns here are applied only to one short token (``fullmatch``), never
  scanned over report text; the token is length-checked first.
"""

from __future__ import annotations

import re
from decimal import Decimal

from govreports.datafiles import DataFileError, load_yaml, require_keys

DATA_FILE = "units.yaml"
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
MAX_SIGNIFICANT_DIGITS = 15  # a double holds 15 significant decimal digits exactly
MAX_QUANTITY = 10**15  # no count or sum in a report comes near this
MAX_TOKEN_CHARS = 40  # longer than any number as written: 999,999,999,999,999.999亿


def _tables() -> dict:
    data = load_yaml(DATA_FILE)
    keys = ["multipliers", "chinese_digits", "chinese_small_powers", "chinese_big_powers"]
    require_keys(DATA_FILE, data, keys + ["chinese_decimal_point"])
    for key in keys:
        if not all(isinstance(v, int) for v in data[key].values()):
            raise DataFileError(f"{DATA_FILE}: {key} values must be integers")
    return data


_DATA = _tables()
MULTIPLIERS: dict[str, int] = dict(_DATA["multipliers"])
DIGITS: dict[str, int] = dict(_DATA["chinese_digits"])
SMALL_POWERS: dict[str, int] = dict(_DATA["chinese_small_powers"])
BIG_POWERS: dict[str, int] = dict(_DATA["chinese_big_powers"])
DECIMAL_POINT: str = _DATA["chinese_decimal_point"]
CHINESE_CHARS = "".join({**DIGITS, **SMALL_POWERS, **BIG_POWERS})

_ARABIC = re.compile(
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?"
    rf"(?P<mult>[{''.join(MULTIPLIERS)}]*)"
)


def fold_width(text: str) -> str:
    """Full-width digits, point and comma to ASCII."""
    return text.translate(FULL_WIDTH)


def tidy(value: Decimal) -> float | int:
    """An int when integral, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_number(raw: str) -> float | int:
    """The value of a number as written; ValueError if ``raw`` is not one."""
    text = fold_width(raw.strip())
    if len(text) > MAX_TOKEN_CHARS:
        raise ValueError(f"too long to be a quantity: {text[:20]!r}… ({len(text)} characters)")
    match = _ARABIC.fullmatch(text)
    if match:
        digits = (match["int"].replace(",", "") + (match["frac"] or "")[1:]).strip("0")
        if len(digits) > MAX_SIGNIFICANT_DIGITS:
            raise ValueError(f"too many digits to be a quantity: {text!r}")
        value = Decimal(match["int"].replace(",", "") + (match["frac"] or ""))
        for char in match["mult"]:
            value *= MULTIPLIERS[char]
        return _quantity(value, text)
    return _quantity(_parse_chinese(text), text)


def _quantity(value: Decimal, text: str) -> float | int:
    if abs(value) >= MAX_QUANTITY:
        raise ValueError(f"too large to be a quantity: {text!r}")
    return tidy(value)


def _parse_chinese(text: str) -> Decimal:
    integer, _, fraction = text.partition(DECIMAL_POINT)
    if not integer or any(ch not in CHINESE_CHARS for ch in integer):
        raise ValueError(f"not a number: {text!r}")
    value = Decimal(_chinese_integer(integer))
    if DECIMAL_POINT in text:
        if not fraction or any(ch not in DIGITS for ch in fraction):
            raise ValueError(f"not a number: {text!r}")
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in fraction))
    return value


def _chinese_integer(text: str) -> int:
    if all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))  # 二〇二四
    total = section = 0
    digit: int | None = None
    last_big = 0
    for ch in text:
        if ch in DIGITS:
            if digit:  # two non-zero digits in a row (三四) is not a number
                raise ValueError(f"not a number: {text!r}")
            digit = DIGITS[ch]
        elif ch in SMALL_POWERS:
            section += (1 if digit is None else digit) * SMALL_POWERS[ch]
            digit = None
        else:
            chunk = section + (digit or 0)
            if not chunk:
                raise ValueError(f"not a number: {text!r}")
            power = BIG_POWERS[ch]
            total = (total + chunk) * power if power > last_big else total + chunk * power
            last_big = max(last_big, power)
            section, digit = 0, None
    return total + section + (digit or 0)
