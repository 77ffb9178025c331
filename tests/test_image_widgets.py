"""The image cost widget, headless: set its inputs as a student would, and check what it shows."""

from __future__ import annotations

import tokenlab
from tokenlab.images import image_tokens
from tokenlab.widgets import ImageCost


def test_image_cost_shows_the_steps_the_price_and_other_models():
    c = ImageCost(2048, 4096, "gpt-4o", debounce=0)
    assert int(c.result) == 1105 and "85 + 6 × 170 = 1,105 tokens" in c.output.value
    assert "as input to gpt-4o: $0.00276" in c.output.value
    assert "gpt-5.5" in c.table.value and f"{int(image_tokens(2048, 4096, model='gpt-5.5')):,}" in c.table.value
    assert all(tokenlab.freshness.freshness(m).status == "current" for m in c.compare)  # offered by default
    assert repr(c) == "ImageCost(gpt-4o: 2048×4096, detail high: 1,105 tokens)"


def test_image_cost_follows_size_detail_and_model():
    c = ImageCost(debounce=0)
    c.width.value, c.height.value = 2048, 2048
    c.model.value = "gpt-5.4"
    assert int(c.result) == 3000 and "50 × 50 = 2,500 patches" in c.output.value
    c.detail.value = "low"
    assert int(c.result) == int(image_tokens(2048, 2048, model="gpt-5.4", detail="low"))
    c.model.value = "gpt-4o"
    assert int(c.result) == 85


def test_image_cost_shows_an_unsupported_detail_as_an_error_and_a_dash():
    c = ImageCost(1024, 1024, "gpt-4o", detail="original", debounce=0)
    assert c.result is None and "gpt-4o takes detail" in c.output.value and repr(c) == "ImageCost(?)"
    c.model.value = "gpt-5.5"
    assert int(c.result) == 1229 and "—" in c.table.value


def test_image_cost_has_a_static_view():
    bundle = ImageCost(debounce=0)._repr_mimebundle_()
    assert "1,229 tokens" in bundle["text/html"] and "<script" not in bundle["text/html"]
    assert bundle["text/plain"].startswith("ImageCost(gpt-5.4-mini") and tokenlab.widgets.ImageCost is ImageCost
