from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab import _shipped, registry

from . import reference_render
from .conftest import DATA
from .strategies import texts

ALL = ["r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"]


def test_encodings_lists_every_shipped_encoding_oldest_first_then_the_other_vendors():
    assert tokenlab.encodings() == [*ALL, "qwen", "qwen3.6", "deepseek_v3", "tekken"]
    assert tokenlab.encodings("openai") == ALL
    assert tokenlab.encodings("alibaba") == ["qwen", "qwen3.6"]
    assert tokenlab.encodings().vendors == {
        **dict.fromkeys(ALL, "openai"),
        "qwen": "alibaba",
        "qwen3.6": "alibaba",
        "deepseek_v3": "deepseek",
        "tekken": "mistral",
    }
    with pytest.raises(ValueError, match="unknown vendor 'meta'"):
        tokenlab.encodings("meta")


def test_encodings_and_models_show_as_tables_with_vendors_and_notes():
    html = tokenlab.encodings()._repr_html_()
    assert "Alibaba (Qwen)" in html and "151,669" in html and "tex2jax_ignore" in html
    table = tokenlab.models("deepseek")
    assert set(table.values()) == {"deepseek_v3"} and "deepseek-reasoner" in table
    assert "special tokens are V4" in table._repr_html_()


@pytest.mark.parametrize("name", ALL)
def test_each_encoding_has_tiktokens_vocabulary_and_special_tokens(name, reference):
    ours, theirs = tokenlab.get_encoding(name), reference(name)
    assert ours.name == theirs.name == name
    assert ours.n_vocab == theirs.n_vocab
    assert ours._special_tokens == theirs._special_tokens
    assert ours._pat_str == theirs._pat_str
    assert ours._mergeable_ranks == theirs._mergeable_ranks


@pytest.mark.parametrize("name", ALL)
@given(text=texts)
def test_ids_equal_tiktokens_for_any_text(name, reference, text):
    ours, theirs = tokenlab.get_encoding(name), reference(name)
    assert ours.encode_ordinary(text) == theirs.encode_ordinary(text)
    assert ours.encode(text, allowed_special="all") == theirs.encode(text, allowed_special="all")


def test_shipped_files_match_the_hashes_tiktoken_pins():
    from tiktoken_ext import openai_public

    pinned = _shipped._sums("encodings")
    source = open(openai_public.__file__, encoding="utf-8").read()
    for gz in DATA.glob("*.tiktoken.gz"):
        digest = hashlib.sha256(gzip.decompress(gz.read_bytes())).hexdigest()
        assert digest == pinned[gz.name.removesuffix(".gz")]
        assert f'expected_hash="{digest}"' in source


def test_a_damaged_file_is_refused_with_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "r50k_base.tiktoken.gz"
    fake.write_bytes(gzip.compress(b"aGVsbG8= 0\n"))
    real = _shipped.data_file
    monkeypatch.setattr(
        _shipped, "data_file", lambda folder, name: fake if name.endswith(".gz") else real(folder, name)
    )
    monkeypatch.setattr(registry, "_loaded", {})
    with pytest.raises(RuntimeError, match="is damaged.*pip install --force-reinstall"):
        registry.get_encoding("r50k_base")


def test_a_rank_file_we_do_not_ship_is_never_downloaded():
    with pytest.raises(RuntimeError, match="ships no rank file"):
        _shipped._load_tiktoken_bpe("https://example.com/new_base.tiktoken", "0" * 64)


def test_loading_leaves_tiktokens_own_loader_in_place(monkeypatch):
    from tiktoken import load
    from tiktoken_ext import openai_public

    monkeypatch.setattr(registry, "_loaded", {})
    registry.get_encoding("o200k_harmony")  # its constructor calls o200k_base's: both read our files
    assert openai_public.load_tiktoken_bpe is load.load_tiktoken_bpe


def test_an_encoding_keeps_no_python_copy_of_its_ranks_but_reads_them_when_asked(reference):
    code = (
        "import gc, tokenlab; enc = tokenlab.get_encoding('o200k_base'); gc.collect(); "
        "print(enc._held is None or enc._held() is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"]
    enc = tokenlab.get_encoding("r50k_base")
    ranks = enc._mergeable_ranks
    assert type(ranks).__mro__[1] is dict and ranks == reference("r50k_base")._mergeable_ranks
    assert enc._mergeable_ranks is ranks  # read once while it is held
    del ranks
    assert enc._held() is None  # and freed when no one holds it


@pytest.mark.parametrize("name", ["r50k_base", "o200k_harmony"])
def test_a_pickled_encoding_comes_back_whole(name):
    import pickle

    enc = pickle.loads(pickle.dumps(tokenlab.get_encoding(name)))
    assert enc.encode("Hello <|endoftext|> 你好", allowed_special="all") == tokenlab.get_encoding(name).encode(
        "Hello <|endoftext|> 你好", allowed_special="all"
    )


@pytest.mark.parametrize(("variant", "base"), sorted(registry._ORDINARY_AS.items()))
def test_an_encoding_that_only_adds_special_tokens_has_its_bases_ranks_and_pattern(variant, base):
    ours, theirs = _shipped.openai_encoding(variant, ranks=False), _shipped.openai_encoding(base, ranks=False)
    assert ours["mergeable_ranks"] == theirs["mergeable_ranks"]  # the same rank file, with the same hash
    assert ours["pat_str"] == theirs["pat_str"]
    assert set(ours["special_tokens"]) > set(theirs["special_tokens"])
    assert registry.ordinary_encoding(variant) is registry.get_encoding(base)


def test_ordinary_text_never_builds_an_encoding_that_only_adds_special_tokens():
    code = (
        "import tokenlab, tokenlab.registry as r\n"
        "tokenlab.count('hi', encoding='o200k_harmony'); tokenlab.tokenize('hi', model='gpt-oss-120b').to_html()\n"
        "tokenlab.count('hi', encoding='p50k_edit'); print(*sorted(r._loaded))\n"
        "tokenlab.tokenize('<|return|>', encoding='o200k_harmony', allowed_special='all'); print(*sorted(r._loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["o200k_base p50k_base", "o200k_base o200k_harmony p50k_base"]


@pytest.mark.parametrize("name", ALL)
def test_encoding_info_tells_what_the_built_encoding_has(name, reference):
    info, enc = tokenlab.encoding_info(name), reference(name)
    assert info.name == name
    assert info.n_vocab == enc.n_vocab
    assert info.ranks == len(enc._mergeable_ranks)
    assert info.special_tokens == enc._special_tokens
    assert info.pattern == enc._pat_str


def test_encoding_info_builds_nothing():
    code = "import sys, tokenlab, tokenlab.registry as r; [tokenlab.encoding_info(n) for n in tokenlab.encodings()]; "
    code += "tokenlab.models()._repr_html_(); tokenlab.encodings()._repr_html_(); "
    code += "print(len(r._loaded), 'tokenizers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-2024-08-06", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-3.5-turbo-0613", "cl100k_base"),
        ("text-davinci-003", "p50k_base"),
        ("davinci", "r50k_base"),
        ("gpt-oss-120b", "o200k_harmony"),
        ("gpt2", "r50k_base"),
        ("o1", "o200k_base"),
    ],
)
def test_models_map_to_encodings_by_tiktokens_table(model, encoding):
    assert tokenlab.encoding_for_model(model) == encoding
    assert tokenlab.get_encoding(model=model).name == encoding
    assert tokenlab.get_encoding(model).name == encoding  # a model is accepted where an encoding is


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("qwen-max", "qwen"),
        ("qwen-plus-2025-01-25", "qwen"),
        ("Qwen/Qwen3-8B", "qwen"),
        ("qwen2.5-7b-instruct", "qwen"),
        ("qwen3.5-27b", "qwen3.6"),
        ("Qwen/Qwen3.6-35B-A3B", "qwen3.6"),
        ("deepseek-chat", "deepseek_v3"),
        ("deepseek-reasoner", "deepseek_v3"),
        ("deepseek-ai/DeepSeek-R1", "deepseek_v3"),
        ("open-mistral-nemo", "tekken"),
        ("mistralai/Mistral-Nemo-Instruct-2407", "tekken"),
        ("ministral-8b-latest", "tekken"),
    ],
)
def test_other_vendors_models_map_to_their_tokenizers(model, encoding):
    assert tokenlab.encoding_for_model(model) == encoding
    assert registry.resolve(model) == encoding


def test_models_no_vendor_table_knows_are_refused_as_before():
    with pytest.raises(ValueError, match="unknown model 'llama-3-8b'"):
        tokenlab.encoding_for_model("llama-3-8b")
    with pytest.raises(ValueError, match="unknown model"):
        tokenlab.encoding_for_model("mistral-large-2411")  # not Tekken (mistral-common: SentencePiece v7)


def test_models_come_from_tiktokens_own_table():
    from tiktoken.model import MODEL_TO_ENCODING

    assert set(tokenlab.models("openai")) == set(MODEL_TO_ENCODING)
    assert all(enc in ALL for enc in tokenlab.models("openai").values())
    assert set(tokenlab.models()) - set(MODEL_TO_ENCODING) == set(tokenlab.models("alibaba")) | set(
        tokenlab.models("deepseek")
    ) | set(tokenlab.models("mistral"))


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: tokenlab.get_encoding("o200k"), r"unknown encoding 'o200k'\. Did you mean 'o200k_base'"),
        (lambda: tokenlab.get_encoding("cl100k-base"), "Did you mean 'cl100k_base'"),
        (lambda: tokenlab.get_encoding(model="gpt-4x"), r"unknown model 'gpt-4x'\. Did you mean 'gpt-4'"),
        (lambda: tokenlab.count("hi", encoding="nope"), "Valid encodings: r50k_base, p50k_base"),
        (lambda: tokenlab.tokenize("hi", model="claude-3"), "unknown model 'claude-3'"),
        (lambda: tokenlab.get_encoding("cl100k_base", model="gpt-4o"), "model 'gpt-4o' uses o200k_base"),
    ],
)
def test_unknown_names_raise_valueerror_with_choices_and_close_matches(call, expected):
    with pytest.raises(ValueError, match=expected):
        call()


def test_each_encoding_loads_once_and_is_shared():
    assert tokenlab.get_encoding("cl100k_base") is tokenlab.get_encoding(model="gpt-4")


def test_importing_tokenlab_loads_no_encoding():
    code = "import tokenlab, tokenlab.registry as r, sys; "
    code += "print(len(r._loaded), 'tiktoken_ext.openai_public' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]


@pytest.mark.parametrize("name", ALL)
def test_token_bytes_are_the_table_tokenlab_always_built_for_every_id(name, reference):
    table, expected = registry.token_bytes(name), reference_render.table_of(reference(name))
    assert [table[token_id] for token_id in range(len(expected))] == expected
    with pytest.raises(IndexError):
        table[len(expected)]


@given(
    st.sampled_from(["deepseek-r1-distill-qwen", "DeepSeek-R1-Distill-Llama", "DeepSeek-R1-0528-Qwen3"]),
    st.sampled_from(["-1.5b", "-7b", "-8B", "-14b", "-32B", "-70b", "", "-GGUF"]),
    st.sampled_from(["", "deepseek-ai/", "unsloth/", "  "]),
)
def test_deepseeks_distilled_models_are_refused_naming_the_tokenizer_they_use(family, size, org):
    model = org + family + size
    base = {"deepseek-r1-distill-qwen": "Qwen 2.5", "deepseek-r1-distill-llama": "Llama 3"}.get(family.lower(), "Qwen3")
    for call in (
        lambda: tokenlab.encoding_for_model(model),
        lambda: tokenlab.count("hi", model=model),
        lambda: tokenlab.count("hi", encoding=model),
        lambda: tokenlab.tokenize("hi", encoding=model),
    ):
        with pytest.raises(ValueError, match=f"is {base} fine-tuned by DeepSeek.*does not ship"):
            call()
    assert all("distill" not in name for name in tokenlab.models())


@pytest.mark.parametrize("model", ["deepseek-r1", "deepseek-ai/DeepSeek-R1-0528", "deepseek-r1-0528", "DeepSeek-V3.1"])
def test_deepseeks_own_models_still_map_to_its_tokenizer(model):
    assert tokenlab.encoding_for_model(model) == "deepseek_v3"
