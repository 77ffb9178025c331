"""Image tokens: OpenAI's worked examples, the rules' invariants, and where each constant comes from."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab import images, pricing
from tokenlab.images import image_tokens

from .test_render import parse

RULES = images.rules()
TILE_MODELS = sorted(m for m, spec in RULES["models"].items() if spec["rule"] == "tile")
PATCH_MODELS = sorted(m for m, spec in RULES["models"].items() if spec["rule"] == "patch")
sides = st.integers(1, 20_000)


@pytest.mark.parametrize(
    ("model", "size", "detail", "tokens"),
    [
        ("gpt-4o", (1024, 1024), "high", 765),  # 170 * 4 + 85
        ("gpt-4o", (2048, 4096), "high", 1105),  # 1024 x 2048, then 768 x 1536: 170 * 6 + 85
        ("gpt-4o", (4096, 8192), "low", 85),
        ("gpt-5.4", (1024, 1024), "high", 1229),  # ceil(1024 * 1.2)
        ("gpt-5.4", (2048, 2048), "high", 3000),  # 1600 x 1600, 50 x 50 patches: ceil(2500 * 1.2)
    ],
)
def test_openais_worked_examples(model, size, detail, tokens):
    assert int(image_tokens(*size, model=model, detail=detail)) == tokens


@pytest.mark.parametrize(
    ("size", "patches", "scaled"), [((1024, 1024), 1024, None), ((1800, 2400), 1452, (1056, 1408))]
)
def test_the_patch_rules_worked_examples_on_a_1536_patch_budget(size, patches, scaled):
    result = image_tokens(*size, model="o4-mini")
    assert result.budget == 1536 and result.patches == patches and result.scaled == scaled
    assert int(result) == math.ceil(patches * Decimal("1.72"))


@pytest.mark.parametrize("example", RULES["examples"], ids=lambda e: f"{e['model']}-{e['size']}-{e['detail']}")
def test_every_example_in_the_data_file_holds(example):
    result = image_tokens(*example["size"], model=example["model"], detail=example["detail"])
    if "tokens" in example:
        assert int(result) == example["tokens"]
    if "patches" in example:
        assert result.patches == example["patches"]
    assert example["source"] in RULES["documents"]


def test_the_newest_documentation_wins_where_versions_disagree():
    # gpt-4.1-mini: a 1,536-patch cap in 2025, a 6,144-patch budget in the 2026 docs.
    result = image_tokens(3000, 3000, model="gpt-4.1-mini")
    assert result.budget == 6144 and result.patches == 64 * 64 and result.multiplier == Decimal("1.62")
    assert image_tokens(512, 512, model="gpt-5-mini").multiplier == Decimal("1.2")  # was 1.62
    assert any("gpt-4.1-mini" in change and "6,144" in change for change in RULES["changes"])


@given(width=sides, height=sides, model=st.sampled_from(TILE_MODELS))
def test_the_tile_rule_scales_down_never_up_and_adds_base_and_tiles(width, height, model):
    result = image_tokens(width, height, model=model)
    spec = RULES["models"][model]
    (fw, fh), (sw, sh) = result.fitted, result.scaled
    assert max(fw, fh) <= 2048 and fw <= width and fh <= height
    assert min(sw, sh) <= 768 and sw <= fw and sh <= fh
    assert result.grid == (math.ceil(sw / 512), math.ceil(sh / 512))
    assert int(result) == spec["base"] + result.grid[0] * result.grid[1] * spec["per_tile"]
    assert int(image_tokens(width, height, model=model, detail="low")) == spec["base"]
    assert int(image_tokens(width, height, model=model, detail="auto")) == int(result)


@given(width=sides, height=sides, model=st.sampled_from(PATCH_MODELS), detail=st.sampled_from(images.DETAILS))
def test_the_patch_rule_keeps_to_the_budget_and_rounds_the_multiplier_up(width, height, model, detail):
    try:
        result = image_tokens(width, height, model=model, detail=detail)
    except ValueError as error:
        assert "takes detail" in str(error) or "rejects this image" in str(error)
        return
    limits = RULES["models"][model]["sizing"][result.sizing]
    assert max(result.fitted) <= limits["max_side"]
    assert result.fitted[0] <= width and result.fitted[1] <= height
    if limits.get("budget") is not None:
        assert result.patches <= limits["budget"]
    if result.scaled is None:
        assert result.grid == result.first_grid == (math.ceil(result.fitted[0] / 32), math.ceil(result.fitted[1] / 32))
    assert int(result) == math.ceil(result.patches * Decimal(RULES["models"][model]["multiplier"]))


def test_auto_follows_the_model_high_or_original():
    assert image_tokens(4000, 3000, model="gpt-5.4", detail="auto").sizing == "high"
    assert image_tokens(4000, 3000, model="gpt-5.5", detail="auto").sizing == "original"
    assert image_tokens(4000, 3000, model="gpt-4o", detail="auto").sizing == "high"


def test_low_can_cost_more_than_high_where_the_docs_say_so():
    assert image_tokens(2048, 2048, model="gpt-5.4", detail="low") > image_tokens(2048, 2048, model="gpt-5.4")


def test_dated_snapshots_follow_their_models_rule_and_keep_their_own_name():
    assert image_tokens(1024, 1024, model="gpt-4o-2024-08-06") == 765
    snapshot = image_tokens(1024, 1024, model=" gpt-4o-mini-2024-07-18 ")
    assert (snapshot.model, snapshot.documented_as) == ("gpt-4o-mini-2024-07-18", "gpt-4o-mini")
    assert "follows the rule documented for gpt-4o-mini" in snapshot.to_text()


def _image_models() -> list[str]:
    """Every priced name an image rule applies to: the documented models and their dated snapshots."""
    names = []
    for name in pricing.price_table().models:
        try:
            image_tokens(64, 64, model=name)
        except ValueError:
            continue
        names.append(name)
    return sorted(names)


IMAGE_MODELS = _image_models()


def test_the_image_models_include_dated_snapshots():
    assert {"gpt-4o-2024-05-13", "gpt-4o", "gpt-5.4-2026-03-05"} <= set(IMAGE_MODELS)


@given(model=st.sampled_from(IMAGE_MODELS), width=sides, height=sides, detail=st.sampled_from(images.DETAILS))
def test_an_image_costs_what_estimate_gives_for_its_tokens_on_the_same_model(model, width, height, detail):
    # The rule may be another model's (a snapshot follows its model's); the price never is.
    try:
        counted = image_tokens(width, height, model=model, detail=detail)
    except ValueError:
        return  # a detail this model does not take
    assert counted.model == model
    assert counted.cost() == pricing.estimate(int(counted), model=model)


@given(model=st.sampled_from(IMAGE_MODELS), width=sides, height=sides, detail=st.sampled_from(images.DETAILS))
def test_an_image_count_copies_pickles_and_builds_directly_as_it_was(model, width, height, detail):
    import copy
    import pickle

    try:
        counted = image_tokens(width, height, model=model, detail=detail)
    except ValueError:
        return
    direct = tokenlab.ImageTokens(width, height, model=model, detail=detail)
    for again in (direct, copy.copy(counted), copy.deepcopy(counted), pickle.loads(pickle.dumps(counted))):
        assert type(again) is images.ImageTokens and again == counted and vars(again) == vars(counted)
        assert again.to_html() == counted.to_html()


def test_image_tokens_without_a_size_and_a_model_is_a_clear_error():
    for args, options in (((765,), {}), ((1024, 1024), {}), ((), {"model": "gpt-4o"})):
        with pytest.raises(TypeError, match="size|height"):
            tokenlab.ImageTokens(*args, **options)


@pytest.mark.parametrize(
    ("args", "options", "error", "match"),
    [
        (
            (1024, 1024),
            {"model": "gpt-4"},
            ValueError,
            "OpenAI documents no image rule for 'gpt-4'; it does for: gpt-4.1",
        ),
        ((1024, 1024), {"model": "gpt-4o", "detail": "hi"}, ValueError, "detail is one of"),
        ((1024, 1024), {"model": "gpt-4o", "detail": "original"}, ValueError, "gpt-4o takes detail 'low'"),
        (
            (1024, 1024),
            {"model": "gpt-5.2", "detail": "original"},
            ValueError,
            "gpt-5.2 takes detail 'low', 'high', 'auto'",
        ),
        ((60_000, 60_000), {"model": "gpt-5.6-sol", "detail": "original"}, ValueError, "rejects this image"),
        ((0, 10), {"model": "gpt-4o"}, ValueError, "width must be from 1"),
        ((10, 1.5), {"model": "gpt-4o"}, TypeError, "height is a whole number"),
        ((10, True), {"model": "gpt-4o"}, TypeError, "height is a whole number"),
        ((10, 10), {"model": None}, TypeError, "a model name is a string"),
    ],
)
def test_bad_input_is_a_clear_error(args, options, error, match):
    with pytest.raises(error, match=match):
        image_tokens(*args, **options)


def test_it_is_a_number_that_prices_as_input_tokens():
    result = image_tokens(1024, 1024, model="gpt-4o")
    assert result + 1 == 766 and isinstance(result, int)
    assert result.cost() == pricing.estimate(765, model="gpt-4o")
    assert pricing.estimate(result, model="gpt-4o").input_tokens == 765


def test_it_displays_its_steps_its_source_and_that_it_is_an_estimate():
    result = image_tokens(2048, 4096, model="gpt-4o")
    html, text = result.to_html(), result.to_text()
    for shown in ("2048 × 4096 → 1024 × 2048", "1024 × 2048 → 768 × 1536", "2 × 3 = 6 tiles", "85 + 6 × 170 = 1,105"):
        assert shown in html and shown in text
    assert "documented rule as of 2026-09" in text and "usage.prompt_tokens" in html
    assert RULES["documents"]["2026-09"]["url"] in html and "<script" not in html
    assert parse(html).tags <= {"div", "b", "table", "tr", "th", "td", "a"}
    patch = image_tokens(2048, 2048, model="gpt-5.4").to_text()
    assert "64 × 64 = 4,096 patches" in patch and "2048 × 2048 → 1600 × 1600: 50 × 50 = 2,500 patches" in patch
    assert "⌈2,500 × 1.2⌉ = 3,000 tokens" in patch
    assert (
        repr(result)
        == "ImageTokens(1105 tokens for gpt-4o: 2048×4096, detail high, tile rule documented as of 2026-09)"
    )


def test_the_picture_is_drawn_to_scale_and_bounded():
    html = image_tokens(60_000, 20, model="gpt-5.5", detail="high").to_html()
    assert "position:relative" in html and len(html) < 10_000
    assert "position" not in image_tokens(100, 100, model="gpt-4o", detail="low").to_html()


def test_every_constant_says_where_it_comes_from():
    documents = RULES["documents"]
    for document in documents.values():
        assert document["url"].startswith("https://") and document["as_of"] and document["read"]
    for model, spec in RULES["models"].items():
        assert spec["source"] in documents and spec["quote"], model
        assert spec.get("sizing_source", spec["source"]) in documents
        if spec["rule"] == "tile":
            assert {"base", "per_tile"} <= set(spec)
        else:
            assert Decimal(spec["multiplier"]) > 1 and spec["sizing"]["auto"] in spec["sizing"]


def test_the_data_has_a_notice_beside_it():
    from importlib import resources

    notice = resources.files("tokenlab").joinpath("data", "images", "NOTICE").read_text(encoding="utf-8")
    assert "openai_vision.json" in notice and "images-vision" in notice


def test_models_lists_the_documented_models_and_the_top_level_names_work():
    assert "gpt-4o-mini" in images.models() and "gpt-4" not in images.models()
    assert tokenlab.image_tokens is image_tokens and tokenlab.ImageTokens is images.ImageTokens
