"""Every table a student sees shows headers in their language, a dash for what is missing, grouped
digits and aligned money, while its data stays codes (tokenlab/_table.py, tokenlab/_look.py)."""

from __future__ import annotations

import pickle
import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab import pricing
from tokenlab._i18n import speaking
from tokenlab._look import DASH, Look
from tokenlab._table import Table, table
from tokenlab.languages import premiums
from tokenlab.ratelimits import simulate, steady

# Each public function that returns a table, with arguments a lesson gives it.
TABLES = {
    "premiums": lambda: premiums(encodings=["r50k_base", "o200k_base"], reference="cmn_hans"),
    "prices": lambda: pricing.prices(["gpt-5.4-mini", "gpt-5.4", "gpt-4.1"]),
    "historical": lambda: pricing.historical(),
    "compare_models": lambda: pricing.compare_models(
        "你好", models=["gpt-5.4-mini", "deepseek-flash"], output_tokens=9
    ),
    "compare_vendors": lambda: pricing.compare_vendors(
        "你好", models=["gpt-5.4-mini", "deepseek-flash", "qwen-plus", "open-mistral-nemo"], output_tokens=9
    ),
    "simulate": lambda: simulate(steady(20, per_minute=60, prompt_tokens=500, max_output_tokens=4000), rpm=5, tpm=9000),
}
RAW = re.compile(r"\b(NaN|nan|None|<NA>|NaT)\b")
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _codes_that_are_names(frame: pd.DataFrame) -> set[str]:
    """Words allowed to stay in English in a header: encoding names, and the API's own names."""
    return {*tokenlab.encodings(), "API", "Batch", "UTF-8", "RPM", "TPM"}


@pytest.mark.parametrize("name", TABLES)
def test_every_displayed_table_speaks_chinese_and_shows_no_raw_missing_value(name):
    made = TABLES[name]()
    assert isinstance(made, Table)
    with speaking("zh_CN"):
        html, text = made._repr_html_(), repr(made)
        headers = [*made.shown().columns, made.shown().index.name]
    allowed = _codes_that_are_names(made)
    for header in headers:
        left = ENGLISH.findall(" ".join(w for w in str(header).split() if w not in allowed))
        assert not [w for w in left if w not in ("UTF", "RPM", "TPM")], header
    assert not RAW.search(html) and not RAW.search(text)
    assert "tex2jax_ignore" in html  # a $ never turns into math


@pytest.mark.parametrize("name", TABLES)
def test_a_table_keeps_its_codes_and_its_look_through_selecting_sorting_and_pickling(name):
    made = TABLES[name]()
    column = made.columns[-1]
    for derived in (
        made[[column]],
        made.head(3),
        made.sort_values(column),
        made.round(2),
        pickle.loads(pickle.dumps(made)),
    ):
        assert isinstance(derived, Table) and derived.look == made.look
        assert column in derived.columns  # the data is addressed by its code, in any language


def test_whole_numbers_are_grouped_and_missing_values_read_as_the_look_says():
    frame = pd.DataFrame({"n": pd.array([1_050_000, None], dtype="Int64"), "when": [None, "2027-01-14"]})
    shown = table(frame, Look(missing={"when": "not announced"})).shown()
    assert shown["n"].tolist() == ["1,050,000", DASH]
    assert shown["when"].tolist() == ["not announced", "2027-01-14"]


@given(st.lists(st.decimals(min_value=0, max_value=1000, places=8, allow_nan=False), min_size=1, max_size=8))
def test_money_down_a_column_has_one_number_of_decimals_so_the_points_line_up(amounts):
    shown = table(pd.DataFrame({"usd": amounts}), Look(money={"usd": "USD"})).shown()["usd"].tolist()
    decimals = {len(s.partition(".")[2]) for s in shown}
    assert len(decimals) == 1
    for amount, text in zip(amounts, shown, strict=True):
        assert text.startswith("$") and Decimal(text[1:].replace(",", "")) == amount  # exact, never rounded away


def test_amounts_that_were_hard_to_compare_now_line_up():
    amounts = [Decimal("0.00092"), Decimal("0.000906"), Decimal("0.0000156")]
    shown = table(pd.DataFrame({"usd": amounts}), Look(money={"usd": "USD"})).shown()["usd"].tolist()
    assert shown == ["$0.0009200", "$0.0009060", "$0.0000156"]


def test_a_header_named_after_an_encoding_is_translated_around_the_name():
    look = Look(patterns={r"(.+) premium": "{0} premium"})
    with speaking("zh_CN"):
        assert look.header("o200k_base premium") == "o200k_base 溢价"
    assert look.header("o200k_base premium") == "o200k_base premium"
    assert look.header("unknown") == "unknown"


def test_two_columns_with_the_same_header_both_stay():
    frame = pd.DataFrame({"a": [1], "b": [2]})
    shown = table(frame, Look(columns={"a": "x", "b": "x"})).shown()
    assert list(shown.columns) == ["x", "x"] and shown.iloc[0].tolist() == ["1", "2"]


def test_yes_and_no_are_words_in_the_language_in_use():
    frame = table(pd.DataFrame({"ok": [True, False]}), Look())
    with speaking("zh_CN"):
        assert frame.shown()["ok"].tolist() == ["是", "否"]


def test_user_text_in_a_table_is_escaped():
    frame = table(pd.DataFrame({"name": ["<script>alert(1)</script>"]}), Look())
    assert "<script>" not in frame._repr_html_()
