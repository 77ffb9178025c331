from __future__ import annotations

import unicodedata

import pytest

from tokenlab.corpus import load_corpus

REQUIRED = [
    "eng",
    "cmn_hans",
    "cmn_hant",
    "jpn",
    "kor",
    "hin",
    "arb",
    "rus",
    "spa",
    "fra",
    "deu",
    "por",
    "ita",
    "vie",
    "tha",
    "mya",
    "amh",
    "tam",
    "ben",
    "tel",
    "ell",
    "tur",
    "ind",
    "ukr",
    "heb",
    "swh",
    "khm",
    "kat",
    "hye",
]


def test_the_bundled_udhr_has_at_least_40_languages_including_the_required_ones():
    udhr = load_corpus()
    assert len(udhr) >= 40 and set(REQUIRED) <= set(udhr)
    assert len({lang.script for lang in udhr.values()}) >= 20


def test_every_language_has_the_30_articles_aligned_and_nfc():
    udhr = load_corpus()
    for lang in udhr.values():
        assert [u for u in lang.units if u != "preamble"] == [str(n) for n in range(1, 31)], lang.code
        assert all(text.strip() and unicodedata.is_normalized("NFC", text) for text in lang.units.values())
    assert "preamble" in udhr["eng"].units and "preamble" not in udhr["amh"].units  # the source has none


def test_article_1_reads_as_expected():
    udhr = load_corpus()
    assert udhr["eng"].units["1"].startswith("All human beings are born free and equal in dignity and rights.")
    assert udhr["cmn_hans"].units["1"].startswith("人人生而自由")
    assert udhr["eng"].name == "English" and udhr["mya"].words == "none"


def test_a_folder_in_the_flores_layout(tmp_path):
    (tmp_path / "eng_Latn.dev").write_text("Hello.\nGood night.\n", encoding="utf-8")
    (tmp_path / "zho_Hans.dev").write_text("你好。\n晚安。\n", encoding="utf-8")
    (tmp_path / "cafe\u0301.txt").write_text("Cafe\u0301.\nOk.\n", encoding="utf-8")  # a decomposed é, in the text too
    corpus = load_corpus(tmp_path)
    assert sorted(corpus) == ["café".replace("é", "e\u0301"), "eng_Latn", "zho_Hans"]
    assert corpus["zho_Hans"].script == "Hans" and corpus["zho_Hans"].words == "jieba"
    assert corpus["eng_Latn"].units == {"1": "Hello.", "2": "Good night."}
    assert corpus["cafe\u0301"].units["1"] == "Café."  # NFC


def test_a_mapping_of_texts_or_lines():
    corpus = load_corpus({"eng": "One.\nTwo.", "fra": ["Un.", "Deux."]})
    assert corpus["fra"].units == {"1": "Un.", "2": "Deux."}
    assert corpus["eng"].name == "English"  # known codes keep their names


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"eng.txt": "a\nb\n", "fra.txt": "a\n"}, "fra.txt has 1 lines but eng.txt has 2"),
        ({"eng.txt": "a\n", "fra.txt": ""}, "fra.txt is empty"),
        ({"eng.txt": "a\n", "fra.txt": b"\xff\xfe\x00"}, "fra.txt is not UTF-8 text"),
    ],
)
def test_bad_files_are_named_in_a_clear_error(tmp_path, files, message):
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ValueError, match=message):
        load_corpus(tmp_path)


def test_not_a_folder_and_unknown_language(tmp_path):
    with pytest.raises(ValueError, match="is not a folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(KeyError, match="no language 'en'.*Did you mean"):
        load_corpus()["en"]


def test_a_byte_order_mark_is_not_text(tmp_path):
    (tmp_path / "eng.txt").write_bytes("\ufeffHello.\nBye.\n".encode())
    (tmp_path / "fra.txt").write_text("Bonjour.\nAu revoir.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus["eng"].units["1"] == "Hello."
    assert load_corpus({"eng": "\ufeffHi", "deu": ["\ufeffHallo"]})["deu"].units == {"1": "Hallo"}


@pytest.mark.parametrize("text", [b"Hello.\nBye.", bytearray(b"Hi"), 42, None, ["ok", b"bytes"], ["ok", None]])
def test_texts_that_are_not_str_are_refused_clearly(text):
    with pytest.raises(TypeError, match="'fra'"):
        load_corpus({"eng": "Hello.\nBye.", "fra": text})


def test_a_lone_surrogate_in_a_mapping_reads_as_a_replacement_character():
    assert load_corpus({"eng": "a\ud800b"})["eng"].units == {"1": "a\ufffdb"}


def test_languages_are_named_in_the_language_tokenlab_speaks():
    from tokenlab._i18n import speaking

    udhr = load_corpus()
    with speaking("zh_CN"):
        assert (udhr["kor"].local_name, udhr["kor"].local_script) == ("韩语", "韩文（谚文）")
        assert udhr["ell"].local_name == "希腊语" and udhr["rus"].local_script == "西里尔文"
        assert all(lang.local_name != lang.name for lang in udhr.values())  # every bundled language has one
        assert load_corpus({"eng": "Hi.", "xyz": "Hu."})["xyz"].local_name == "xyz"  # unknown: its code
    assert udhr["kor"].local_name == "Korean"


def test_chinese_names_sort_by_pinyin_and_gurmukhi_has_its_common_chinese_name():
    from tokenlab._i18n import speaking

    udhr = load_corpus()
    with speaking("zh_CN"):
        names = [lang.local_name for lang in sorted(udhr.values(), key=lambda lang: lang.sort_key)]
        assert names[:3] == ["阿拉伯语", "阿姆哈拉语", "巴西葡萄牙语"] and names[-1] == "祖鲁语"
        # by code point, 乌 (U+4E4C) would come before 俄 (U+4FC4): by pinyin, é comes first
        assert names.index("俄语") < names.index("乌尔都语") < names.index("英语")
        assert udhr["sin"].sort_key == "seng1 qie2 luo2 yu3"  # 伽 read qié in 僧伽罗, not gā
        assert udhr["pan"].local_script == "古木基文"
    assert udhr["arb"].sort_key == "arabic"
