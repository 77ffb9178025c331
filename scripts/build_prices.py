"""Rebuild tokenlab's OpenAI price table from LiteLLM's model_prices_and_context_window_backup.json.

    python scripts/build_prices.py                      # pip-downloads the pinned litellm wheel
    python scripts/build_prices.py litellm-X-....whl    # or reads a wheel you have

The wheel is read as a zip file: litellm is never installed or imported. Keeps OpenAI's chat and
responses models with LiteLLM's own field names, and writes tokenlab/data/prices/litellm_openai.json
(LiteLLM's format, so load_prices() reads a newer LiteLLM file the same way), SOURCE.json
(version, SHA-256, date), then NOTICE and SHA256SUMS for the whole folder (the vendors' quotes,
written by hand, are described in NOTICE from their own files). scripts/refresh_prices.py runs this
and says what changed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sha256sums import write_sums

VERSION = "1.110.2"  # the newest on PyPI on 2026-12-03
MEMBER = "litellm/model_prices_and_context_window_backup.json"
OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "prices"
VENDOR_FILES = ("deepseek.json", "alibaba.json")
# Prices (standard, cached input, batch, and long-context tiers such as _above_272k_tokens),
# limits and dates; LiteLLM's names, unchanged.
KEEP = re.compile(
    r"(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)(_above_\d+k_tokens)?(_batches)?"
    r"|max_input_tokens|max_output_tokens|max_tokens|deprecation_date|mode|litellm_provider|source"
)


def wheel(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    folder = Path(tempfile.mkdtemp())
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", f"litellm=={VERSION}", "-d", str(folder)],
        check=True,
    )
    return next(folder.glob("litellm-*.whl"))


def extract(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The OpenAI models of a litellm wheel, and what to record of their source."""
    with zipfile.ZipFile(path) as z:
        raw = z.read(MEMBER)
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    version = re.search(r"^Version: (.+)$", metadata, re.M)
    data = json.loads(raw)
    models = {
        name: {k: v for k, v in spec.items() if KEEP.fullmatch(k)}
        for name, spec in sorted(data.items())
        if isinstance(spec, dict)
        and spec.get("litellm_provider") == "openai"
        and spec.get("mode") in ("chat", "responses")
        and "input_cost_per_token" in spec
        and "output_cost_per_token" in spec
    }
    source = {
        "name": "LiteLLM model_prices_and_context_window_backup.json",
        "litellm_version": version[1] if version else "?",
        "file_sha256": hashlib.sha256(raw).hexdigest(),
        "date": datetime.date.today().isoformat(),
        "models": len(models),
    }
    return models, source


def write(models: dict[str, Any], source: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "litellm_openai.json").write_text(json.dumps(models, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (OUT / "SOURCE.json").write_text(json.dumps(source, indent=1) + "\n", encoding="utf-8")
    finish()


def finish() -> None:
    """NOTICE (from SOURCE.json and the quote files) and SHA256SUMS of every data file."""
    source = json.loads((OUT / "SOURCE.json").read_text(encoding="utf-8"))
    (OUT / "NOTICE").write_text(NOTICE.format(**source) + quotes_notice(), encoding="utf-8")
    write_sums(OUT)  # every data file, those written by hand (windows.json, historical.json, quotes) too


def quotes_notice() -> str:
    lines = []
    for filename in VENDOR_FILES:
        data = json.loads((OUT / filename).read_text(encoding="utf-8"))
        lines.append(f"\n{filename}: {data['_about']}\n")
        for key, page in data["pages"].items():
            shown = page["page_date"] or page["version"] or "no date of its own"
            how = page.get("how", "read by hand from the stored copy of the page")
            lines.append(
                f"  [{key}] {page['title']} <{page['url']}>: the page's date or version: {shown}; "
                f"read {page['read']}; {how}."
            )
    return "\n".join(lines) + "\n" + QUOTES_NOTICE


def main(argv: list[str]) -> None:
    models, source = extract(wheel(argv))
    write(models, source)
    print(f"{len(models)} OpenAI chat/responses models from litellm {source['litellm_version']}")


NOTICE = """Prices and model facts
======================

litellm_openai.json: the OpenAI chat and responses models of {name}, from the litellm {litellm_version}
wheel (read as a zip file, never installed), with LiteLLM's field names and values unchanged.
SHA-256 of the whole file: {file_sha256}. Extracted on {date} by scripts/build_prices.py.
LiteLLM (https://github.com/BerriAI/litellm) is MIT-licensed, Copyright (c) 2023 Berri AI.

Prices change. These are what LiteLLM recorded, in US dollars per token; check OpenAI's pricing
page before you rely on one, and load a newer file with tokenlab.pricing.load_prices(path).
LiteLLM's deprecation_date is the day a model stops answering (OpenAI's "shutdown date").

historical.json: launch prices of older models, written by hand, each with the announcement it
comes from, to show that prices change.

windows.json: the models whose context window OpenAI states apart from their maximum input (the
GPT-5 family: a 400,000-token window of which at most 272,000 input and 128,000 output), written
by hand, each with the OpenAI model page it was read from and the date.

openai_deprecations.json: shutdown dates read by hand on 2026-12-03 from OpenAI's own deprecations
page <https://developers.openai.com/api/docs/deprecations> (the page shows no date of its own), for
the rows that could be read there; tokenlab.freshness checks LiteLLM's dates against them.

Vendors' own prices (quotes, written by hand; prices per 1M tokens, as strings; never from a
third-party summary):
"""

QUOTES_NOTICE = """
holidays_cn.json: mainland China's 2026 days off, from the State Council's notice of 2025-11-04
(国务院办公厅关于2026年部分节假日安排的通知) as Xinhua published it whole, read on Guangming Online
<https://politics.gmw.cn/2025-11/04/content_38391083.htm> on 2026-12-03. DeepSeek prices these days
off-peak. No notice for 2027 could be read: dates in 2027 are priced as if they were no holiday,
and each such estimate says so.

Versions of a page that disagree: the newest that could be dated is shipped.
- DeepSeek: the stored copies of both pages name DeepSeek-V4.1-Flash-1017 and DeepSeek-V4-Pro-0813;
  some older copies name "DeepSeek-V4.1-Flash" without its date, with the same prices, and one older
  English copy (DeepSeek-V4-Flash-0731, before peak and off-peak billing began at 16:00 UTC on
  2026-08-16) has one price per model: superseded, not shipped.
- 百炼: the page is dated 2026-05-26 (its lastModifiedTime). Newer copies of help.aliyun.com are in the
  search tokenlab's authors used, but their price tables could not be read, so whether prices moved
  after May 2026 is not known: check the page before relying on a Qwen price.
- OpenAI's deprecations page: two versions name different replacements for gpt-5 (gpt-5.6-sol in an
  older one, gpt-6.1-sol in the table of the newer one); the shutdown dates agree. The newer is shipped.

Not shipped, and why:
- Mistral AI: its pricing page (mistral.ai/pricing) could not be read in the stored copies tokenlab's
  authors searched (only third-party summaries were found, which are not a source), so no Mistral
  price is shipped. Mistral models are counted (tekken) but not priced.
- Alibaba's USD prices (international deployment, alibabacloud.com): the stored copies of the page
  could be read only up to their capability tables, not their prices. Qwen is priced in CNY only;
  a USD amount is converted, and says so.
- A USD/CNY exchange rate: no announcement of the central parity by the China Foreign Exchange
  Trade System (chinamoney.com.cn) or the People's Bank of China (pbc.gov.cn) could be read, so
  none is shipped. A conversion needs a dated rate given as tokenlab.fx.Rate; put one in
  usd_cny.json ({"usd_cny": "…", "date": "…", "source": "…", "url": "…"}) and rerun
  scripts/build_prices.py to ship it.

scripts/refresh_prices.py rebuilds litellm_openai.json from the pinned wheel, checks every quote file,
rewrites this NOTICE and SHA256SUMS, and prints what changed.
"""

if __name__ == "__main__":
    main(sys.argv[1:])
