"""Every shipped quote parses, names its page, the page's date or version, and when it was read."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tokenlab import quotes

PRICES = Path(quotes.__file__).parent / "data" / "prices"


@pytest.mark.parametrize("filename", quotes.VENDOR_FILES)
def test_every_quote_parses_and_names_its_page_and_dates(filename):
    data = quotes.read_quotes(PRICES / filename)
    for page in data["pages"].values():
        assert page["url"].startswith("https://") and page["title"]
        datetime.date.fromisoformat(page["read"])
        assert page["page_date"] or page["version"] or page["currency"] is None  # a price page shows one
        if page["page_date"]:
            assert datetime.date.fromisoformat(page["page_date"]) <= datetime.date.fromisoformat(page["read"])
    for name, spec in data["models"].items():
        assert spec["tokenizer"] or "token count" in spec["tokenizer_note"], name
        for currency, table in spec["prices"].items():
            assert data["pages"][table["page"]]["currency"] == currency
            for row in table["rows"]:
                assert all(Decimal(row[k]) > 0 for k in ("input", "output"))


def test_shipped_quotes_are_pinned_by_sha256():
    sums = dict(reversed(line.split()) for line in (PRICES / "SHA256SUMS").read_text().splitlines())
    for path in sorted(PRICES.glob("*.json")):
        assert sums.pop(path.name) == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
    assert not sums  # nothing pinned that is not shipped


def test_the_notice_names_every_quote_page():
    notice = (PRICES / "NOTICE").read_text(encoding="utf-8")
    for filename in quotes.VENDOR_FILES:
        for page in json.loads((PRICES / filename).read_text(encoding="utf-8"))["pages"].values():
            assert page["url"] in notice


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["pages"]["zh"].update(url="http://x"), "no https URL"),
        (lambda d: d["pages"]["zh"].pop("read"), "needs read"),
        (lambda d: d["models"]["deepseek-flash"]["prices"]["CNY"]["rows"][0].update(input=2), "written as a string"),
        (lambda d: d["models"]["deepseek-flash"]["prices"]["CNY"]["rows"][0].update(input="-1"), "not a price"),
        (lambda d: d["models"]["deepseek-flash"]["prices"]["CNY"]["rows"][0].update(input="cheap"), "not a number"),
        (lambda d: d["models"]["deepseek-flash"]["prices"].update(EUR={}), "unknown currency"),
        (lambda d: d["aliases"]["deepseek-v4-flash"].update(to="nothing"), "points to no model"),
    ],
)
def test_a_damaged_quote_file_is_a_one_line_error(tmp_path, change, problem):
    data = json.loads((PRICES / "deepseek.json").read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "deepseek.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=f"deepseek.json: .*{problem}"):
        quotes.read_quotes(bad)
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(ValueError, match="x.json: cannot read it as JSON"):
        quotes.read_quotes(tmp_path / "x.json")
