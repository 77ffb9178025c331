"""Formats: each text is what json, PyYAML and csv write, and each count is tiktoken's."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tokenlab import _i18n
from tokenlab.formats import FORMATS, MAX_DATA, formats, write

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**9), 10**9), st.text(max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip
RECORDS = st.lists(st.dictionaries(st.text(min_size=1, max_size=8), SCALARS, min_size=1, max_size=4), max_size=5)
NESTED = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)  # fmt: skip


def _csv(rows):
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=25)
@given(data=st.one_of(RECORDS, NESTED).filter(lambda d: not isinstance(d, str)))  # a str is JSON to parse
def test_each_text_is_what_the_libraries_write_and_each_count_is_tiktokens(data, reference):
    names = ["o200k_base", "cl100k_base"]
    f = formats(data, encodings=names)
    expected = {}
    for ascii_only in (True, False):
        expected[("json_indented", ascii_only)] = json.dumps(data, indent=2, ensure_ascii=ascii_only)
        expected[("json_minified", ascii_only)] = json.dumps(data, separators=(",", ":"), ensure_ascii=ascii_only)
        expected[("yaml", ascii_only)] = yaml.safe_dump(data, allow_unicode=not ascii_only, sort_keys=False)
    rows = [data] if isinstance(data, dict) else data
    flat = isinstance(rows, list) and all(
        isinstance(r, dict) and not any(isinstance(v, (dict, list)) for v in r.values()) for r in rows
    )
    if flat and any(rows):
        expected[("csv", False)] = _csv(rows)
    assert f.texts == expected
    for key, text in expected.items():
        assert f.counts[key] == {name: len(reference(name).encode_ordinary(text)) for name in names}
    assert set(f.texts) | set(f.problems) == {(form, a) for form in FORMATS for a in (True, False)}


def test_ensure_ascii_escapes_chinese_and_costs_tokens():
    f = formats({"学生": "李伟"}, encodings=["o200k_base"])
    assert f.texts[("json_minified", True)] == '{"\\u5b66\\u751f":"\\u674e\\u4f1f"}'
    assert f.counts[("json_minified", True)]["o200k_base"] > 2 * f.counts[("json_minified", False)]["o200k_base"]
    assert '"\\u5B66\\u751F"' in f.texts[("yaml", True)] and "学生: 李伟" in f.texts[("yaml", False)]
    assert f.problems[("csv", True)] == "no_escapes" and f.why(("csv", True)).startswith("CSV has no escapes")


def test_json_typed_by_a_student_is_parsed_and_malformed_json_gets_a_one_line_error():
    assert formats('[{"a": 1}]').counts[("csv", False)] == {"o200k_base": 4}
    for bad, where in (('{"a": 1', "line 1, column 8"), ("[1, 2,]", "line 1, column 7"), ("", "line 1, column 1")):
        with pytest.raises(ValueError, match="this is not JSON") as error:
            formats(bad)
        assert where in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(ValueError, match="nested too deeply"):
        formats("[" * 100_000 + "]" * 100_000)


def test_data_that_json_cannot_hold_gets_a_one_line_error():
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        formats({"when": object()})
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        formats([float("nan")])
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(ValueError, match="nested too deeply"):
        formats(deep)


def test_data_over_the_limit_is_refused_with_its_size():
    with pytest.raises(ValueError, match=f"up to {MAX_DATA:,} characters"):
        formats(["x" * MAX_DATA])


def test_csv_needs_a_flat_table():
    assert formats([{"a": [1]}]).problems[("csv", False)] == "not_flat"
    assert formats([1, 2]).problems[("csv", False)] == "not_a_table"
    with _i18n.speaking("zh_CN"):
        assert "CSV" in formats([1, 2]).why(("csv", False)) and "表格" in formats([1, 2]).why(("csv", False))
    assert write({"a": 1, "b": "x"}, "csv") == "a,b\n1,x\n"


def test_the_table_marks_the_fewest_and_shows_each_text_escaped():
    f = formats([{"name": "<b>李伟</b>", "score": 92}], encodings=["o200k_base", "qwen"])
    html = f.to_html()
    assert "&lt;b&gt;" in html and "<b>李" not in html and "tex2jax_ignore" in html
    fewest = min(c["o200k_base"] for c in f.counts.values())
    assert f"<b>{fewest}</b>" in html and "<details>" in html
    assert repr(f).startswith("<Formats o200k_base: json_indented (ascii): ")


def test_a_model_name_works_and_an_unknown_encoding_is_refused():
    assert formats({"a": 1}, encodings=["gpt-4o"]).encodings == ["o200k_base"]
    with pytest.raises(ValueError, match="unknown encoding"):
        formats({"a": 1}, encodings=["o300k"])
    with pytest.raises(ValueError, match="list of encoding names"):
        formats({"a": 1}, encodings="o200k_base")
