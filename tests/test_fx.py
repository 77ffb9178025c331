from __future__ import annotations

from decimal import Decimal

import pytest

from tokenlab import fx


def test_a_rate_converts_both_ways_exactly_and_says_its_date_and_source():
    rate = fx.Rate(Decimal("7.0790"), date="2026-11-30", source="CFETS central parity", url="https://example")
    assert fx.converter("USD", "CNY", rate)(Decimal("2.5")) == Decimal("17.6975")
    assert fx.converter("CNY", "USD", rate)(Decimal("17.6975")) == Decimal("2.5")
    assert rate.describe() == "converted at 1 USD = 7.0790 CNY (CFETS central parity, 2026-11-30)"


def test_without_a_shipped_rate_a_conversion_asks_for_one():
    if fx.shipped_rate() is not None:
        pytest.skip("a rate is shipped")
    with pytest.raises(fx.NoRateError, match="pass fx=tokenlab.fx.Rate"):
        fx.rate_for(None)


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-7), Decimal("NaN"), 7])
def test_a_rate_that_is_no_rate_is_refused(bad):
    with pytest.raises(ValueError, match="positive Decimal"):
        fx.rate_for(fx.Rate(bad, date="2026-01-01", source="x"))


@pytest.mark.parametrize(("given", "code"), [("cny", "CNY"), ("RMB", "CNY"), (" usd ", "USD")])
def test_currencies_are_codes(given, code):
    assert fx.check_currency(given) == code
