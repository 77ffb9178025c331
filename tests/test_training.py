"""Training a tokenizer: exact, deterministic, measured on text it never saw, usable everywhere, saved
and loaded, and calm with bad input. About 15 s on 2 cores: most trainings read two languages (a
fraction of a second); two read the whole training half (about 1 s each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import registry
from tokenlab.corpus import load_corpus
from tokenlab.languages import premiums
from tokenlab.training import (
    TrainedEncoding,
    held_out,
    held_out_premiums,
    load,
    mixed_texts,
    sweep,
    train_bpe,
    training_half,
)

from .strategies import texts

SMALL = {"eng": 1, "cmn_hans": 1}


@pytest.fixture(autouse=True)
def forget_what_was_trained():
    before = set(registry.encodings())
    yield
    for name in set(registry.encodings()) - before:
        registry.unregister(name)
    tokenlab.set_language("en")


@pytest.fixture(scope="module")
def everything():
    """One tokenizer trained on the whole training half (every language once), kept for the module."""
    encoding = train_bpe(2000, name="everything")
    yield encoding
    registry.unregister("everything")


def test_the_halves_split_every_language_by_unit_and_never_share_one():
    train, test = training_half(), held_out()
    assert list(train) == list(test) == list(load_corpus())
    for code, lang in load_corpus().items():
        assert set(train[code].units) | set(test[code].units) == set(lang.units)
        assert not set(train[code].units) & set(test[code].units)
    assert list(test["amh"].units)[:2] == ["1", "3"]  # Amharic has no preamble: the split is by unit, not position


def test_a_trained_tokenizer_round_trips_every_text_of_the_corpus(everything):
    assert isinstance(everything, TrainedEncoding) and everything.n_vocab == 2000
    for lang in load_corpus().values():
        for text in lang.units.values():
            assert everything.decode(everything.encode_ordinary(text)) == text


@settings(max_examples=200)
@given(text=texts)
def test_a_trained_tokenizer_gives_tiktokens_ids_for_any_text_through_every_tokenlab_path(everything, text):
    ids = tokenlab.tokenize(text, encoding="everything").ids
    assert ids == everything.encode_ordinary(text) and tokenlab.count(text, encoding="everything") == len(ids)
    as_tiktoken_reads_it = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # lone surrogates
    assert everything.decode(ids) == as_tiktoken_reads_it


def test_its_ranks_are_a_plain_tiktoken_encoding_of_its_merges(everything):
    import tiktoken

    ranks = {token: rank for rank, token in enumerate(everything.table)}
    plain = tiktoken.Encoding("plain", pat_str=everything._pat_str, mergeable_ranks=ranks, special_tokens={})
    text = load_corpus()["hin"].units["1"] + load_corpus()["cmn_hans"].units["1"]
    assert plain.encode_ordinary(text) == everything.encode_ordinary(text)
    left, right = everything.merges[0]
    assert everything.table[256] == everything.table[left] + everything.table[right]


def test_the_same_settings_give_the_same_ranks_in_another_process():
    mine = train_bpe(800, mix=SMALL, name="same")
    code = (
        "import json; from tokenlab.training import train_bpe; "
        "print(json.dumps(train_bpe(800, mix={'eng': 1, 'cmn_hans': 1}, name='same').merges))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert [tuple(pair) for pair in json.loads(out.stdout)] == mine.merges
    assert train_bpe(800, mix=SMALL, name="same").merges == mine.merges


def test_a_mix_reads_each_language_as_often_as_its_weight():
    once = mixed_texts({"eng": 1})
    assert mixed_texts({"eng": 3}) == once * 3
    assert mixed_texts({"eng": 0.5, "fra": 0}) == once[: round(len(once) / 2)]
    assert mixed_texts({"fra": 1, "eng": 1}) == mixed_texts({"fra": 1}) + once


def test_training_on_more_chinese_makes_chinese_cheaper_on_text_it_never_saw():
    english = train_bpe(1000, mix={"eng": 1, "cmn_hans": 0.2}, name="english_mostly")
    chinese = train_bpe(1000, mix={"eng": 1, "cmn_hans": 10}, name="chinese_heavy")
    table = held_out_premiums([english.name, chinese.name], languages=["eng", "cmn_hans"])
    assert table.loc["eng", "chinese_heavy premium"] == 1.0
    assert table.loc["cmn_hans", "chinese_heavy premium"] < table.loc["cmn_hans", "english_mostly premium"]
    assert english.trained["languages"] == ["eng", "cmn_hans"]


def test_held_out_premiums_are_the_premiums_of_the_held_out_half():
    train_bpe(600, mix=SMALL, name="small")
    mine = held_out_premiums(["small", "o200k_base"], languages=["eng", "cmn_hans", "hin"])
    full = premiums(held_out().select(["eng", "cmn_hans", "hin"]), encodings=["small", "o200k_base"])
    for column in ("small premium", "o200k_base premium", "small tokens"):
        assert mine[column].sort_index().tolist() == pytest.approx(full[column].sort_index().tolist())


def test_the_trained_tokenizer_works_in_tokenize_compare_premiums_and_a_widget():
    from tokenlab.widgets import EncodingComparison, Playground

    train_bpe(700, mix=SMALL, name="mine")
    assert "mine" in tokenlab.encodings() and "mine" in tokenlab.encodings("trained")
    assert tokenlab.encoding_info("mine").n_vocab == 700
    compared = tokenlab.compare("人人生而自由", encodings=["o200k_base", "mine"])
    assert set(compared.counts) == {"o200k_base", "mine"}
    assert "mine" in tokenlab.tokenize("人人生而自由", encoding="mine").to_html()
    assert "mine" in Playground("人人生而自由", "mine", debounce=0).static_html()
    assert "mine" in EncodingComparison("Hello", ["mine"], debounce=0).static_html()
    html = tokenlab.encodings()._repr_html_()
    assert "you (tokenlab.training)" in html


def test_training_again_under_the_same_name_replaces_it():
    train_bpe(256, mix=SMALL, name="again")
    assert tokenlab.count("人人生而自由", encoding="again") == 18  # bytes only: 3 per character
    bigger = train_bpe(2000, mix=SMALL, name="again")
    assert tokenlab.count("人人生而自由", encoding="again") < 18
    assert tokenlab.encoding_info("again").n_vocab == bigger.n_vocab > 256


def test_a_sweep_reports_held_out_compression_and_stops_where_the_text_runs_out():
    table = sweep([300, 1000, 100_000], mix=SMALL, languages=["eng", "cmn_hans"])
    assert table.index.tolist() == [300, 1000, 100_000]
    assert table.loc[100_000, "learned"] < 100_000  # pairs seen twice ran out
    assert table.loc[1000, "held-out bytes/token"] > table.loc[300, "held-out bytes/token"]
    assert (table["eng premium"] == 1.0).all()
    # memorising: at the largest size the training half is compressed much better than the held-out half
    assert table.loc[100_000, "training bytes/token"] > 1.3 * table.loc[100_000, "held-out bytes/token"]


def test_save_and_load_round_trip_as_a_readable_file(tmp_path):
    mine = train_bpe(500, mix=SMALL, name="saved")
    path = mine.save(tmp_path / "mine.json")
    text = path.read_text(encoding="utf-8")
    assert '"format": "tokenlab-bpe"' in text and '"人"' not in text.split('"merges"')[0]
    data = json.loads(text)
    assert len(data["merges"]) == 500 - 256 and data["trained"]["mix"] == {"eng": 1.0, "cmn_hans": 1.0}
    again = load(path, name="loaded")
    assert again.merges == mine.merges and again.name == "loaded"
    sample = load_corpus()["cmn_hans"].units["3"]
    assert tokenlab.tokenize(sample, encoding="loaded").ids == mine.encode_ordinary(sample)


def _broken(tmp_path, change):
    mine = train_bpe(300, mix={"eng": 1}, name="broken")
    data = json.loads(mine.save(tmp_path / "ok.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.update(format="other"), 'does not say "format": "tokenlab-bpe"'),
        (lambda d: d.update(version=7), "version 7 is not one this tokenlab reads"),
        (lambda d: d["merges"].__setitem__(3, [1, 9999, "x"]), r"merge 3 is \[1, 9999, 'x'\]"),
        (lambda d: d["merges"].__setitem__(0, [*d["merges"][0][:2], "zz"]), "merge 0 says it spells 'zz'"),
        (lambda d: d["merges"].append(d["merges"][0]), "which an earlier merge made"),
        (lambda d: d.update(pattern="(unclosed"), "its pattern is not a regular expression"),
        (lambda d: d.update(merges="none"), 'a list of "merges"'),
        (lambda d: d.update(name="bad name!"), "a tokenizer's name is 1 to 40 letters"),
    ],
)
def test_a_malformed_file_is_a_one_line_error(tmp_path, change, match):
    with pytest.raises(ValueError, match=match) as error:
        load(_broken(tmp_path, change))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("content", "match"),
    [(b"{not json", "cannot read .* as a tokenizer: Expecting property name"), (b"\xff\xfe", "cannot read")],
)
def test_a_file_that_is_not_json_or_not_there_is_a_one_line_error(tmp_path, content, match):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        load(path)
    with pytest.raises(ValueError, match="cannot read .*nothing.json' as a tokenizer: No such file"):
        load(tmp_path / "nothing.json")
    with pytest.raises(ValueError, match="cannot read"):
        load(tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"vocab_size": 0}, ValueError, r"vocab_size must be from 256 \(the 256 bytes\) to 200,000, not 0"),
        ({"vocab_size": -5}, ValueError, "not -5"),
        ({"vocab_size": 10**9}, ValueError, "not 1000000000"),
        ({"vocab_size": 2.5}, TypeError, "vocab_size is a whole number, not float"),
        ({"vocab_size": True}, TypeError, "not bool"),
        ({"mix": {"eng": 0, "fra": 0}}, ValueError, "the mix reads no text"),
        ({"mix": {"eng": -1}}, ValueError, "the weight of eng must be from 0 to 1,000, not -1"),
        ({"mix": {"eng": float("nan")}}, ValueError, "the weight of eng must be from 0"),
        ({"mix": {"eng": "1"}}, TypeError, "the weight of eng is a number, not str"),
        ({"mix": {"english": 1}}, ValueError, "the mix names 'english', which the corpus does not have"),
        ({"mix": {"eng": 1000, "mya": 1000}}, ValueError, "this mix reads .* bytes; train on at most 20,000,000"),
        ({"mix": ["eng"]}, TypeError, "mix is a dict of language code to weight"),
        ({"texts": []}, ValueError, "needs some text to learn from"),
        ({"texts": ["", ""]}, ValueError, "needs some text to learn from"),
        ({"texts": "hello"}, TypeError, "texts is a list of texts"),
        ({"texts": [b"hi"]}, TypeError, "decode it first"),
        ({"texts": ["hi"], "mix": {"eng": 1}}, ValueError, "give texts, or a corpus and a mix; not both"),
        ({"name": "o200k_base"}, ValueError, "the name of a shipped encoding"),
        ({"name": "gpt-4o"}, ValueError, "a model name"),
        ({"name": ""}, ValueError, "a tokenizer's name is 1 to 40"),
        ({"pattern": "deepseek_v3"}, ValueError, "3 regexes"),
        ({"pattern": "nope"}, ValueError, "unknown encoding 'nope'"),
        ({"corpus": "udhr"}, TypeError, "corpus is a Corpus"),
    ],
)
def test_bad_settings_are_one_line_errors(kwargs, error, match):
    with pytest.raises(error, match=match) as raised:
        train_bpe(**{"vocab_size": 300, **kwargs})
    assert "\n" not in str(raised.value)


def test_errors_are_said_in_the_students_language():
    tokenlab.set_language("zh_CN")
    with pytest.raises(ValueError, match="vocab_size") as raised:
        train_bpe(0)
    assert "256" in str(raised.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(raised.value))


def test_your_own_texts_train_whole_and_a_tiny_text_stops_early():
    mine = train_bpe(1000, texts=["low lower lowest " * 3, "newest widest"], name="texts")
    assert 256 < mine.n_vocab < 1000 and mine.trained["corpus"] == "your texts"
    assert "ran out of pairs seen at least twice" in repr(mine)
    assert mine.learned(2)[0].startswith("'l' + 'o'") or mine.learned(2)[0].startswith("'·' + 'l'")


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(data=st.fixed_dictionaries(
    {"format": st.sampled_from(["tokenlab-bpe", "x"]), "version": st.sampled_from([1, 2, "1"])},
    optional={"name": _json | st.just("ok_name"), "pattern": _json | st.just("\\w+|\\s"), "merges": _json,
              "trained": _json},
))  # fmt: skip
def test_any_json_in_a_tokenizer_file_loads_or_is_a_one_line_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        encoding = load(path)
    except ValueError as error:
        assert str(error) and "\n" not in str(error)
    else:
        registry.unregister(encoding.name)
