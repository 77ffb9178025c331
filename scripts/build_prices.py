"""Rebuild tokenlab's price table from LiteLLM's model_prices_and_context_window_backup.json.

    python scripts/build_prices.py                      # pip-downloads the pinned litellm wheel
    python scripts/build_prices.py litellm-X-....whl    # or reads a wheel you have

The wheel is read as a zip file: litellm is never installed or imported. Keeps OpenAI's chat and
responses models with LiteLLM's own field names, and writes tokenlab/data/prices/litellm_openai.json
(LiteLLM's format, so load_prices() reads a newer LiteLLM file the same way), SOURCE.json
(version, SHA-256, date) and NOTICE.
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

from sha256sums import write_sums

VERSION = "1.110.2"
MEMBER = "litellm/model_prices_and_context_window_backup.json"
OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "prices"
# Prices (standard, cached input, batch, and long-context tiers such as _above_272k_tokens),
# limits and dates; LiteLLM's names, unchanged.
KEEP = re.compile(
    r"(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)(_above_\d+k_tokens)?(_batches)?"
    r"|max_input_tokens|max_output_tokens|max_tokens|deprecation_date|mode|litellm_provider|source"
)


def _wheel(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    folder = Path(tempfile.mkdtemp())
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", f"litellm=={VERSION}", "-d", str(folder)],
        check=True,
    )
    return next(folder.glob("litellm-*.whl"))


def main(argv: list[str]) -> None:
    wheel = _wheel(argv)
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(MEMBER)
        version = re.search(
            r"^Version: (.+)$",
            z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode(),
            re.M,
        )[1]
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
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "litellm_openai.json").write_text(json.dumps(models, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    source = {
        "name": "LiteLLM model_prices_and_context_window_backup.json",
        "litellm_version": version,
        "file_sha256": hashlib.sha256(raw).hexdigest(),
        "date": datetime.date.today().isoformat(),
        "models": len(models),
    }
    (OUT / "SOURCE.json").write_text(json.dumps(source, indent=1) + "\n", encoding="utf-8")
    (OUT / "NOTICE").write_text(NOTICE.format(**source), encoding="utf-8")
    write_sums(OUT)  # windows.json and historical.json, written by hand, are pinned with them
    print(f"{len(models)} OpenAI chat/responses models from litellm {version}")


NOTICE = """OpenAI model prices and limits
==============================

litellm_openai.json: the OpenAI chat and responses models of {name}, from the litellm {litellm_version}
wheel (read as a zip file, never installed), with LiteLLM's field names and values unchanged.
SHA-256 of the whole file: {file_sha256}. Extracted on {date} by scripts/build_prices.py.
LiteLLM (https://github.com/BerriAI/litellm) is MIT-licensed, Copyright (c) 2023 Berri AI.

Prices change. These are what LiteLLM recorded, in US dollars per token; check OpenAI's pricing
page before you rely on one, and load a newer file with tokenlab.pricing.load_prices(path).

historical.json: launch prices of older models, written by hand, each with the announcement it
comes from, to show that prices change.
"""

if __name__ == "__main__":
    main(sys.argv[1:])
