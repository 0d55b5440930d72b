"""Number normalisation: unit tests and Hypothesis round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreports.numbers import parse_number

DIGITS = "零一二三四五六七八九"
SMALL = ((1000, "千"), (100, "百"), (10, "十"))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _below_10000(n: int) -> str:
    """Chinese numeral for 1..9999, with 零 for skipped places (一百零五)."""
    out, pending_zero = "", False
    for power, name in SMALL:
        digit, n = divmod(n, power)
        if digit:
            out += ("零" if pending_zero else "") + DIGITS[digit] + name
            pending_zero = False
        elif out:
            pending_zero = True
    if n:
        out += ("零" if pending_zero else "") + DIGITS[n]
    return out


def to_chinese_numeral(n: int) -> str:
    """Standard Chinese numeral (一亿零五万, 二十三) for 0 <= n < 10**12."""
    if n == 0:
        return "零"
    parts = []
    for power, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk, n = divmod(n, power)
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_below_10000(chunk) + name)
        elif parts and n:
            parts.append("零")
    text = "".join(parts)
    while "零零" in text:
        text = text.replace("零零", "零")
    return "十" + text[2:] if text.startswith("一十") else text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,236", 1236),
        ("12,913", 12913),
        ("３５９", 359),
        ("１，２３６", 1236),
        ("４２．３３", 42.33),
        ("552.22", 552.22),
        ("1.2万", 12000),
        ("3.5亿", 350000000),
        ("17.8萬", 178000),
        ("2億", 200000000),
        ("十二", 12),
        ("十", 10),
        ("二十三", 23),
        ("一百零五", 105),
        ("两", 2),
        ("兩", 2),
        ("〇", 0),
        ("零", 0),
        ("二〇二四", 2024),
        ("三万五千", 35000),
        ("九十五点五", 95.5),
        (" 368 ", 368),
    ],
)
def test_parse_number(raw: str, expected: float) -> None:
    value = parse_number(raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("raw", ["", "abc", "万", "1.2.3", "1,23", "12a", "十万亿x", "%"])
def test_parse_number_rejects_junk(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("n", "numeral"),
    [(10, "十"), (12, "十二"), (23, "二十三"), (105, "一百零五"), (110, "一百一十"),
     (1005, "一千零五"), (100050000, "一亿零五万"), (30000, "三万")],
)
def test_to_chinese_numeral(n: int, numeral: str) -> None:
    assert to_chinese_numeral(n) == numeral


NATURALS = st.integers(min_value=0, max_value=10**9)


@given(NATURALS)
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(NATURALS)
def test_full_width_round_trip(n: int) -> None:
    assert parse_number(str(n).translate(FULL_WIDTH)) == n
    assert parse_number(f"{n:,}".translate(FULL_WIDTH).replace(",", "，")) == n


@given(NATURALS, st.sampled_from([("万", 10**4), ("萬", 10**4), ("亿", 10**8), ("億", 10**8)]))
def test_multiplier_round_trip(n: int, multiplier: tuple[str, int]) -> None:
    suffix, scale = multiplier
    mantissa = repr(n / scale)
    if "e" not in mantissa and float(mantissa) * scale == n:
        assert parse_number(mantissa + suffix) == n


@given(NATURALS)
def test_chinese_numeral_round_trip(n: int) -> None:
    assert parse_number(to_chinese_numeral(n)) == n


@given(st.text(max_size=12))
def test_parse_number_only_raises_value_error(text: str) -> None:
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, int | float)


@given(st.text(alphabet="0123456789０１２３４５６７８９,，.．万亿萬億十百千零一二两三四五六七八九点", max_size=10))
def test_parse_number_on_number_like_text(text: str) -> None:
    try:
        parse_number(text)
    except ValueError:
        pass
