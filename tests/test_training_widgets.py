"""The training lab, headless: it trains on the weights set, measures on the held-out half, and shows
something readable without a kernel. About 5 s (three trainings of a few languages)."""

from __future__ import annotations

import pytest

from tokenlab import registry
from tokenlab.widgets import TrainingLab


@pytest.fixture(autouse=True)
def forget():
    yield
    registry.unregister("lab")
    registry.unregister("lab2")


def test_it_trains_at_once_and_shows_the_premiums_on_the_held_out_half():
    lab = TrainingLab(["eng", "cmn_hans", "hin"], vocab_size=1000)
    assert lab.trained is not None and lab.trained.n_vocab == 1000 and "lab" in registry.encodings()
    assert "lab premium" in lab.table.value and "o200k_base premium" in lab.table.value
    assert lab.chart.value[:4] == b"\x89PNG"
    assert "held-out half" in lab.status.value
    html = lab._repr_mimebundle_()["text/html"]
    assert "tokenlab-static" in html and "<img" in html and "HBox" not in html


def test_more_weight_on_a_language_lowers_its_premium():
    lab = TrainingLab(["eng", "cmn_hans"], vocab_size=1000, mix={"eng": 1, "cmn_hans": 0.5})
    before = _premium(lab, "cmn_hans")
    lab.sliders["cmn_hans"].value = 10
    lab.button.click()
    assert _premium(lab, "cmn_hans") < before


def _premium(lab, code):
    import re

    row = re.search(rf"<t[hd]>{code}</t[hd]>\s*<td>[^<]*</td>\s*<td>([\d.]+)</td>\s*<td>([\d.]+)</td>", lab.table.value)
    return float(row[2])


def test_all_weights_zero_is_a_one_line_error_in_place_of_the_chart():
    lab = TrainingLab(["eng", "fra"], vocab_size=500, name="lab2")
    for slider in lab.sliders.values():
        slider.value = 0
    lab.train()
    assert "the mix reads no text" in lab.status.value and lab.chart.value == b""


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"vocab_size": 3000}, "vocab_size must be one of 500, 1000, 2000, 4000, 8000; not 3000"),
        ({"languages": ["xx"]}, "languages must be one of"),
        ({"languages": []}, "pick at least one language"),
        ({"mix": {"fra": 1}}, "the mix names 'fra'"),
        ({"name": "o200k_base"}, "the name of a shipped encoding"),
    ],
)
def test_bad_arguments_are_one_line_errors(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        TrainingLab(**{"languages": ["eng", "cmn_hans"], "vocab_size": 500, **kwargs})
