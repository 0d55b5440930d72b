"""Normalise numbers as written in reports.

``parse_number`` reads Arabic numbers (``1,236``, full-width ``３５９``, ``1.2万``,
``3.5亿``, ``萬``/``億``) and Chinese numerals (``十二``, ``一百零五``, ``两``,
``二〇二四``). The multiplier and numeral tables live in ``data/units.yaml``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from govreports.datafiles import DataFileError, load_yaml, require_keys

DATA_FILE = "units.yaml"
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


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
    match = _ARABIC.fullmatch(text)
    if match:
        value = Decimal(match["int"].replace(",", "") + (match["frac"] or ""))
        for char in match["mult"]:
            value *= MULTIPLIERS[char]
        return tidy(value)
    return tidy(_parse_chinese(text))


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
