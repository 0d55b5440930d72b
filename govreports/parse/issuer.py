"""Who issued a report: the body (a government, or a department or zone of one) and its place.

Clues, in order of trust, each recorded with how it was found:
1. the issuer's name as written: the title's prefix ("攀枝花市东区人民政府关于…"),
   a name line above the title, a cover letter's 《…》, the opening's subject
   ("2024年,中原区坚持…") and the 发布机构/来源 label;
2. self-references (我县, 全镇, 我局, 县委、县政府): the level the report speaks at;
3. divisions named in the running text, at that level (never higher), leaving
   out stock phrases (总书记考察X重要讲话), the addressee line (which names the
   parent) and 《cited titles》 — those come last;
4. the page's own government web address (``hosts``): a place named by the host
   is confirmed by the text where possible, else published as found from the
   host alone (issue ``issuer_from_host``).

Parents and full names come from the division table, never from the text.
Nothing is guessed: without a place, ``identify`` returns no adcode and the
caller rejects the report with the clues it found.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from govreports.chinese import ensure_jieba
from govreports.datafiles import load_yaml
from govreports.parse import divisions, docnumber, hosts
from govreports.parse.divisions import Mention
from govreports.parse.header import HAN

ISSUERS = "issuers.yaml"
TITLE_PREFIX = re.compile(
    rf"(?:^|(?<=[\s　]))(?P<name>[{HAN}（）()、]{{2,40}}?)\s*(?:关于|(?:19|20)\d{{2}}\s*年)"
)
TITLE_INFIX = re.compile(
    rf"^\s*(?:19|20)\d{{2}}\s*年度?\s*(?P<name>[{HAN}（）()、]{{2,40}}?)\s*(?:法治政府|依法行政|法治建设|推进法治)"
)
REPORTED_AS = re.compile(rf"现将(?P<name>[{HAN}（）()]{{2,30}}?)(?:关于)?(?:(?:19|20)\d{{2}}\s*年|法治政府)")
OPENING_SUBJECT = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年度?(?:以来)?|今年(?:以)?来|一年来)\s*[,，]\s*"
    r"(?:(?:在|按照)[^。]{0,60}?(?:下|要求)\s*[,，]\s*)*"
    rf"(?P<name>[{HAN}、]{{2,30}}?)"
    r"(?:坚持|始终|认真|深入|紧紧|紧扣|全面|围绕|以|在|持续|扎实|聚焦|立足|积极|着力|大力|不断|把|将|深化|高度)",
    re.MULTILINE,
)
COVER_LETTER = re.compile(rf"(?:报送|附件[:：]?\s*|拟就了?)《(?P<name>[{HAN}（）()]{{2,40}}?)(?:关于|(?:19|20)\d{{2}}\s*年)")
BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")
ADDRESSEE = re.compile(rf"^\s*(?P<to>[{HAN}、，,（）() ]{{2,60}})[:：]\s*$", re.MULTILINE)
DEPARTMENT_REFERENCE = re.compile(rf"(?P<name>[省市区县][{HAN}]{{1,12}}?(?:厅|局|委员会|委))")
CLAUSE_SUBJECT = re.compile(
    rf"[,，:：]\s*(?P<name>[省市区县][{HAN}]{{1,12}}?(?:局|厅|委员会|办公室))"
    r"(?:认真|坚持|始终|深入|全面|紧紧|围绕|结合|对照|按照|聚焦|持续|扎实|积极)"
)
SUBJECT_CHARS = 800  # paragraphs looked at for the opening's subject
PRONOUN = re.compile(r"^[我本该全]")
JOINT_PARTY = re.compile(rf"^中共[{HAN}]{{2,30}}?(?:委员会|工委|党委|党组)(?=[{HAN}]{{4}})")
TOWNSHIP_BODY = re.compile(rf"(?P<township>[{HAN}]{{2,6}}?(?:镇|乡|街道))(?:党委|党工委|人民政府|政府|委员会|办事处|委)")
BRANCH_OFFICE = re.compile(rf"(?P<department>[{HAN}]{{2,10}}?)局(?P<place>[{HAN}]{{2,6}}?[区县市])分局")
ZONE_NAME = re.compile(rf"(?P<zone>[{HAN}]{{2,10}}?(?:经济技术开发区|高新技术产业开发区|高新区|经开区|开发区|合作区|试验区))")
OWN_DEPARTMENT = re.compile(rf"(?P<name>[{HAN}]{{1,12}}?(?:局|厅|委员会))")
SEPARATORS = re.compile(r"[、，,\s]+")


@dataclass(frozen=True)
class Issuer:
    issuer: str | None  # the body's name
    body_kind: str  # government / department / zone
    level: str | None  # of the government the body belongs to
    adcode: str | None
    province: str | None
    city: str | None
    district: str | None
    township: str | None
    department: str | None
    found_by: tuple[str, ...] = ()  # issue codes of indirect clues (issuer_from_host …)
    speaks_as_township: bool = False  # unnamed, it calls itself 我镇/本街道


@dataclass(frozen=True)
class _Body:
    """What the issuer's name says: its kind, its own part and the divisions it names."""

    kind: str
    department: str | None  # a department's or zone's own name
    township: str | None  # a township's name when the division table lacks it
    mentions: tuple[Mention, ...]
    level_hint: str | None  # from a leading 省/市/区/县 of a department ("市司法局")


@functools.cache
def _data() -> dict:
    return load_yaml(ISSUERS)


def identify(
    title: str | None, head: str, opening: str,
    source_url: str | None = None, labels: Sequence[str] = (), doc_number: str | None = None,
) -> Issuer:  # fmt: skip
    """The issuer from simplified-script ``title``, ``head`` (header lines), ``opening``,
    the page's URL, its 发布机构/来源 ``labels`` and its 文号."""
    named, found_by = _named_issuer(title, head, opening, labels)
    cue = level_cue(opening)
    body = _body_of(named, cue)
    host = hosts.read_host(source_url)
    if named is None and _speaks_as_zone(opening):
        body = replace(body, kind="zone", department=_zone_named(opening))
    elif named is None and _speaks_as_department(opening):
        body = replace(body, kind="department")
    doc_county = docnumber.doc_number_county(doc_number) if body.kind == "government" else None
    adcode, how, body = _place(named, body, cue, head, opening, host, doc_county)
    if body.kind == "government" and cue == "township" and not body.township and adcode:
        body = replace(body, township=_township_named(opening, adcode) or _township_written(opening))
    if body.kind == "department" and not body.department:
        body, cited = _name_department(body, opening, host, adcode)
        how += cited
    who = _assemble(named, body, adcode, head, found_by + how)
    return replace(who, speaks_as_township=named is None and cue == "township")


# ----------------------------------------------------------------- the name


def _named_issuer(
    title: str | None, head: str, opening: str, labels: Sequence[str]
) -> tuple[str | None, tuple[str, ...]]:
    """The issuer's name as written, and how it was found (empty: the title or its line)."""
    written = [
        *(_own_part(m["name"]) for p in (TITLE_PREFIX, TITLE_INFIX) if (m := p.search(title or ""))),
        _name_line(head, opening),
        *(_own_part(m["name"]) for p in (COVER_LETTER, REPORTED_AS) if (m := p.search(opening))),
        *(_own_part(m["name"]) for m in OPENING_SUBJECT.finditer(opening[:SUBJECT_CHARS])),
        *(m["name"] for m in CLAUSE_SUBJECT.finditer(opening[:SUBJECT_CHARS])),
    ]
    for name in written:
        if name and _names_a_body(name):
            return name, ()
    for label in labels:
        name = _own_part(label.strip())
        if name and _is_body_name(name):
            return name, ("issuer_from_label",)
    return None, ()


def _names_a_body(name: str) -> bool:
    """A body's name: not a pronoun (我局), and naming a division or ending like a body."""
    if len(name) < 2 or PRONOUN.match(name) or name in _data()["suffix_only_names"]:
        return False
    return _is_body_name(name) or bool(_leading_mentions(name)) or name[:1] in "省市区县" or _is_zone(name)


def _name_line(head: str, opening: str) -> str | None:
    """A line that is only a body's name (above the title, or heading the page)."""
    lines = head.splitlines()[-6:] + opening.splitlines()[:4]
    names = [_own_part(line.strip()) for line in lines if _is_name_line(line.strip())]
    names = [n for n in names if n]
    governments = [n for n in names if _body_of(n, None).kind == "government"]
    return (governments or names or [None])[0]


def _is_name_line(line: str) -> bool:
    return (
        4 <= len(line) <= 50
        and re.fullmatch(rf"[{HAN}（）() 、]+", line) is not None
        and line.endswith(tuple(_data()["name_line_endings"]))
    )


def _is_body_name(name: str) -> bool:
    endings = _data()["name_line_endings"] + _data()["department_suffixes"] + ["镇", "乡", "街道"]
    return name.endswith(tuple(endings))


def _own_part(name: str) -> str | None:
    """The administrative body in a joint name: 中共X县委、X县人民政府 → X县人民政府."""
    parts = [p for p in SEPARATORS.split(JOINT_PARTY.sub(r"\g<0> ", name)) if p]
    if not parts:
        return None
    party = re.compile(_data()["party_body"])
    own = [p for p in parts if not party.search(p)]
    return own[0] if own else parts[-1]


# ----------------------------------------------------------------- the body


def level_cue(opening: str) -> str | None:
    """The level a report speaks at, from its self-references (全县, 我局, 全镇 …)."""
    counts: Counter[str] = Counter()
    for level, cues in _data()["level_cues"].items():
        counts[level] = sum(opening.count(cue) for cue in cues)
    level, count = counts.most_common(1)[0]
    return level if count else None


def _speaks_as_department(opening: str) -> bool:
    """A department's own voice: 我局, 本厅, 局党组 (a government says 我县, 我市)."""
    return any(cue in opening for cue in _data()["level_cues"]["department"])


def _name_department(
    body: _Body, opening: str, host: hosts.HostClue | None, adcode: str | None
) -> tuple[_Body, tuple[str, ...]]:
    """A department that calls itself 我局: named by its sub-domain, by the text, or by the
    titles of its own documents (flagged), in that order; of the kind it speaks as."""
    suffix = _self_reference_suffix(opening)
    by_host = _host_department(host, adcode)
    name = (by_host if by_host and by_host.endswith(suffix) else None) or _department_named(opening, suffix)
    if name:
        return replace(body, department=name), ()
    cited = _department_cited(opening, suffix)
    return replace(body, department=cited), ("issuer_from_cited_title",) if cited else ()


def _speaks_as_zone(opening: str) -> bool:
    """A zone committee's own voice: 区党工委、管委会 (a district says 区委、区政府)."""
    return any(cue in opening[:SUBJECT_CHARS] for cue in _data()["zone_cues"])


def _zone_named(opening: str) -> str | None:
    """The zone a 管委会 report names most (…经济技术开发区, …高新区), with 管委会."""
    plain, _ = _running_text(opening)
    names = Counter(m["zone"] for m in ZONE_NAME.finditer(plain))
    return names.most_common(1)[0][0] + "管委会" if names else None


def _township_named(opening: str, county: str) -> str | None:
    """The township of a report that calls itself 我镇: the one of ``county`` it names most."""
    names = Counter(m.name for m in divisions.find_mentions(opening)
                    if _levels(m) == {"township"} and any(_parent(c) == county for c in m.adcodes))
    return names.most_common(1)[0][0] if names else None


def _parent(code: str) -> str | None:
    found = divisions.division(code)
    return found.parent if found else None


def _township_written(opening: str) -> str | None:
    """A township named with its own bodies (下太镇党委, 凤鸣镇人民政府) when the table lacks it.

    The name's start is not marked in running text (…思想列入下太镇委…), so a
    candidate must start the text, follow a non-Han character, or recur.
    """
    text = BOOK_TITLE.sub("", opening)
    found: Counter[str] = Counter()
    for match in TOWNSHIP_BODY.finditer(text):
        name, start = match["township"], match.start("township")
        for cut in range(len(name) - 1):
            candidate = name[cut:]
            bounded = start + cut == 0 or not re.match(f"[{HAN}]", text[start + cut - 1])
            if bounded or text.count(candidate) >= 2:
                found[candidate] += 1
                break
    return found.most_common(1)[0][0] if found else None


def _body_of(named: str | None, cue: str | None) -> _Body:
    """Kind of body a name denotes; without a name, the self-references decide."""
    if not named:
        return _Body("department" if cue == "department" else "government", None, None, (), None)
    mentions = tuple(_leading_mentions(named))
    if mentions and _is_zone(mentions[-1].name) and _levels(mentions[-1]) == {"township"}:
        zone = mentions[-1].name + (named[mentions[-1].end:] or "管委会")
        return _Body("zone", zone, None, mentions[:-1], None)
    rest = re.sub(_data()["party_suffix"], "", named[mentions[-1].end:] if mentions else named)
    rest = rest.removeprefix("人民政府") if mentions else rest
    hint = None
    if not mentions and rest[:1] in "省市区县":
        hint = {"省": "province", "市": "city"}.get(rest[0], "county")
        rest = rest[1:]
    branch = BRANCH_OFFICE.fullmatch(rest)
    if branch and (place := _leading_mentions(branch["place"])):
        return _Body("department", branch["department"] + "分局", None, mentions + tuple(place), None)
    if _is_zone(rest):
        return _Body("zone", rest, None, mentions, hint)
    township = re.fullmatch(_data()["township_name"], rest)
    if township:
        return _Body("government", None, township["township"], mentions, "township")
    if rest in ("", *_data()["government_suffixes"]) or rest.endswith(tuple(_data()["government_suffixes"])):
        return _Body("government", None, None, mentions, hint)
    if rest.endswith(tuple(_data()["department_suffixes"])):
        return _Body("department", _full_department_name(rest), None, mentions, hint)
    return _Body("government", None, None, mentions, hint)


def _leading_mentions(name: str) -> list[Mention]:
    """The divisions a name starts with (云阳县凤鸣镇 in 云阳县凤鸣镇人民政府)."""
    found, end = [], 0
    for mention in divisions.find_mentions(name):
        if mention.start != end or mention.name in _data()["suffix_only_names"]:
            break
        found.append(mention)
        end = mention.end
    return found


def _host_department(host: hosts.HostClue | None, adcode: str | None) -> str | None:
    """The department a host names, as a province calls it (生态环境局 → 生态环境厅)."""
    if host is None or host.department is None:
        return None
    if adcode and divisions.level_of(adcode) == "province":
        return re.sub("局$", "厅", host.department)
    return host.department


def _self_reference_suffix(opening: str) -> tuple[str, ...]:
    """What kind of department speaks (我局 → 局, 我委 → 委/委员会): its name must end so."""
    for cue, suffixes in _data()["department_self_references"].items():
        if cue in opening:
            return tuple(suffixes)
    return tuple(_data()["department_suffixes"])


def _department_named(opening: str, suffix: tuple[str, ...]) -> str | None:
    """For a report that calls itself 我局/我委: the first department of that kind the text
    names that is not a Party committee (其他部门 such as 区公安局 are named too, so a
    我委 report does not take them)."""
    references = DEPARTMENT_REFERENCE.finditer(BOOK_TITLE.sub("", opening))
    names = (_department_of_kind(match["name"][1:], suffix) for match in references)
    return next((name for name in names if name), None)


def _department_cited(opening: str, suffix: tuple[str, ...]) -> str | None:
    """A department of that kind naming its own documents (《上城区人力社保局…清单》)."""
    for title in BOOK_TITLE.finditer(opening):
        inner = title.group()[1:-1]
        mentions = _leading_mentions(inner)
        match = OWN_DEPARTMENT.match(inner, mentions[-1].end) if mentions else None
        name = _department_of_kind(match["name"], suffix) if match else None
        if name:
            return name
    return None


def _department_of_kind(name: str, suffix: tuple[str, ...]) -> str | None:
    """``name``'s full form if it is a department of that kind, not a Party committee."""
    full = _full_department_name(name)
    party = re.compile(_data()["party_committee"])
    return full if full.endswith(suffix) and not party.search(full) else None


def _is_zone(rest: str) -> bool:
    return any(word in rest for word in _data()["zone_words"])


def _full_department_name(name: str) -> str:
    """A department's usual full name: 卫健委 → 卫生健康委员会, 人社局 → 人力资源和社会保障局."""
    for short, full in _data()["department_full_names"].items():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


# ----------------------------------------------------------------- the place


def _place(
    named: str | None, body: _Body, cue: str | None, head: str, opening: str,
    host: hosts.HostClue | None, doc_county: str | None = None,
) -> tuple[str | None, tuple[str, ...], _Body]:  # fmt: skip
    """The adcode of the body's division, how it was found, and the body (a township
    named ambiguously, 城关镇, is then found under the county the other clues give)."""
    context = head + "\n" + opening
    if body.kind == "department" and named and not body.mentions and _is_national(named):
        return _data()["national_adcode"], (), body
    if body.mentions:
        code = _deepest(list(body.mentions), context, host)
        if code and (divisions.level_of(code) == "township" or not _township_name(body.mentions)):
            return _township_within(code, body), (), body
        body = replace(body, township=body.township or _township_name(body.mentions))
        if code:
            return _township_within(code, body), (), body
    code, how = _place_from_text(body, cue, opening, context, host, doc_county)
    return _township_within(code, body), how, body


def _place_from_text(
    body: _Body, cue: str | None, opening: str, context: str, host: hosts.HostClue | None,
    doc_county: str | None = None,
) -> tuple[str | None, tuple[str, ...]]:
    plain, cited = _running_text(opening)
    parent = _addressee(opening)
    wanted = _wanted_levels(body, cue)
    mentions = [m for m in _running_mentions(plain) if not parent or _codes_below(m, parent)]
    candidates = [m for m in mentions if _levels(m) & wanted]
    host_codes = _of_kind(_host_codes(host, wanted), _county_kind(opening))
    code = _confirmed(candidates, host_codes, context)
    if code:
        return code, ()
    if doc_county and "county" in wanted and not candidates:
        return doc_county, ("issuer_from_doc_number",)
    cited_mentions = [m for m in _running_mentions(cited) if _levels(m) & wanted]
    if host_codes:
        code = _confirmed(cited_mentions + mentions, host_codes, context, any_level=True)
        if code is None and len(host_codes) == 1:
            code = host_codes[0]
        if code:
            return code, ("issuer_from_host",)
    if candidates:
        return _most_named(candidates, context), ()
    if cited_mentions:
        return _most_named(cited_mentions, context), ("issuer_from_cited_title",)
    return None, ()


def _township_name(mentions: tuple[Mention, ...]) -> str | None:
    last = mentions[-1]
    return last.name if _levels(last) == {"township"} else None


def _is_national(named: str) -> bool:
    """A ministry (司法部) or a national body, named without any division."""
    if named[:1] in "省市区县我本":
        return False
    return named.endswith("部") or named.startswith(tuple(_data()["national_prefixes"]))


def _wanted_levels(body: _Body, cue: str | None) -> set[str]:
    """The levels the body's division may have: a township's report is placed by its county."""
    hint = body.level_hint or (cue if cue != "department" else None)
    if hint == "township" or body.township:
        return {"county"}
    if hint in ("province", "city", "county"):
        return {hint}
    return {"province", "city", "county"}


def _county_kind(opening: str) -> str | None:
    """区, 县, 市 or 旗: what the report calls its county-level government (区委、区政府, 全县)."""
    counts = Counter({kind: sum(opening.count(cue.replace("X", kind)) for cue in _data()["county_kind_cues"])
                      for kind in "区县市旗"})  # fmt: skip
    kind, count = counts.most_common(1)[0]
    return kind if count else None


def _of_kind(codes: list[str], kind: str | None) -> list[str]:
    """The county-level candidates named …``kind`` (others kept), when any is."""
    if kind is None:
        return codes
    fitting = [c for c in codes if divisions.level_of(c) != "county"
               or (found := divisions.division(c)) is not None and found.name.endswith(kind)]  # fmt: skip
    return fitting or codes


def _host_codes(host: hosts.HostClue | None, wanted: set[str]) -> list[str]:
    """The host's most specific candidates of a wanted level (or the nearest parent)."""
    if host is None:
        return []
    for codes in host.places:
        fitting = [c for c in codes if divisions.level_of(c) in wanted]
        if fitting:
            return fitting
    if "township" in wanted or "county" in wanted:
        return []
    return list(host.places[0]) if host.places else []


def _confirmed(
    candidates: list[Mention], host_codes: list[str], context: str, any_level: bool = False
) -> str | None:
    """A text candidate that agrees with the host, or the host candidate the text names."""
    if not host_codes:
        return None
    codes = [c for m in candidates if (c := _disambiguate(m.adcodes, candidates, context, name=m.name))]
    agreeing = [c for c in codes if any(divisions.is_within(c, h) or divisions.is_within(h, c)
                                        for h in host_codes)]  # fmt: skip
    if agreeing and not any_level:
        return Counter(agreeing).most_common(1)[0][0]
    named = [h for h in host_codes if any(divisions.is_within(h, c) or c == h for c in codes)]
    return named[0] if len(set(named)) == 1 else None


def _township_within(code: str | None, body: _Body) -> str | None:
    """For a township the table did not find by name alone: its code under ``code``'s county."""
    if code is None or not body.township or divisions.level_of(code) == "township":
        return code
    return next((c.code for c in divisions.children(code) if c.name == body.township), code)


def _addressee(opening: str) -> str | None:
    """The division of a report's addressee (河北省人民政府:), which is its parent."""
    match = ADDRESSEE.search(opening[:200])
    if not match:
        return None
    found = _leading_mentions(_own_part(match["to"]) or "")
    return found[-1].adcodes[0] if found and len(found[-1].adcodes) == 1 else None


def _codes_below(mention: Mention, parent: str) -> bool:
    return any(code != parent and divisions.is_within(code, parent) for code in mention.adcodes)


def _running_text(text: str) -> tuple[str, str]:
    """(text with stock phrases and 《titles》 masked, the titles alone)."""
    masked = text
    for pattern in _stock_phrases():
        masked = pattern.sub(lambda m: "※" * len(m.group()), masked)
    cited = "\n".join(m.group() for m in BOOK_TITLE.finditer(masked))
    return BOOK_TITLE.sub(lambda m: "※" * len(m.group()), masked), cited


@functools.cache
def _stock_phrases() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _data()["stock_phrases"])


def _levels(mention: Mention) -> set[str]:
    return {level for code in mention.adcodes if (level := divisions.level_of(code))}


def _running_mentions(text: str) -> list[Mention]:
    """Division names in running text: not generic, whole words."""
    generic = set(_data()["generic_names"])
    mentions = [m for m in divisions.find_mentions(text) if m.name not in generic]
    return [m for m in mentions if _is_whole_word(text, m)]


def _is_whole_word(text: str, mention: Mention) -> bool:
    """False when jieba starts a word before the name (范县 in 示范县, 和县 in 领导和县委).

    Only the start is checked: jieba often joins a name's last character to
    what follows (中共/平利/县委).
    """
    before = text[mention.start - 1 : mention.start]
    if len(mention.name) == 2 and before and before in _data()["joining_characters"]:
        return False
    window_start = max(0, mention.start - 6)
    window = text[window_start : mention.end + 6]
    boundaries, offset = {0}, 0
    for token in ensure_jieba().cut(window, HMM=False):
        offset += len(token)
        boundaries.add(offset)
    return mention.start - window_start in boundaries


def _deepest(mentions: list[Mention], context: str, host: hosts.HostClue | None) -> str | None:
    """The deepest division a name names that fits the others it names (渝北区大盛镇: the
    大盛镇 under 渝北区); None when the deepest name is shared by several divisions and
    nothing says which. The caller treats a deeper name the table lacks as unplaced."""
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        fitting = tuple(c for c in mention.adcodes
                        if all(_related(c, other) for other in mentions[:index]))  # fmt: skip
        if fitting:
            return _disambiguate(fitting, mentions, context, host, mention.name)
    return None


def _related(code: str, other: Mention) -> bool:
    return any(divisions.is_within(code, c) or divisions.is_within(c, code) for c in other.adcodes)


def _most_named(mentions: list[Mention], context: str) -> str | None:
    """The division named most often (first on ties), if the text says which one it is."""
    if not mentions:
        return None
    counts = Counter(m.name for m in mentions)
    best = max(mentions, key=lambda m: (counts[m.name], -m.start))
    return _disambiguate(best.adcodes, mentions, context, name=best.name)


def _disambiguate(
    codes: tuple[str, ...], mentions: list[Mention], context: str, host: hosts.HostClue | None = None,
    name: str = "",
) -> str | None:
    """Among same-named divisions, the one whose parents the text (or the host) also names;
    a current one over former ones of the same name; None when nothing tells them apart."""
    if len(codes) == 1:
        return codes[0]
    named = {c for m in divisions.find_mentions(context) for c in m.adcodes} | {
        c for m in mentions for c in m.adcodes
    } | set(host.candidates() if host else ())
    named -= set(codes)  # a name is no evidence for its own homonyms (淮安市 city vs former county)

    def score(code: str) -> tuple[int, bool, int]:
        found = divisions.division(code)
        current = bool(found and found.current and name in (found.name, *divisions.aliases(found)))
        latest = max((v.valid_to or 9999 for v in divisions.versions(code) if v.name == name), default=0)
        return (sum(p.code in named for p in divisions.parents(code)), current, latest)

    ranked = sorted(codes, key=score, reverse=True)
    return ranked[0] if score(ranked[0]) != score(ranked[1]) else None


# ----------------------------------------------------------------- the result


def _assemble(
    named: str | None, body: _Body, adcode: str | None, head: str, found_by: tuple[str, ...]
) -> Issuer:
    region = divisions.region(adcode) if adcode else None
    if region is None:
        return Issuer(named, body.kind, None, None, None, None, None, body.township, body.department,
                      found_by)  # fmt: skip
    names = {p.level: p.name for p in divisions.parents(region.adcode)} | {region.level: region.name}
    if region.level == "country":
        names = {}
    township = names.get("township") or body.township
    level = "township" if township else region.level
    if body.kind in ("department", "zone"):
        name = _department_name(names, region, body)
    else:
        name = _government_name(region, named, head, township)
    return Issuer(
        name, body.kind, level, region.adcode, names.get("province"), names.get("city"),
        names.get("county"), township, body.department, found_by,
    )  # fmt: skip


def _department_name(names: dict[str, str], region, body: _Body) -> str:
    if region.level == "country" or not body.department:
        return body.department or region.name
    return region.name + body.department


def _government_name(region, named: str | None, head: str, township: str | None) -> str:
    """``…人民政府`` as written in the title or the page banner, else built from the name.

    Only division names may precede the government's own name, so that
    "中共平利县委平利县人民政府" gives "平利县人民政府".
    """
    own_name = township or region.name
    if township and region.level != "township":
        own_name = region.name + township
    suffix = "街道办事处" if own_name.endswith("街道") else "人民政府"
    own_name = own_name.removesuffix("街道")
    parents = "".join(f"(?:{re.escape(p)})?" for p in (region.province, region.city) if p)
    pattern = re.compile(parents + re.escape(own_name) + "(?:" + suffix + "|人民政府)")
    written = [m.group() for m in pattern.finditer(head + "\n" + (named or ""))]
    if written:
        return max(written, key=len)
    return own_name + suffix


def as_of(who: Issuer, year: int | None) -> Issuer:
    """``who`` placed in the division valid in ``year`` (郫都区 reporting on 2015 was 郫县 510124)."""
    version = divisions.code_in_year(who.adcode, year) if who.adcode and year else None
    if version is None or version.code == who.adcode:
        return who
    names = {p.level: p.name for p in divisions.parents(version.code)} | {version.level: version.name}
    return replace(who, adcode=version.code, province=names.get("province"), city=names.get("city"),
                   district=names.get("county"), township=names.get("township") or who.township)


def override(who: Issuer, overrides: dict) -> Issuer:
    """``who`` with a maintainer's adcode and level (from a sidecar) taking precedence."""
    adcode, level = overrides.get("adcode"), overrides.get("level")
    if adcode:
        adcode = str(adcode)
        body = _Body(who.body_kind, who.department, who.township, (), None)
        named = who.issuer if adcode == who.adcode else None
        who = _assemble(named, body, adcode, "", who.found_by)
    if level == "department" and who.body_kind == "government":
        who = replace(who, body_kind="department")
    elif level and level != who.level and level != "department":
        who = replace(who, level=level)
    return who
