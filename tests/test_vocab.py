"""The vocabulary X-ray: its shipped figures against a plain scan of every vocabulary, its list of
common characters against jieba's dictionary, and what it shows.

The scan reads each vocabulary's ranks from its files, not through tokenlab (tiktoken's own encodings
for OpenAI's, the vendors' files for the others), and encodes each token's text again with tiktoken
itself (OpenAI's), Hugging Face ``tokenizers`` on DeepSeek's tokenizer.json, and tokenlab's Qwen and
Tekken tokenizers (tiktoken on the vendors' rank files, checked against theirs in test_vendors.py).
It costs about 17 s for all eight vocabularies (two more share their ranks with these) on two quiet
cores, and over a minute when they are busy.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from importlib import metadata
from pathlib import Path

import pytest

import tokenlab
from tokenlab import vocab
from tokenlab.vocab import CATEGORIES, LEVELS, hanzi, script_of, xray

from . import vendor_refs

DATA = Path(tokenlab.__file__).parent / "data" / "vocab"
SCANNED = ["r50k_base", "p50k_base", "cl100k_base", "o200k_base", "qwen", "qwen3.6", "deepseek_v3", "tekken"]
TWINS = {"p50k_edit": "p50k_base", "o200k_harmony": "o200k_base"}


def _figures() -> dict:
    return json.loads(gzip.decompress((DATA / "xray.json.gz").read_bytes()))


def _batch_encoder(name, reference):
    """Ids for many texts at once, ordinary text (no special tokens): tiktoken's own encodings for
    OpenAI's; DeepSeek's tokenizer.json read by Hugging Face ``tokenizers``; tokenlab's Qwen and Tekken
    (tiktoken on the vendors' rank files, which tests/test_vendors.py checks against their own)."""
    if name in tokenlab.encodings("openai"):
        enc = reference(name)
        return lambda texts: [enc.encode_ordinary(t) for t in texts]
    if name == "deepseek_v3":
        from tokenizers import Tokenizer

        json_text = vendor_refs.without_added_tokens(vendor_refs.deepseek_tokenizer_json())
        tokenizer = Tokenizer.from_str(json_text)
        return lambda texts: [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    enc = tokenlab.get_encoding(name)
    return lambda texts: [enc.encode_ordinary(t) for t in texts]


def _ranks(name, reference) -> dict[int, bytes]:
    """Every token merges can make, by id, read from the rank files (tiktoken's own Encoding for
    OpenAI's, the vendors' files for the others)."""
    if name in tokenlab.encodings("openai"):
        return {rank: token for token, rank in reference(name)._mergeable_ranks.items()}
    config = json.loads((vendor_refs.DATA / "vendors.json").read_text())[name]
    specials = set(config["special_tokens"].values())
    if name == "deepseek_v3" or name == "tekken":
        table = vendor_refs.token_table(name)
    else:
        ranks = vendor_refs.shipped_ranks(config["file"])
        return {rank: token for token, rank in ranks.items()}
    return {i: raw for i, raw in enumerate(table) if raw and i not in specials}


def _readable(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "⟨" + raw.hex(" ") + "⟩"


@pytest.mark.parametrize("name", SCANNED)
def test_the_shipped_figures_equal_a_plain_scan_of_the_vocabulary(name, reference):
    shipped = _figures()["encodings"][name]
    ranks = _ranks(name, reference)
    encode = _batch_encoder(name, reference)
    texts = {}
    for i, raw in ranks.items():
        try:
            texts[i] = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    order = sorted(texts)
    back = dict(zip(order, encode([texts[i] for i in order]), strict=True))
    unreachable = [[i, texts[i], back[i], [_readable(ranks[j]) for j in back[i]]] for i in order if back[i] != [i]]
    categories = Counter(script_of(raw) for raw in ranks.values())
    longest = sorted(texts, key=lambda i: (-len(texts[i]), i))[:20]
    characters = hanzi()
    per_character = encode(list(characters))

    assert shipped["ranks"] == len(ranks)
    assert shipped["scripts"] == dict(categories)
    assert shipped["unreachable"] == unreachable
    assert shipped["longest"] == [[i, texts[i]] for i in longest]
    assert shipped["hanzi"] == "".join(str(len(ids)) for ids in per_character)
    for category, examples in shipped["examples"].items():
        assert all(script_of(ranks[i]) == category for i, _t in examples)
        assert [t for _i, t in examples] == [texts[i] for i, _t in examples]


def test_encodings_that_only_add_special_tokens_have_their_bases_figures():
    figures = _figures()["encodings"]
    for twin, base in TWINS.items():
        assert {k: v for k, v in figures[twin].items() if k != "special"} == {
            k: v for k, v in figures[base].items() if k != "special"
        }
    assert set(figures) == set(tokenlab.encodings())


def test_the_common_characters_are_jiebas_dictionary_ranked_by_frequency():
    """Rebuilt from the dictionary of the jieba package installed (the same file as the pinned sdist's
    member, by its SHA-256 in the NOTICE), by a loop of its own."""
    path = Path(metadata.distribution("jieba").locate_file("jieba/dict.txt"))
    raw = path.read_bytes()
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    assert hashlib.sha256(raw).hexdigest() in re.sub(r"\s+", "", notice)

    def mojibake(c: str) -> bool:  # UTF-8 misread as GBK: a lead byte (U+4000-U+9FFF, U+F000-U+FFFF), a continuation
        b = c.encode("gbk", errors="replace")
        return len(b) == 2 and (b[0] in range(0xE4, 0xEA) or b[0] == 0xEF) and b[1] in range(0x80, 0xC0)

    frequency: Counter[str] = Counter()
    for line in raw.decode("utf-8").splitlines():
        word, count = line.split()[:2]
        if len(word) == 1 and mojibake(word):
            continue
        for character in word:
            frequency[character] += int(count)

    def gb2312_hanzi(c: str) -> bool:
        try:
            b = c.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return len(b) == 2 and b[0] >= 0xB0

    ranked = sorted((c for c in frequency if gb2312_hanzi(c)), key=lambda c: (-frequency[c], c))
    assert hanzi() == "".join(ranked[:3500])
    assert len(set(hanzi())) == 3500 and hanzi(10) == "一是人了不在有大中国"


def test_the_common_characters_hold_no_mojibake_and_keep_the_real_rare_ones():
    """jieba's dictionary has UTF-8 misread as GBK as one-character words (锛 12605, 杩 3505): the
    reader of lesson 08 found about 20 of them among the 3,500. Real characters with such bytes stay."""
    common = hanzi()
    for garbled in "涓锛浜澶杩涔浣灏瀹缁蹇杈寮灞璁褰娌姝浼瀵搴璺":
        assert garbled not in common
    assert all(c in common for c in "您姊浏浠")  # 浠: 浠水, a county


def test_shipped_data_is_pinned_by_its_sha256():
    sums = dict(reversed(line.split()) for line in (DATA / "SHA256SUMS").read_text().splitlines())
    for name in ("hanzi.json", "xray.json"):
        raw = (DATA / f"{name}.gz").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sums[f"{name}.gz"]  # the file as shipped
        assert hashlib.sha256(gzip.decompress(raw)).hexdigest() == sums[name]  # and what it holds
    assert _figures()["hanzi_sha256"] == sums["hanzi.json"]


@pytest.mark.parametrize(
    ("token", "category"),
    [
        ("Hello", "latin"), (" naïve", "latin"), ("你好", "han"), ("です", "kana"), ("안녕", "hangul"),
        ("привет", "cyrillic"), ("مرحبا", "arabic"), ("γεια", "greek"), ("שלום", "hebrew"), ("สวัสดี", "thai"),
        ("नमस्ते", "devanagari"), ("ሰላም", "other"), ("日本の", "mixed"), ("abcд", "mixed"), (" 2024", "digits"),
        ("１０", "digits"), ("\n\n", "space"), ("},", "symbols"), ("ー", "symbols"), ("ing!", "latin"),
    ],
)  # fmt: skip
def test_a_token_is_sorted_by_the_script_of_its_letters(token, category):
    assert script_of(token.encode("utf-8")) == category


def test_bytes_that_are_only_part_of_a_character_are_fragments():
    assert script_of("你".encode()[:2]) == "fragment" and script_of(b"\xa0") == "fragment"


def test_every_category_has_a_label_in_both_languages():
    for code in CATEGORIES:
        assert vocab.label(code)
        with tokenlab._i18n.speaking("zh_CN"):
            assert vocab.label(code) != CATEGORIES[code] or code in ("digits",)


def test_the_xray_reads_what_was_counted_and_shows_it():
    x = xray("o200k_base")
    assert sum(x.scripts.values()) == x.ranks == 199_998
    assert [x.literacy(n) for n in LEVELS] == sorted(x.literacy(n) for n in LEVELS)
    assert x.hanzi_tokens(3500).count(1) == x.literacy()
    assert x.unreachable[0] == vocab.Unreachable(3413, " I'", (357, 6), (" I", "'"))
    html = x.to_html()
    assert "199,998" in html and "tex2jax_ignore" in html and "<script" not in html
    assert "\ufffd" not in html
    assert xray(model="qwen-plus").encoding == "qwen" and len(xray("qwen").unreachable) > 1000
    assert xray("r50k_base").longest(3, script="latin")[2].text == "rawdownloadcloneembedreportprint"


def test_spam_for_pornography_and_gambling_is_masked_in_the_report():
    """o200k_base's longest Chinese tokens and its unreachable ones hold porn and gambling spam (the
    teacher's read of lesson 08): the report never shows their text, and says why there are boxes."""
    import tokenlab.vocab as vocab

    known = {  # o200k_base's, as its rank file has them
        185118: "_日本毛片免费视频观看",
        128031: "久久免费热在线精品",
        55935: " 彩神争霸大发快三",
    }
    x = xray("o200k_base", script="han", longest=20)
    assert {t.id: t.text for t in x.longest(20, script="han") if t.id in known} == known
    for name in tokenlab.encodings():
        for script in (None, *CATEGORIES):
            html = xray(name, script=script, longest=20).to_html()
            for word in ("毛片", "无码", "亚洲AV", "A片", "做爰", "久久免费", "彩神争霸", "快三", "赛车pk"):
                assert word not in html, (name, script, word)
    assert all(vocab.masked(u.text) for u in x.unreachable if "AV" in u.text)
    html = x.to_html()
    assert "■■■" in html and "pornography" in html and "天天中彩票" not in html
    assert "彩票" in xray("o200k_base").to_html()  # the word itself stays
    assert not vocab.masked(" AVG") and not vocab.masked("大发展")


def test_shares_never_round_up_to_a_whole():
    html = xray("o200k_base").to_html()
    assert "99.5%" in html and "100.0%" in html  # 995 of the first 1,000; all of the first 500
    assert "(59.0%)" in html


def test_a_model_name_works_and_bad_names_get_one_line_errors():
    assert xray("gpt-4o").encoding == "o200k_base"
    with pytest.raises(ValueError, match="unknown encoding"):
        xray("o300k")
    with pytest.raises(ValueError, match="unknown script"):
        xray("o200k_base", script="klingon")
    with pytest.raises(ValueError, match="top must be from 1"):
        xray("o200k_base", top=0)
    with pytest.raises(TypeError):
        xray("o200k_base", longest="10")


def test_the_xray_loads_no_tokenizer():
    import subprocess
    import sys

    code = (
        "import tokenlab, sys; from tokenlab import registry, vocab; "
        "[vocab.xray(n).to_html() for n in tokenlab.encodings()]; print(len(registry._loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
