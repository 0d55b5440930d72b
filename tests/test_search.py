"""The bigram search index: what a query finds, how it ranks and filters, the file format."""

from __future__ import annotations

import gzip
import json
import unicodedata

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from govreports.site import search
from govreports.site.search import SearchDoc


def doc(url, body, title="", province="四川省", year="2024", level="县级", kind="政府"):
    return SearchDoc(url, title or url, f"{province} {year} 年度", "data.json.gz", body,
                     (province, year, level, kind))  # fmt: skip


DOCS = [
    doc("a/", "全区共受理行政复议案件52件，出庭应诉率100%。", title="东区2024年法治政府建设年度报告"),
    doc("b/", "办理法律援助案件359件。行政复议、行政复议、行政复议。", year="2023"),
    doc("c/", "出庭应诉工作扎实，败诉案件下降。", province="浙江省", level="市级"),
    doc("d/", "Ｅ政务平台上线，ETC 与 2024 数据。", province="浙江省", year="2022", kind="部门"),
]


def urls(site, query, **filters):
    return [hit.url for hit in search.search(site / search.OUTPUT, query, filters)]


def test_words_inside_compounds_and_titles_are_found(tmp_path):
    search.index_search(tmp_path, DOCS)
    assert set(urls(tmp_path, "复议")) == {"a/", "b/"}  # inside 行政复议
    assert urls(tmp_path, "出庭应诉率") == ["a/"]  # not c/, which lacks 诉率
    assert set(urls(tmp_path, "应诉")) == {"a/", "c/"}
    assert urls(tmp_path, "法治政府") == ["a/"]  # in the middle of the title
    assert urls(tmp_path, "e政务") == urls(tmp_path, "Ｅ政务") == ["d/"]  # NFKC, lower case
    assert urls(tmp_path, "etc") == ["d/"]
    assert set(urls(tmp_path, "２０２４")) == {"a/", "c/", "d/"}  # c/'s place and year label


def test_no_pairs_or_no_match_finds_nothing(tmp_path):
    search.index_search(tmp_path, DOCS)
    assert urls(tmp_path, "复") == [] and urls(tmp_path, "，。") == []
    assert urls(tmp_path, "国家安全") == []


def test_ranked_by_weight_then_newest_first(tmp_path):
    search.index_search(tmp_path, DOCS)
    assert urls(tmp_path, "行政复议") == ["b/", "a/"]  # three times against once
    same = [doc(f"{year}/", "法律援助案件", year=year) for year in ("2022", "2024", "2023")]
    search.index_search(tmp_path, same)
    assert urls(tmp_path, "法律援助") == ["2024/", "2023/", "2022/"]  # equal weights: newest first


def test_filters(tmp_path):
    search.index_search(tmp_path, DOCS)
    assert urls(tmp_path, "应诉", province="浙江省") == ["c/"]
    assert urls(tmp_path, "应诉", province="四川省", year="2024") == ["a/"]
    assert urls(tmp_path, "应诉", level="市级") == ["c/"]
    assert urls(tmp_path, "数据", kind="部门") == ["d/"]
    assert urls(tmp_path, "应诉", kind="部门") == []
    assert urls(tmp_path, "应诉", province="西藏自治区") == []
    meta = json.loads((tmp_path / "search" / "index.json").read_bytes())
    assert meta["facets"]["year"] == [["2024", 2], ["2023", 1], ["2022", 1]]  # newest first


def test_index_is_deterministic_and_titles_are_chunked(tmp_path):
    files = search.index_files(DOCS)
    assert files == search.index_files(list(reversed(DOCS)))
    rows = json.loads(gzip.decompress(files["d/0.gz"]))
    assert rows[0] == ["a/", "东区2024年法治政府建设年度报告", "四川省 2024 年度", "data.json.gz"]
    assert len(gzip.decompress(files["facets.gz"])) == len(search.FACETS) * len(DOCS)


def test_an_empty_corpus_has_an_index_that_finds_nothing(tmp_path):
    index = search.index_search(tmp_path, [])
    assert index.docs == 0 and urls(tmp_path, "复议") == []


def test_shards_scale_with_the_corpus(tmp_path):
    many = [doc(f"r{i}/", "".join(chr(0x4E00 + (i * 7 + j) % 2000) for j in range(400)))
            for i in range(200)]  # fmt: skip
    index = search.index_search(tmp_path, many)
    meta = json.loads((tmp_path / "search" / "index.json").read_bytes())
    assert meta["shards"] > 1 and index.largest < 64_000
    probe = many[17].text[100:104]
    assert "r17/" in urls(tmp_path, probe)


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=50))
def test_leb128_round_trips(values):
    encoded, widths = search._leb128(np.array(values, dtype=np.uint64))
    assert len(encoded) == int(widths.sum()) if values else len(encoded) == 0
    assert search._read_leb128(encoded.tobytes()).tolist() == values


def test_shard_hash_is_stable():
    """Pinned to the values search.js's shardOf gives (checked with Node)."""
    first = np.array([0x590D, 0x51FA, 0x61, 0x2A6D6])  # 复议, 出庭, ab, an extension-B pair
    second = np.array([0x8BAE, 0x5EAD, 0x62, 0x4E00])
    assert search.shard_of(first, second, 1 << 31).tolist() == [1933465893, 1654981020, 1210134286, 313791129]
    assert search.shard_of(first, second, 4093).tolist() == [3426, 1028, 3151, 2436]


def test_report_text_is_folded_as_nfkc_folds_queries():
    text = "Ｅ政务①⼈２０２４ABC㈠Ⅱ"
    folded = "".join(map(chr, search.codepoints(text).tolist()))
    assert folded == "e政务1人2024abc(一)ii" == unicodedata.normalize("NFKC", text).lower()
