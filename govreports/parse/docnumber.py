"""What a report's 文号 says about its issuer: 攀东府〔2025〕9号 is 攀(枝花市)东(区) 府.

A county government's 文号 starts with the first character of its city and
its own first character (攀东), a municipality's district with its own first
two characters (北碚府发 → 重庆市北碚区), then the kind of document (府, 府发,
政办发 …: data in ``issuers.yaml``). Keys are derived from the division table;
a key several counties share names none of them.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from govreports.datafiles import load_yaml
from govreports.parse import divisions
from govreports.parse.header import HAN

PREFIX = re.compile(rf"^\s*(?P<prefix>[{HAN}]{{2,10}}?)\s*[〔\[［(（【]\s*(?:19|20)\d{{2}}")


def doc_number_county(doc_number: str | None) -> str | None:
    """The one county government whose 文号 prefix this is, or None."""
    match = PREFIX.match(doc_number or "")
    if not match:
        return None
    place = _without_kind(match["prefix"])
    codes = _index().get(place, ()) if len(place) == 2 else ()
    return codes[0] if len(codes) == 1 else None


def _without_kind(prefix: str) -> str:
    for kind in sorted(load_yaml("issuers.yaml")["doc_number_kinds"], key=len, reverse=True):
        if prefix.endswith(kind) and len(prefix) > len(kind):
            return prefix[: -len(kind)]
    return prefix


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """Two-character key (city's first + county's first; a municipality's district: its
    own first two) → current county codes."""
    index: dict[str, set[str]] = defaultdict(set)
    for county in divisions.current_divisions(("county",)):
        city = next((p for p in divisions.parents(county.code) if p.level == "city"), None)
        index[city.name[0] + county.name[0] if city else county.name[:2]].add(county.code)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}
