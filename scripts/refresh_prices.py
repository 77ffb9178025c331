"""Refresh every price tokenlab ships, from its pinned sources, and say what changed.

    python scripts/refresh_prices.py                      # the pinned litellm wheel, from PyPI
    python scripts/refresh_prices.py litellm-X-....whl    # or a wheel you have

OpenAI: LiteLLM's records, re-extracted from the pinned wheel (scripts/build_prices.py). The
vendors' quotes (DeepSeek, Alibaba Cloud Model Studio) are written by hand from the vendors' pages:
this checks that each still parses and is complete, and lists how old each page reading is. Then
NOTICE and SHA256SUMS are rewritten, and the changes printed: new models, retired ones (gone from
the table, or with a shutdown date passed), prices that moved and shutdown dates that changed.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_prices


def changes(old: dict[str, Any], new: dict[str, Any], today: str) -> list[str]:
    """What moved between two LiteLLM tables, one line each."""
    lines = [f"new model: {m}" for m in sorted(set(new) - set(old))]
    lines += [f"gone from the table: {m}" for m in sorted(set(old) - set(new))]
    for model in sorted(set(old) & set(new)):
        for key in sorted(set(old[model]) | set(new[model])):
            before, after = old[model].get(key), new[model].get(key)
            if before != after and ("cost" in key or key == "deprecation_date"):
                lines.append(f"{model}: {key} {before} -> {after}")
        date = new[model].get("deprecation_date")
        if date and date <= today and (old[model].get("deprecation_date") or "9999") > today:
            lines.append(f"retired since the last refresh: {model} (shut down {date})")
    return lines


def check_quotes(today: str) -> list[str]:
    from tokenlab.quotes import read_quotes

    lines = []
    for filename in build_prices.VENDOR_FILES:
        data = read_quotes(build_prices.OUT / filename)  # raises, naming the problem, if damaged
        for key, page in data["pages"].items():
            age = (datetime.date.fromisoformat(today) - datetime.date.fromisoformat(page["read"])).days
            lines.append(f"{filename} [{key}] read {page['read']} ({age} days ago): {page['url']}")
    return lines


def check_deprecations(new: dict[str, Any]) -> list[str]:
    page = json.loads((build_prices.OUT / "openai_deprecations.json").read_text(encoding="utf-8"))
    return [
        f"OpenAI's page says {m} shuts down {row['shutdown']}, LiteLLM says {new.get(m, {}).get('deprecation_date')}"
        for m, row in page["models"].items()
        if new.get(m, {}).get("deprecation_date") != row["shutdown"]
    ]


def main(argv: list[str]) -> int:
    today = datetime.date.today().isoformat()
    out = build_prices.OUT
    old = json.loads((out / "litellm_openai.json").read_text(encoding="utf-8"))
    old_source = json.loads((out / "SOURCE.json").read_text(encoding="utf-8"))
    new, source = build_prices.extract(build_prices.wheel(argv))
    moved = changes(old, new, today)
    if new == old and source["file_sha256"] == old_source["file_sha256"]:
        source = old_source  # nothing changed: the table keeps the date it was extracted on
    build_prices.write(new, source)
    print(f"OpenAI: litellm {old_source['litellm_version']} -> {source['litellm_version']}, {len(new)} models")
    print("\n".join(f"  {line}" for line in moved) or "  no change")
    print("Vendors' quotes (written by hand; check the pages when a reading is old):")
    print("\n".join(f"  {line}" for line in check_quotes(today)))
    disagree = check_deprecations(new)
    print("OpenAI's deprecations page against LiteLLM:")
    print("\n".join(f"  {line}" for line in disagree) or "  they agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
