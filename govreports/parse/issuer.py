"""Who issued a report: the issuer's name, level and division.

The issuer is read from the title ("攀枝花市东区人民政府 关于…", "静海区2023年度…")
or, on pages without one, from the subject of the opening sentence
("2024年,…,中原区坚持…"). The division comes from names in that phrase,
else from the division names of the opening, chosen by the level the report
speaks at (全县/区政府 → county, 我局 → department). Parents come from the
division table, never from the text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from govreports.chinese import ensure_jieba
from govreports.datafiles import load_yaml
from govreports.parse import divisions as regions

ISSUERS = "issuers.yaml"
TITLE_PREFIX = re.compile(r"(?:^|(?<=[\s　]))(?P<name>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:关于|(?:19|20)\d{2}\s*年)")
OPENING_SUBJECT = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年度?(?:以来)?|今年(?:以)?来)\s*[,，]\s*"
    r"(?:(?:在|按照)[^。]{0,60}?(?:下|要求)\s*[,，]\s*)*"
    r"(?P<name>[\u4e00-\u9fff、]{2,24}?)"
    r"(?:坚持|始终|认真|深入|紧紧|紧扣|全面|围绕|以|在|持续|扎实|聚焦|立足|积极|着力|大力|不断)"
)
BOOK_TITLE = re.compile(r"《[^《》]*》")
DEPARTMENT_REFERENCE = re.compile(r"(?P<name>[省市区县][\u4e00-\u9fff]{1,10}?(?:厅|局|委员会))")


@dataclass(frozen=True)
class Issuer:
    issuer: str | None
    level: str | None
    adcode: str | None
    province: str | None
    city: str | None
    district: str | None
    department: str | None


@functools.cache
def _data() -> dict:
    return load_yaml(ISSUERS)


def identify(title: str | None, head: str, opening: str) -> Issuer:
    """The issuer from simplified-script ``title``, ``head`` (header lines) and ``opening``."""
    named = _named_issuer(title, opening)
    department = _department_of(named)
    if named and department and _is_national(named):
        adcode = _data()["national_adcode"]
    else:
        adcode = _division(named, opening, head, "department" if department else level_cue(opening))
    if department and department.startswith("我"):
        named, department = _department_from_text(opening, adcode)
    return _assemble(named, department, adcode, head)


def _named_issuer(title: str | None, opening: str) -> str | None:
    for pattern, text in ((TITLE_PREFIX, title or ""), (OPENING_SUBJECT, opening)):
        match = pattern.search(text)
        if match:
            return match["name"].strip()
    return None


def _department_of(named: str | None) -> str | None:
    """The department part of an issuer name ("市场监管局"), or None for a government."""
    if not named:
        return None
    core = named.split("、")[0]
    rest = _strip_divisions(core)
    if rest in ("", "委", "党委") or rest.endswith(tuple(_data()["government_suffixes"])):
        return None
    return rest if rest.endswith(tuple(_data()["department_suffixes"])) else None


def _strip_divisions(name: str) -> str:
    """``name`` without its leading division names, or its leading 省/市/区/县."""
    end = 0
    for mention in regions.find_mentions(name):
        if mention.start != end:
            break
        end = mention.end
    if end:
        return name[end:]
    return name[1:] if name[:1] in ("省", "市", "区", "县") else name


def _is_national(named: str) -> bool:
    """A ministry (司法部) or a national body, named without any division."""
    if regions.find_mentions(named) or named[:1] in ("省", "市", "区", "县", "我"):
        return False
    return named.endswith("部") or named.startswith(tuple(_data()["national_prefixes"]))


def level_cue(opening: str) -> str | None:
    """The level a report speaks at, from its self-references (全县, 我局 …)."""
    counts: Counter[str] = Counter()
    for level, cues in _data()["level_cues"].items():
        counts[level] = sum(opening.count(cue) for cue in cues)
    level, count = counts.most_common(1)[0]
    return level if count else None


def _division(named: str | None, opening: str, head: str, cue: str | None) -> str | None:
    """The adcode of the issuing division (the department's division for a department)."""
    if named:
        adcode = _deepest(regions.find_mentions(named), context=head + opening)
        if adcode:
            return adcode
        if named.startswith(("省", "市", "区", "县")):
            cue = {"省": "province", "市": "city"}.get(named[0], "county")
    mentions = _running_mentions(opening)
    wanted = [m for m in mentions if _levels(m) & _wanted_levels(cue)]
    return _most_named(wanted or mentions, context=head + opening)


def _wanted_levels(cue: str | None) -> set[str]:
    if cue is None or cue == "department":
        return {"province", "city", "county"}
    return {cue}


def _levels(mention: regions.Mention) -> set[str]:
    return {regions.level_of(code) for code in mention.adcodes}


def _running_mentions(text: str) -> list[regions.Mention]:
    """Division names in running text: not inside 《titles》, not generic, whole words."""
    generic = set(_data()["generic_names"])
    plain = BOOK_TITLE.sub(lambda m: "※" * len(m.group()), text)
    mentions = [m for m in regions.find_mentions(plain) if m.name not in generic]
    return [m for m in mentions if _is_whole_word(plain, m)]


def _is_whole_word(text: str, mention: regions.Mention) -> bool:
    """False when jieba starts a word before the name (范县 in 示范县).

    Only the start is checked: jieba often joins a name's last character to
    what follows (中共/平利/县委).
    """
    window_start = max(0, mention.start - 6)
    window = text[window_start : mention.end + 6]
    boundaries, offset = {0}, 0
    for token in ensure_jieba().cut(window, HMM=False):
        offset += len(token)
        boundaries.add(offset)
    return mention.start - window_start in boundaries


def _deepest(mentions: list[regions.Mention], context: str) -> str | None:
    """The deepest division named, consistent with the others named beside it."""
    codes = [_disambiguate(m.adcodes, mentions, context) for m in mentions]
    codes = [c for c in codes if all(regions.is_within(c, o) or regions.is_within(o, c) for o in codes)]
    depth = {"province": 0, "city": 1, "county": 2}
    return max(codes, key=lambda c: depth[regions.level_of(c)], default=None)


def _most_named(mentions: list[regions.Mention], context: str) -> str | None:
    if not mentions:
        return None
    counts = Counter(m.name for m in mentions)
    best = max(mentions, key=lambda m: (counts[m.name], -m.start))
    return _disambiguate(best.adcodes, mentions, context)


def _disambiguate(codes: tuple[str, ...], mentions: list[regions.Mention], context: str) -> str:
    """Among same-named divisions, the one whose parents the text also names."""
    if len(codes) == 1:
        return codes[0]
    named = {c for m in regions.find_mentions(context) for c in m.adcodes} | {
        c for m in mentions for c in m.adcodes
    }
    return max(codes, key=lambda c: (sum(p in named for p in regions.parent_codes(c)), c))


def _department_from_text(opening: str, adcode: str | None) -> tuple[str | None, str | None]:
    """For a report that calls itself 我局/我厅: the department's name elsewhere in the text."""
    match = DEPARTMENT_REFERENCE.search(BOOK_TITLE.sub("", opening))
    if not match:
        return None, None
    name = match["name"]
    return name, _department_of(name)


def _assemble(named: str | None, department: str | None, adcode: str | None, head: str) -> Issuer:
    region = regions.region_by_adcode(adcode) if adcode else None
    if region is None:
        return Issuer(named if department else None, "department" if department else None,
                      None, None, None, None, department)
    province = region.province or (region.name if region.level == "province" else None)
    city = region.city or (region.name if region.level == "city" else None)
    district = region.name if region.level == "county" else None
    if region.level == "country":
        province = city = None
    name = _department_name(region, department) if department else _government_name(region, named, head)
    level = "department" if department else region.level
    return Issuer(name, level, region.adcode, province, city, district, department)


def _department_name(region, department: str) -> str:
    if region.level == "country":
        return department
    return region.name + department


def _government_name(region, named: str | None, head: str) -> str:
    """``…人民政府`` as written in the title or the page banner, else built from the name.

    Only division names may precede the government's own name, so that
    "中共平利县委平利县人民政府" gives "平利县人民政府".
    """
    parents = "".join(f"(?:{re.escape(p)})?" for p in (region.province, region.city) if p)
    own = re.escape(region.name)
    pattern = re.compile(parents + own + "人民政府")
    written = [m.group() for m in pattern.finditer(head + "\n" + (named or ""))]
    if written:
        return max(written, key=len)
    prefix = named.split("、")[0] if named else ""
    if prefix and re.fullmatch(parents + own, prefix):
        return prefix + "人民政府"
    return region.name + "人民政府"


def override(who: Issuer, overrides: dict) -> Issuer:
    """``who`` with a maintainer's adcode and level (from a sidecar) taking precedence."""
    adcode, level = overrides.get("adcode"), overrides.get("level")
    if adcode:
        adcode = str(adcode)[:6].ljust(6, "0")
        department = who.department if level in (None, "department") else None
        named = who.issuer if adcode == who.adcode else None
        who = _assemble(named, department, adcode, "")
    if level and level != who.level:
        department = who.department if level == "department" else None
        who = replace(who, level=level, department=department)
    return who
