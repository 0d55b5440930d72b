"""The GB/T 2260 division table and finding divisions named in text.

The table is the one that ships with the ``cpca`` package (names, 6-digit
adcodes, coordinates); parents are derived from the code itself
(``510402`` → city ``510400`` → province ``510000``).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from govreports.datafiles import load_yaml
from govreports.records import Region

PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
CITY_SUFFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?族)*自治州$|地区$|盟$|市$")


@dataclass(frozen=True)
class Mention:
    """A division named in text: ``text[start:end]`` names ``adcodes``."""

    start: int
    end: int
    name: str
    adcodes: tuple[str, ...]


def level_of(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "county"


def parent_codes(adcode: str) -> tuple[str, ...]:
    """Codes of the province and city above ``adcode`` that exist in the table."""
    table = _table()
    candidates = (adcode[:2] + "0000", adcode[:4] + "00")
    return tuple(c for c in candidates if c != adcode and c in table)


@functools.cache
def _table() -> dict[str, tuple[str, float | None, float | None]]:
    """adcode → (name, longitude, latitude), placeholder rows left out."""
    raw = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    table = {}
    for row in csv.DictReader(io.StringIO(raw)):
        if row["name"] in PLACEHOLDER_NAMES:
            continue
        table[row["adcode"][:6]] = (row["name"], _number(row["longitude"]), _number(row["latitude"]))
    return table


def _number(text: str) -> float | None:
    return float(text) if text else None


def region_by_adcode(adcode: str) -> Region | None:
    """The ``regions`` row for ``adcode`` (the national pseudo-region included)."""
    issuers = load_yaml("issuers.yaml")
    if adcode == issuers["national_adcode"]:
        return Region(adcode, issuers["national_name"], "country", None, None, None, None)
    entry = _table().get(adcode)
    if entry is None:
        return None
    name, longitude, latitude = entry
    parents = {level_of(code): _table()[code][0] for code in parent_codes(adcode)}
    return Region(
        adcode=adcode,
        name=name,
        level=level_of(adcode),
        province=parents.get("province"),
        city=parents.get("city"),
        longitude=longitude,
        latitude=latitude,
    )


def short_names(adcode: str, name: str) -> list[str]:
    """Names a division also goes by: 四川 for 四川省, 攀枝花 for 攀枝花市.

    Counties keep their full name only: short county names (东, 朝阳, 公安)
    are ordinary words or clash with cities.
    """
    level = level_of(adcode)
    if level == "province":
        short = next((name[: -len(s)] for s in PROVINCE_SUFFIXES if name.endswith(s)), name)
    elif level == "city":
        short = CITY_SUFFIX.sub("", name)
    else:
        short = name
    return [short] if short != name and len(short) >= 2 else []


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    names: dict[str, list[str]] = {}
    for adcode, (name, _, _) in _table().items():
        for alias in [name, *short_names(adcode, name)]:
            names.setdefault(alias, []).append(adcode)
    automaton = ahocorasick.Automaton()
    for alias, codes in names.items():
        automaton.add_word(alias, (alias, tuple(sorted(codes))))
    automaton.make_automaton()
    return automaton


def find_mentions(text: str) -> list[Mention]:
    """Division names in ``text``, leftmost-longest, without overlaps."""
    found = sorted(
        ((end - len(alias) + 1, end + 1, alias, codes) for end, (alias, codes) in _automaton().iter(text)),
        key=lambda m: (m[0], -(m[1] - m[0])),
    )
    mentions: list[Mention] = []
    for start, end, alias, codes in found:
        if mentions and start < mentions[-1].end:
            continue
        mentions.append(Mention(start, end, alias, codes))
    return mentions


def is_within(adcode: str, ancestor: str) -> bool:
    """True when ``adcode`` is ``ancestor`` or lies inside it."""
    level = level_of(ancestor)
    prefix = {"province": 2, "city": 4, "county": 6}[level]
    return adcode[:prefix] == ancestor[:prefix]
