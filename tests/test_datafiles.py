"""The domain-knowledge files: indicators.csv, indicator_lexicon.yaml, userdict.txt."""

from __future__ import annotations

import re

import pytest
import yaml

from govreports.chinese import USERDICT_FILE, ensure_jieba
from govreports.datafiles import DataFileError, data_path, load_csv
from govreports.extract.lexicon import KINDS, KNOWN_UNITS, LEXICON_FILE, load_lexicon

INDICATORS = load_csv("indicators.csv")
RAW_LEXICON = yaml.safe_load(data_path(LEXICON_FILE).read_text(encoding="utf-8"))


def test_indicator_codes_are_unique_snake_case_with_labels_and_unit():
    codes = [row["code"] for row in INDICATORS]
    assert len(codes) == len(set(codes))
    for row in INDICATORS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row["code"]), row
        assert all(row[key].strip() for key in ("group", "label_zh", "label_en", "unit", "definition")), row


def test_every_indicator_code_has_a_lexicon_entry_and_every_entry_a_code():
    assert set(RAW_LEXICON["codes"]) == {row["code"] for row in INDICATORS}


def test_lexicon_exact_unit_is_the_indicator_unit_and_units_are_known():
    units = {row["code"]: row["unit"] for row in INDICATORS}
    for code in load_lexicon().codes:
        assert code.units[0] == units[code.code]
        assert set(code.units) <= KNOWN_UNITS and set(code.kinds) <= KINDS
        assert ("%" in code.units) == (code.kinds == ("percent",)), code.code


def test_every_lexicon_pattern_compiles():
    for name, entry in RAW_LEXICON["codes"].items():
        for rule in entry["rules"]:
            for key in ("subject", "clause", "sentence", "exclude"):
                for pattern in rule.get(key, []):
                    re.compile(pattern), (name, pattern)


def _write(tmp_path, codes):
    path = tmp_path / "indicator_lexicon.yaml"
    path.write_text(yaml.safe_dump({"codes": codes}, allow_unicode=True), encoding="utf-8")
    return path


GOOD = {"units": ["件"], "kinds": ["count"], "rules": [{"subject": ["行政处罚$"]}]}


@pytest.mark.parametrize(("entry", "message"), [
    ({**GOOD, "colour": "red"}, "unknown keys colour"),
    ({**GOOD, "rules": [{"subject": ["行政处罚("]}]}, "bad regex"),
    ({**GOOD, "rules": [{"subjct": ["x"]}]}, "unknown keys subjct"),
    ({**GOOD, "rules": [{"sentence": ["复议"]}]}, "needs 'subject' or 'clause'"),
    ({**GOOD, "rules": []}, "non-empty list"),
    ({**GOOD, "units": ["次"]}, "units must start with '件'"),
    ({**GOOD, "units": ["件", "斤"]}, "unknown or missing units/kinds"),
    ({**GOOD, "kinds": ["change"]}, "unknown or missing units/kinds"),
    ({**GOOD, "rules": [{"subject": ["x"], "priority": "high"}]}, "priority"),
])
def test_malformed_lexicon_names_file_and_entry(tmp_path, entry, message):
    path = _write(tmp_path, {"penalty_cases": entry})
    with pytest.raises(DataFileError, match=re.escape(message)) as err:
        load_lexicon(path)
    assert str(path) in str(err.value) and "penalty_cases" in str(err.value)


def test_unknown_code_in_lexicon_is_an_error(tmp_path):
    path = _write(tmp_path, {"penalty_count": GOOD})
    with pytest.raises(DataFileError, match="penalty_count.*unknown indicator code"):
        load_lexicon(path)


def test_unreadable_lexicon_is_an_error(tmp_path):
    path = tmp_path / "indicator_lexicon.yaml"
    path.write_text("codes: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(path))):
        load_lexicon(path)
    with pytest.raises(DataFileError, match="missing.yaml"):
        load_lexicon(tmp_path / "missing.yaml")


def test_injected_indicator_table(tmp_path):
    path = _write(tmp_path, {"new_code": GOOD})
    assert [c.code for c in load_lexicon(path, {"new_code": "件"}).codes] == ["new_code"]


def test_userdict_lines_are_word_frequency_pos():
    lines = data_path(USERDICT_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 300
    words = [line.split()[0] for line in lines]
    assert len(words) == len(set(words))
    for line in lines:
        assert re.fullmatch(r"\S+ \d+ [a-z]+", line), line


@pytest.mark.parametrize("term", [
    "行政复议", "出庭应诉率", "合法性审查", "双公示", "行政执法", "行政处罚", "规范性文件",
    "法律援助", "人民调解", "矛盾纠纷", "府院联动", "一网通办", "全程网办", "法治政府",
])
def test_userdict_terms_stay_whole_words(term):
    jieba = ensure_jieba()
    assert term in jieba.lcut(f"今年全区{term}工作扎实推进")
