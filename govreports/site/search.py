"""Stage ``search index``: a static bigram index of the reports, in ``site/search/``.

Chinese has no spaces, and a visitor's query must match whatever a
segmenter would have made of the text (复议 inside 行政复议, 应诉 inside
出庭应诉率, a district name inside a title). The index therefore keys
every pair of adjacent word characters (Han, ASCII letters and digits,
after NFKC and lower-casing): a query matches a report that contains all of
its pairs, so any substring of two characters or more is found, with the
same rule in Python and in the browser and no dictionary to ship.

Each posting is a report and a one-byte BM25 weight (no positions), so a
term costs ~2 bytes per report that contains it. Terms are hashed into
``shards`` gzip files sized to the corpus; a query fetches one shard per
character pair, the facet bytes (province, year, level, kind of body of every report) and
the titles of the reports it shows, whatever the number of reports.
The browser half is ``docs/overrides/assets/javascripts/search.js``;
:func:`search` is the same query in Python (tests, ``govreports search``).

Layout of ``site/search/``:
``index.json``  format, report count, shard count, chunk size, facet values with counts
``facets.gz``   one byte per report and facet (255 = none), facet after facet
``d/{k}.gz``    JSON ``[url, title, label, data file]`` of reports ``k*chunk …``
``t/{s}.gz``    terms of shard ``s``: u32 count, then per term u32 first and second
                code point, u32 df, u32 byte length of the doc-id gaps (LEB128),
                the gaps, then df weight bytes
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import shutil
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from govreports.bodies import KIND_LABELS, LEVEL_LABELS
from govreports.pages import urls
from govreports.pages.corpus import report_label
from govreports.pages.report import data_file_name
from govreports.records import ParsedReport, Report

OUTPUT = "search"
FORMAT = 1
FACETS = ("province", "year", "level", "kind")
LEVELS = LEVEL_LABELS  # 省级 / 市级 / 县级 / 乡级 (国家级 for national ministries)
KINDS = KIND_LABELS  # 政府 / 部门 / 园区
NONE = 255  # facet byte of a report without that facet
CHUNK = 64  # reports per title file: a page of results touches few, small files
SHARD_BYTES = 16_000  # target size of a shard before compression
TITLE_WEIGHT = 3  # the title and place name count as if written this many times
K1, B = 1.2, 0.75  # BM25
_HEADER = struct.Struct("<IIII")


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative page URL, e.g. "region/510402/2024/"
    title: str  # as printed
    label: str  # place and year, e.g. "四川省攀枝花市东区 2024 年度"
    data: str  # the report's data file next to its page; excerpts are cut from its body
    text: str  # the indexed text: the report body
    facets: tuple[str | None, ...]  # values of FACETS


@dataclass(frozen=True)
class SearchIndex:
    docs: int  # reports indexed
    files: int  # files in site/search/
    bytes: int  # their total size
    largest: int  # the largest file: what one fetch can cost at most


@dataclass(frozen=True)
class Hit:
    url: str
    title: str
    score: float


def search_docs(reports: Iterable[ParsedReport]) -> list[SearchDoc]:
    """One search document per report page."""
    docs = []
    for parsed in reports:
        r, label = parsed.report, report_label(parsed.report)
        docs.append(SearchDoc(urls.report_url(r), r.title or label, label,
                              data_file_name(r.report_id), parsed.body, facets(r)))  # fmt: skip
    return docs


def facets(report: Report) -> tuple[str | None, ...]:
    """The report's province, year, level and kind of body, as the filters show them."""
    year = str(report.year) if report.year else None
    return (report.province or None, year, LEVELS.get(report.level or ""),
            KINDS.get(report.body_kind))  # fmt: skip


def index_search(site_dir: Path, docs: Sequence[SearchDoc]) -> SearchIndex:
    """Write the index of ``docs`` into ``site_dir/search/`` (replacing any old one)."""
    output = Path(site_dir) / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    files = index_files(docs)
    for name, data in files.items():
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    sizes = [len(data) for data in files.values()]
    return SearchIndex(len(docs), len(sizes), sum(sizes), max(sizes))


def index_files(docs: Sequence[SearchDoc]) -> dict[str, bytes]:
    """The index's files by path inside ``search/``: a pure function of ``docs``."""
    docs = sorted(docs, key=_doc_order)
    keys, doc_ids, weights = _postings(docs)
    shards = _shard_count(len(keys))
    files = {f"t/{s}.gz": _gzip(data) for s, data in enumerate(_shards(keys, doc_ids, weights, shards))}
    for k in range(0, len(docs), CHUNK):
        rows = [[d.url, d.title, d.label, d.data] for d in docs[k : k + CHUNK]]
        files[f"d/{k // CHUNK}.gz"] = _gzip(_json(rows))
    values = [_facet_values(docs, i) for i in range(len(FACETS))]
    codes: list[dict[str | None, int]] = [{value: code for code, value in enumerate(vs)} for vs in values]
    columns = [bytes(codes[i].get(d.facets[i], NONE) for d in docs) for i in range(len(FACETS))]
    files["facets.gz"] = _gzip(b"".join(columns))
    counts = {name: [[v, columns[i].count(code)] for v, code in codes[i].items()]
              for i, name in enumerate(FACETS)}  # fmt: skip
    meta = {"format": FORMAT, "docs": len(docs), "shards": shards, "chunk": CHUNK, "facets": counts}
    files["index.json"] = _json(meta)
    return files


def _doc_order(doc: SearchDoc) -> tuple:
    """Newest year first, then by place: equal scores list the newest reports first."""
    year = doc.facets[FACETS.index("year")] or ""
    return (-int(year) if year.isdigit() else 0, doc.url)


def _facet_values(docs: Sequence[SearchDoc], i: int) -> list[str]:
    values = sorted({value for d in docs if (value := d.facets[i]) is not None}, reverse=True)
    if len(values) >= NONE:
        raise ValueError(f"search facet {FACETS[i]} has {len(values)} values; at most {NONE - 1} fit")
    return values


def codepoints(text: str) -> np.ndarray:
    """Code points of ``text`` as the index sees it: NFKC, lower case.

    NFKC of a whole report is slow, and ingest has already mapped radicals to
    standard characters, so only the blocks where NFKC yields letters, digits
    or ideographs are folded (full-width forms, compatibility ideographs,
    enclosed and Roman numerals …); search.js applies full NFKC to the query.
    """
    return np.frombuffer(text.translate(_fold_table()).lower().encode("utf-32-le"), dtype="<u4")


_FOLDED_BLOCKS = ((0x2070, 0x218F), (0x2460, 0x24FF), (0x2E80, 0x2FDF), (0x3200, 0x33FF),
                  (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x2F800, 0x2FA1F))  # fmt: skip


@functools.cache
def _fold_table() -> dict[int, str]:
    table = {}
    for first, last in _FOLDED_BLOCKS:
        for cp in range(first, last + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    return table


def is_word(cp: np.ndarray) -> np.ndarray:
    """Han characters (basic, extension A–H, compatibility), ASCII digits and letters."""
    return (
        ((cp >= 0x3400) & (cp <= 0x9FFF))
        | ((cp >= 0xF900) & (cp <= 0xFAFF))
        | ((cp >= 0x20000) & (cp <= 0x323AF))
        | ((cp >= 0x30) & (cp <= 0x39))
        | ((cp >= 0x61) & (cp <= 0x7A))
    )


def pairs(text: str) -> np.ndarray:
    """The character-pair keys of ``text`` (``first << 21 | second``), in text order."""
    cp = codepoints(text).astype(np.uint64)
    word = is_word(cp)
    both = word[:-1] & word[1:]
    return (cp[:-1][both] << np.uint64(21)) | cp[1:][both]


def _postings(docs: Sequence[SearchDoc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (key, doc, weight) postings, sorted by key then doc."""
    keys, counts, lengths = [], [], []
    for doc in docs:
        head = f"{doc.title}\n{doc.label}\n"
        found, tf = np.unique(np.concatenate([pairs(head)] * TITLE_WEIGHT + [pairs(doc.text)]),
                              return_counts=True)  # fmt: skip
        keys.append(found)
        counts.append(tf)
        lengths.append(tf.sum())
    if not keys:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint32), np.zeros(0, np.uint8)
    sizes = np.array([len(k) for k in keys])
    doc_ids = np.repeat(np.arange(len(docs), dtype=np.uint32), sizes)
    length = np.repeat(np.array(lengths, dtype=np.float64), sizes)
    tf = np.concatenate(counts).astype(np.float64)
    norm = K1 * (1 - B + B * length / max(float(np.mean(lengths)), 1.0))
    score = tf * (K1 + 1) / (tf + norm) / (K1 + 1)  # in (0, 1)
    weights = np.clip(np.rint(score * 255), 1, 255).astype(np.uint8)
    all_keys = np.concatenate(keys)
    order = np.argsort(all_keys, kind="stable")  # docs were added in order: stays sorted by doc
    return all_keys[order], doc_ids[order], weights[order]


def _shard_count(postings: int) -> int:
    return max(1, math.ceil(postings * 2.5 / SHARD_BYTES))  # ~2.5 bytes per posting


def shard_of(first: np.ndarray, second: np.ndarray, shards: int) -> np.ndarray:
    """Shard of each pair: murmur3's finaliser over ``imul(first, φ) ^ second``, mod ``shards``.

    Uses only 32-bit wrap-around arithmetic, so search.js computes the same.
    """
    with np.errstate(over="ignore"):
        h = (first.astype(np.uint32) * np.uint32(0x9E3779B1)) ^ second.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return (h % np.uint32(shards)).astype(np.int64)


def _shards(keys: np.ndarray, doc_ids: np.ndarray, weights: np.ndarray, shards: int) -> list[bytes]:
    terms, starts, df = np.unique(keys, return_index=True, return_counts=True)
    gaps = np.diff(doc_ids.astype(np.int64), prepend=0)
    gaps[starts] = doc_ids[starts]
    encoded, widths = _leb128(gaps)
    byte_start = np.concatenate([[0], np.cumsum(widths)])
    first, second = terms >> np.uint64(21), terms & np.uint64((1 << 21) - 1)
    blocks: list[list[bytes]] = [[] for _ in range(shards)]
    ends = starts + df
    for t, shard in enumerate(shard_of(first, second, shards).tolist()):
        a, b = int(starts[t]), int(ends[t])
        gap_bytes = encoded[byte_start[a] : byte_start[b]].tobytes()
        head = _HEADER.pack(int(first[t]), int(second[t]), b - a, len(gap_bytes))
        blocks[shard].append(head + gap_bytes + weights[a:b].tobytes())
    return [struct.pack("<I", len(parts)) + b"".join(parts) for parts in blocks]


def _leb128(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unsigned LEB128 bytes of ``values`` (concatenated) and the width of each."""
    v = values.astype(np.uint64)
    widths = np.ones(len(v), dtype=np.int64)
    for i in range(1, 5):
        widths += (v >= np.uint64(1 << (7 * i))).astype(np.int64)
    out = np.zeros((len(v), 5), dtype=np.uint8)
    for i in range(5):
        more = (widths > i + 1).astype(np.uint8) << 7
        out[:, i] = ((v >> np.uint64(7 * i)) & np.uint64(0x7F)).astype(np.uint8) | more
    return out[np.arange(5) < widths[:, None]], widths


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- reading: the browser's query in Python ---------------------------------------------------


def search(search_dir: Path, query: str, filters: dict[str, str] | None = None) -> list[Hit]:
    """Reports matching every character pair of ``query``, best first (as search.js ranks them)."""
    search_dir = Path(search_dir)
    meta = json.loads((search_dir / "index.json").read_bytes())
    wanted = np.unique(pairs(query))
    if meta["docs"] == 0 or len(wanted) == 0:
        return []
    score = np.zeros(meta["docs"])
    matched = np.zeros(meta["docs"], dtype=np.int64)
    for key in wanted.tolist():
        docs, weights = _read_term(search_dir, meta, key)
        idf = math.log(1 + (meta["docs"] - len(docs) + 0.5) / (len(docs) + 0.5))
        score[docs] += idf * weights / 255
        matched[docs] += 1
    keep = matched == len(wanted)
    facets = gzip.decompress((search_dir / "facets.gz").read_bytes())
    for name, value in (filters or {}).items():
        i, values = FACETS.index(name), [v for v, _ in meta["facets"][name]]
        if value not in values:
            return []  # a value no report has
        codes = np.frombuffer(facets, np.uint8)[i * meta["docs"] : (i + 1) * meta["docs"]]
        keep &= codes == values.index(value)
    found = sorted(np.flatnonzero(keep).tolist(), key=lambda d: (-score[d], d))
    chunks: dict[int, list] = {}
    hits = []
    for doc in found:
        k = doc // meta["chunk"]
        if k not in chunks:
            chunks[k] = json.loads(gzip.decompress((search_dir / "d" / f"{k}.gz").read_bytes()))
        url, title, *_ = chunks[k][doc % meta["chunk"]]
        hits.append(Hit(url, title, round(float(score[doc]), 4)))
    return hits


def _read_term(search_dir: Path, meta: dict, key: int) -> tuple[np.ndarray, np.ndarray]:
    first, second = key >> 21, key & ((1 << 21) - 1)
    shard = int(shard_of(np.array([first]), np.array([second]), meta["shards"])[0])
    data = gzip.decompress((search_dir / "t" / f"{shard}.gz").read_bytes())
    at = 4
    for _ in range(struct.unpack_from("<I", data)[0]):
        a, b, df, size = _HEADER.unpack_from(data, at)
        at += _HEADER.size
        if (a, b) == (first, second):
            gaps = _read_leb128(data[at : at + size])
            weights = np.frombuffer(data, np.uint8, df, at + size).astype(np.float64)
            return np.cumsum(gaps), weights
        at += size + df
    return np.zeros(0, np.int64), np.zeros(0)


def _read_leb128(data: bytes) -> np.ndarray:
    values, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            values.append(value)
            value, shift = 0, 0
    return np.array(values, dtype=np.int64)
