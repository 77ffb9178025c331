"""The refresh script says what changed between two price tables (no download: tables given here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _refresh():
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("refresh_prices", SCRIPTS / "refresh_prices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_new_gone_moved_and_retired_models_are_each_a_line():
    old = {
        "a": {"input_cost_per_token": 1e-6, "deprecation_date": "2027-01-01"},
        "b": {"input_cost_per_token": 1e-6},
        "c": {"input_cost_per_token": 1e-6, "max_input_tokens": 10},
    }
    new = {
        "a": {"input_cost_per_token": 1e-6, "deprecation_date": "2026-12-01"},
        "c": {"input_cost_per_token": 2e-6, "max_input_tokens": 20},
        "d": {"input_cost_per_token": 1e-6},
    }
    lines = _refresh().changes(old, new, "2026-12-03")
    assert "new model: d" in lines and "gone from the table: b" in lines
    assert "c: input_cost_per_token 1e-06 -> 2e-06" in lines and not any("max_input" in line for line in lines)
    assert "a: deprecation_date 2027-01-01 -> 2026-12-01" in lines
    assert "retired since the last refresh: a (shut down 2026-12-01)" in lines
    assert _refresh().changes(new, new, "2026-12-03") == []
