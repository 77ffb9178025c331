"""Rebuild tokenlab's names of languages and scripts in Chinese, from the Unicode CLDR (via Babel).

    python scripts/build_names.py

Writes tokenlab/data/names/names.json: for each language of the bundled corpus, its name and its
script's name in Simplified Chinese, as the CLDR data that ships with the Babel package gives them,
and the name's pinyin (from pypinyin) as the key that sorts the names the way a Chinese reader looks
them up, by pinyin rather than by code point. Babel and pypinyin are read at build time only:
tokenlab needs neither at run time. Also writes SHA256SUMS and NOTICE.
"""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path

import babel
import pypinyin
from babel import Locale
from pypinyin import Style, lazy_pinyin, load_phrases_dict
from sha256sums import write_sums

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tokenlab" / "data" / "names"

# tokenlab's language code -> (CLDR language code, ISO 15924 script code)
LANGUAGES = {
    "eng": ("en", "Latn"), "cmn_hans": ("zh_Hans", "Hans"), "cmn_hant": ("zh_Hant", "Hant"), "jpn": ("ja", "Jpan"),
    "kor": ("ko", "Hang"), "hin": ("hi", "Deva"), "mar": ("mr", "Deva"), "ben": ("bn", "Beng"), "pan": ("pa", "Guru"),
    "guj": ("gu", "Gujr"), "tam": ("ta", "Taml"), "tel": ("te", "Telu"), "kan": ("kn", "Knda"), "mal": ("ml", "Mlym"),
    "sin": ("si", "Sinh"), "urd": ("ur", "Arab"), "arb": ("ar", "Arab"), "pes": ("fa", "Arab"), "heb": ("he", "Hebr"),
    "amh": ("am", "Ethi"), "tha": ("th", "Thai"), "lao": ("lo", "Laoo"), "mya": ("my", "Mymr"), "khm": ("km", "Khmr"),
    "kat": ("ka", "Geor"), "hye": ("hy", "Armn"), "ell": ("el", "Grek"), "rus": ("ru", "Cyrl"), "ukr": ("uk", "Cyrl"),
    "bul": ("bg", "Cyrl"), "kaz": ("kk", "Cyrl"), "spa": ("es", "Latn"), "fra": ("fr", "Latn"), "deu": ("de", "Latn"),
    "por": ("pt_BR", "Latn"), "ita": ("it", "Latn"), "nld": ("nl", "Latn"), "swe": ("sv", "Latn"),
    "pol": ("pl", "Latn"),
    "ces": ("cs", "Latn"), "ron": ("ro", "Latn"), "hun": ("hu", "Latn"), "fin": ("fi", "Latn"), "tur": ("tr", "Latn"),
    "vie": ("vi", "Latn"), "ind": ("id", "Latn"), "tgl": ("tl", "Latn"), "swh": ("sw", "Latn"), "yor": ("yo", "Latn"),
    "hau": ("ha", "Latn"), "zul": ("zu", "Latn"), "som": ("so", "Latn"),
}  # fmt: skip
# Where CLDR's short script name would read oddly beside a language name, say what it is; and
# Gurmukhi by the name Chinese references use (CLDR has 果鲁穆奇文, which few readers would know).
SCRIPT_NAMES = {
    "Hans": "汉字（简体）", "Hant": "汉字（繁体）", "Jpan": "日文（汉字和假名）", "Hang": "韩文（谚文）",
    "Guru": "古木基文",
}  # fmt: skip
# Readings pypinyin gets wrong in these names (僧伽罗 is sēng qié luó, 乌尔都 wū ěr dū, 缅甸 miǎn diàn).
READINGS = {"僧伽罗": ["sēng", "qié", "luó"], "乌尔都": ["wū", "ěr", "dū"], "缅甸": ["miǎn", "diàn"]}


def pinyin_key(name: str) -> str:
    """The key that sorts a Chinese name by its pinyin, syllable by syllable, tone as a digit.

    >>> pinyin_key("阿拉伯语")
    'a1 la1 bo2 yu3'
    """
    return " ".join(lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True))


NOTICE = """Names of languages and scripts
==============================

File: names.json, the name of each language of the bundled corpus, and of its script, in Simplified
Chinese (zh_CN), as the Unicode Common Locale Data Repository (CLDR) gives them in the data that
ships with Babel {babel} (https://babel.pocoo.org), taken by scripts/build_names.py on {date}. Four
script names are written out more fully (汉字（简体）, 汉字（繁体）, 日文（汉字和假名）, 韩文（谚文）), and
Gurmukhi is 古木基文, the name Chinese references use, where CLDR has 果鲁穆奇文. Each name also
carries its pinyin ("sort"), from pypinyin {pypinyin} (https://github.com/mozillazg/python-pinyin,
MIT-licensed), with three readings corrected by hand (僧伽罗, 乌尔都, 缅甸): the key that sorts the
names by pinyin.

CLDR (https://cldr.unicode.org) is © Unicode, Inc., under the Unicode License v3
(https://www.unicode.org/license.txt). Babel is BSD-licensed.
SHA256SUMS pins names.json.gz as stored and decompressed.
"""


def main() -> None:
    zh = Locale.parse("zh_Hans_CN")
    load_phrases_dict({phrase: [[syllable] for syllable in readings] for phrase, readings in READINGS.items()})
    names = {}
    for code, (language, script) in LANGUAGES.items():
        name = zh.languages[language]
        names[code] = {
            "zh_CN": {
                "name": name,
                "script": SCRIPT_NAMES.get(script, zh.scripts[script]),
                "sort": pinyin_key(name),
            }
        }
    data = (json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "names.json.gz").write_bytes(gzip.compress(data, mtime=0))
    write_sums(OUT)
    (OUT / "NOTICE").write_text(
        NOTICE.format(babel=babel.__version__, pypinyin=pypinyin.__version__, date=datetime.date.today().isoformat()),
        encoding="utf-8",
    )
    print(
        f"{len(names)} languages: names from CLDR via Babel {babel.__version__},",
        f"pinyin from pypinyin {pypinyin.__version__}",
    )


if __name__ == "__main__":
    main()
