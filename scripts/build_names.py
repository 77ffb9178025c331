"""Rebuild tokenlab's names of languages and scripts in Chinese, from the Unicode CLDR (via Babel).

    python scripts/build_names.py

Writes tokenlab/data/names/names.json: for each language of the bundled corpus, its name and its
script's name in Simplified Chinese, as the CLDR data that ships with the Babel package gives them
(read at build time; tokenlab does not need Babel at run time), plus SHA256SUMS and NOTICE.
"""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path

import babel
from babel import Locale
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
# Where CLDR's short script name would read oddly beside a language name, say what it is.
SCRIPT_NAMES = {"Hans": "汉字（简体）", "Hant": "汉字（繁体）", "Jpan": "日文（汉字和假名）", "Hang": "韩文（谚文）"}

NOTICE = """Names of languages and scripts
==============================

File: names.json, the name of each language of the bundled corpus, and of its script, in Simplified
Chinese (zh_CN), as the Unicode Common Locale Data Repository (CLDR) gives them in the data that
ships with Babel {babel} (https://babel.pocoo.org), taken by scripts/build_names.py on {date}. Four
script names are written out more fully (汉字（简体）, 汉字（繁体）, 日文（汉字和假名）, 韩文（谚文）).

CLDR (https://cldr.unicode.org) is © Unicode, Inc., under the Unicode License v3
(https://www.unicode.org/license.txt). Babel is BSD-licensed.
SHA256SUMS pins names.json.gz as stored and decompressed.
"""


def main() -> None:
    zh = Locale.parse("zh_Hans_CN")
    names = {}
    for code, (language, script) in LANGUAGES.items():
        names[code] = {
            "zh_CN": {
                "name": zh.languages[language],
                "script": SCRIPT_NAMES.get(script, zh.scripts[script]),
            }
        }
    data = (json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "names.json.gz").write_bytes(gzip.compress(data, mtime=0))
    write_sums(OUT)
    (OUT / "NOTICE").write_text(
        NOTICE.format(babel=babel.__version__, date=datetime.date.today().isoformat()), encoding="utf-8"
    )
    print(f"{len(names)} languages, names from CLDR via Babel {babel.__version__}")


if __name__ == "__main__":
    main()
