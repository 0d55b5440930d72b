"""What a page's own web address says about who published it.

Government sites are named after their division: its full pinyin
(``www.mayang.gov.cn`` → 麻阳苗族自治县), its initials (``www.lst.gov.cn`` →
冷水滩区), with the initials of its province or city in front
(``www.cqfd.gov.cn`` → 丰都县 under 重庆), or a county's path on its city's host
(``admin.yzcity.gov.cn/nyx/`` → 宁远县 under 永州市). A department's sub-domain
names the department (``sfj.fuzhou.gov.cn`` → 司法局 of 福州市 or 抚州市).

Keys come from the division table (``divisions.pinyin_keys``), so a new
county needs no new data; ``hosts.yaml`` holds only what cannot be derived.
Pinyin keys are ambiguous (fuzhou is 福州 and 抚州): the caller confirms a
candidate with the names in the text, or publishes it flagged as found from
the host alone. A host outside the government domains (a mirror, a repost)
says nothing.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from govreports.datafiles import load_yaml
from govreports.parse import divisions

HOSTS = "hosts.yaml"
LABEL = re.compile(r"^[a-z]{2,24}$")
PLACE_LEVELS = ("province", "city", "county")
OLDEST_SITE_YEAR = 2000  # a division ended since then may still have its own site
PATH_SEGMENTS = 8  # path segments looked at for a county's place under its city's or province's host


@dataclass(frozen=True)
class HostClue:
    """What a government address names: a department now, its places when asked.

    The place index (every division's pinyin keys) takes a second or two to
    build, so it is built only for a report whose text leaves its place open.
    """

    host: str
    labels: tuple[str, ...]  # naming host labels, innermost first (sfj, fuzhou)
    segments: tuple[str, ...]  # path segments that may name a county
    department: str | None

    @functools.cached_property
    def places(self) -> tuple[tuple[str, ...], ...]:
        """Candidate codes per naming label or path segment, most specific first."""
        named = [label for label in reversed(self.labels) if label not in _departments()]
        places = _narrowed([codes for label in named if (codes := _place_codes(label))])
        path_places = [codes for s in self.segments[:PATH_SEGMENTS]
                       if (codes := _inside(_place_codes(s), places))]  # fmt: skip
        return tuple(reversed(_containing(places + path_places[:1])))

    def candidates(self) -> tuple[str, ...]:
        return tuple(code for codes in self.places for code in codes)


def read_host(url: str | None) -> HostClue | None:
    """The clue of a government page's ``url``; None for other sites and bad URLs."""
    parts = _split(url)
    if parts is None:
        return None
    host, labels, segments = parts
    department = next((d for label in labels + segments[:3] if (d := _department_of(label))), None)
    return HostClue(host, tuple(labels), tuple(segments), department)


def _split(url: str | None) -> tuple[str, list[str], list[str]] | None:
    """(host, its naming labels, path segments) of a government URL."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    domain = next((d for d in _data()["government_domains"] if host.endswith("." + d)), None)
    if domain is None:
        return None
    generic = set(_data()["generic_labels"])
    labels = [label for label in host[: -len(domain) - 1].split(".") if label not in generic]
    segments = [s.lower() for s in parts.path.split("/") if s and "." not in s]
    segments = [s for s in segments if s not in generic and LABEL.match(s) and len(s) >= 3]
    return host, [label for label in labels if LABEL.match(label)], segments


def _department_of(label: str) -> str | None:
    """The department a host label or path segment names: sfj, or a prefixed swlhmzj (…mzj)."""
    departments = _departments()
    if label in departments:
        return departments[label]
    ends = [key for key in departments if len(key) >= 3 and label.endswith(key) and len(label) > len(key)]
    return departments[max(ends, key=len)] if ends else None


def _place_codes(label: str) -> tuple[str, ...]:
    """Divisions whose pinyin key is ``label`` (also with a trailing ``city``/``gov`` dropped);
    a key in everyday readings first, then in the place-name readings of polyphones."""
    for usual_only in (True, False):
        index = _place_index(usual_only)
        for key in (label, label.removesuffix("city"), label.removesuffix("gov")):
            if key in index:
                return index[key]
    return ()


def _narrowed(places: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Host labels from the broadest (gov.cn's left neighbour) inwards, each kept
    within the one before it when that is possible (cq … fd)."""
    narrowed: list[tuple[str, ...]] = []
    for codes in places:
        if narrowed:
            inside = _inside(codes, narrowed)
            codes = inside or codes
        narrowed.append(codes)
    return narrowed


def _containing(chain: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each level's candidates kept to those containing a candidate of the next level."""
    kept = list(chain)
    for i in range(len(kept) - 2, -1, -1):
        inner = kept[i + 1]
        outer = tuple(c for c in kept[i] if any(divisions.is_within(n, c) for n in inner))
        kept[i] = outer or kept[i]
    return kept


def _inside(codes: tuple[str, ...], outer: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The codes lying inside a division of ``outer`` (and not equal to it)."""
    parents = {code for codes in outer for code in codes}
    return tuple(c for c in codes if c not in parents and any(divisions.is_within(c, p) for p in parents))


@functools.cache
def _place_index(usual_only: bool) -> dict[str, tuple[str, ...]]:
    """Pinyin key → codes of the divisions (county level and above, since 2000) it may name."""
    index: dict[str, set[str]] = defaultdict(set)
    for division in divisions.divisions_since(OLDEST_SITE_YEAR, PLACE_LEVELS):
        for key in divisions.pinyin_keys(division, usual_only):
            if len(key) >= 2:
                index[key].add(division.code)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}


@functools.cache
def _departments() -> dict[str, str]:
    """Sub-domain → department name: initials of the names listed, then the abbreviations."""
    from pypinyin import Style, lazy_pinyin  # slow import, needed only here

    found: dict[str, str] = {}
    for name in _data()["department_names"]:
        for form in {name, re.sub("局$", "厅", name), re.sub("委员会$", "委", name)}:
            key = "".join(lazy_pinyin(form, style=Style.FIRST_LETTER)).lower()
            found.setdefault(key, form)
    found.update(_data()["department_abbreviations"])
    return found


@functools.cache
def _data() -> dict:
    return load_yaml(HOSTS)
