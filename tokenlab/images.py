"""What an image costs in tokens, by OpenAI's documented rules.

OpenAI bills an image as input tokens, by one of two rules (its vision guide, "Calculating costs"):

- the tile rule (gpt-4o, gpt-4.1, gpt-4o-mini, gpt-5.1, ...): scale the image down to fit in
  2048 × 2048, then its shortest side down to 768, and count the 512-px tiles that cover it; the
  cost is a base plus a cost per tile, both set per model (gpt-4o 85 + 170 per tile, gpt-4o-mini
  2,833 + 5,667). ``detail="low"`` costs the base alone.
- the patch rule (gpt-4.1-mini, gpt-5.2 and later): cover the image with 32-px patches; past the
  model's patch budget for that detail level, shrink it until it fits; multiply the patches by a
  per-model multiplier and round up.

The constants live in ``data/images/openai_vision.json``, each with the version of the page it
comes from and a quote; ``as_of`` says which. They are documented rules, not measurements: the
API's ``usage.prompt_tokens`` is what is billed. The drawing is ``_image_steps``'s job.

>>> int(image_tokens(1024, 1024, model="gpt-4o"))
765
>>> image_tokens(2048, 2048, model="gpt-5.4").grid, int(image_tokens(2048, 2048, model="gpt-5.4"))
((50, 50), 3000)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any

from ._checks import brief, whole
from ._i18n import _

if TYPE_CHECKING:
    from .cost import Cost
    from .pricing import PriceTable

__all__ = ["image_tokens", "part_tokens", "ImageTokens", "models", "rules", "DETAILS", "MAX_SIDE"]

DETAILS = ("low", "high", "auto", "original")
MAX_SIDE = 1_000_000  # pixels on a side: far beyond any image the API takes
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_rules: list[dict[str, Any]] = []


def rules() -> dict[str, Any]:
    """The documented rules as shipped (read once): models, documents, worked examples, changes."""
    if not _rules:
        from ._shipped import shipped_json

        _rules.append(shipped_json("images", "openai_vision.json"))
    return _rules[0]


def models() -> list[str]:
    """The models whose image rule OpenAI documents (deprecated ones included).

    >>> "gpt-4o" in models() and "gpt-5.4" in models()
    True
    """
    return sorted(rules()["models"])


class ImageTokens(int):
    """The input tokens of one image: an ``int``, with every step of the calculation.

    ``ImageTokens(width, height, model=..., detail=...)`` is ``image_tokens(...)``. ``model`` is the
    model as named (a dated snapshot such as ``gpt-4o-2024-05-13`` keeps its name, and its own
    price in ``cost``); ``documented_as`` the model whose documented rule it follows (``gpt-4o``).
    ``rule`` is ``"tile"`` or ``"patch"``; ``sizing`` the detail level whose limits applied
    (``auto`` means ``high`` or ``original``, depending on the model). Sizes are (width, height)
    in pixels: ``size`` as given, ``fitted`` after the pixel-dimension limit, ``scaled`` after the
    shortest side went to 768 (tiles) or after the patch budget shrank it (patches; None if it did
    not). ``grid`` is the tiles or patches across and down, ``first_grid`` the patches before the
    shrink. ``as_of`` is the date of the documentation the numbers come from.

    >>> ImageTokens(1024, 1024, model="gpt-4o-2024-05-13") == image_tokens(1024, 1024, model="gpt-4o")
    True
    """

    model: str
    documented_as: str
    detail: str
    sizing: str
    rule: str
    size: tuple[int, int]
    fitted: tuple[int, int] | None
    scaled: tuple[int, int] | None
    grid: tuple[int, int]
    first_grid: tuple[int, int] | None
    base: int
    per_tile: int
    max_side: int | None
    budget: int | None
    multiplier: Decimal | None
    patches: int
    source: dict[str, str]

    def __new__(
        cls, width: int | None = None, height: int | None = None, *, model: str | None = None, detail: str = "high"
    ) -> ImageTokens:
        if width is None or height is None or model is None:
            raise TypeError(
                _("ImageTokens(width, height, model=...) counts an image's tokens: give its size in pixels and a model")
            )
        return image_tokens(width, height, model=model, detail=detail)

    @classmethod
    def _worked_out(cls, tokens: int, steps: dict[str, Any]) -> ImageTokens:
        """The result of a calculation already made, with its steps (``image_tokens`` and pickle)."""
        self = int.__new__(cls, tokens)
        defaults = {"fitted": None, "scaled": None, "first_grid": None, "base": 0, "per_tile": 0}
        defaults |= {"max_side": None, "budget": None, "multiplier": None, "patches": 0}
        for key, value in (defaults | steps).items():
            setattr(self, key, value)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # int's own would call __new__ with the number alone
        return (_worked_out, (int(self), dict(vars(self))))

    @property
    def as_of(self) -> str:
        return self.source["as_of"]

    @property
    def counted_in(self) -> str:
        """What the rule counts, in the language in use: "tiles" or "patches".

        >>> image_tokens(512, 512, model="gpt-4o").counted_in
        'tiles'
        """
        return _("tiles") if self.rule == "tile" else _("patches")

    def cost(self, *, prices: PriceTable | None = None) -> Cost:
        """What these tokens cost as input to the model (``pricing.estimate``)."""
        from .pricing import estimate

        return estimate(int(self), model=self.model, prices=prices)

    def to_html(self) -> str:
        from . import _image_steps

        return _image_steps.html(self)

    def to_text(self) -> str:
        from . import _image_steps

        return _image_steps.text(self)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": self.to_text()}

    def __repr__(self) -> str:
        w, h = self.size
        return (
            f"ImageTokens({int(self)} tokens for {self.model}: {w}×{h}, detail {self.detail}, "
            f"{self.rule} rule documented as of {self.as_of})"
        )


def _worked_out(tokens: int, steps: dict[str, Any]) -> ImageTokens:
    return ImageTokens._worked_out(tokens, steps)


def image_tokens(width: int, height: int, *, model: str, detail: str = "high") -> ImageTokens:
    """The input tokens of a ``width`` × ``height`` image on ``model``, by OpenAI's documented rule.

    ``detail`` is the image part's ``"low"``, ``"high"``, ``"auto"`` or ``"original"`` (where the
    model has it). Dated snapshots (``gpt-4o-2024-08-06``) follow their model's rule, and keep their
    own name (and price: see ``ImageTokens.cost``). An estimate: the API's ``usage.prompt_tokens``
    is what is billed.

    >>> int(image_tokens(4096, 8192, model="gpt-4o", detail="low"))
    85
    >>> image_tokens(1024, 1024, model="gpt-5.4")
    ImageTokens(1229 tokens for gpt-5.4: 1024×1024, detail high, patch rule documented as of 2026-09)
    """
    w = whole(width, "width", low=1, high=MAX_SIDE)
    h = whole(height, "height", low=1, high=MAX_SIDE)
    documented, spec = _model(model)
    if not isinstance(detail, str) or detail not in DETAILS:
        raise ValueError(
            _("detail is one of {value}, not {brief}").format(value=", ".join(map(repr, DETAILS)), brief=brief(detail))
        )
    table = rules()
    source = table["documents"][spec["source"]]
    if spec["rule"] == "tile":
        tokens, steps = _tiles(w, h, documented, detail, spec, table["tile"])
    else:
        tokens, steps = _patches(w, h, documented, detail, spec, table["patch"]["patch"])
    # The rule is the documented model's; the name, and so the price, stay the model's own.
    named = {"model": model.strip(), "documented_as": documented, "detail": detail, "size": (w, h), "source": source}
    return ImageTokens._worked_out(tokens, steps | named)


def part_tokens(
    part: Mapping[str, Any], *, model: str, sizes: Mapping[str, tuple[int, int]] | None = None
) -> ImageTokens:
    """The tokens of a chat message's image part, ``{"type": "image_url", "image_url": {"url": ...,
    "detail": ...}}`` (``detail`` defaults to ``"auto"``, as in the API).

    The size comes from ``sizes[url]`` if given, else from the header of a ``data:`` URL; tokenlab
    never downloads an image.
    """
    from ._imagesize import data_url_size

    if not isinstance(part, Mapping):
        raise TypeError(
            _("an image part is a dict such as {{'type': 'image_url', ...}}, not {name}").format(
                name=type(part).__name__
            )
        )
    if sizes is not None and not isinstance(sizes, Mapping):
        raise TypeError(
            _("image_sizes maps each image's URL to its (width, height), not {name}").format(name=type(sizes).__name__)
        )
    image = part.get("image_url")
    url, detail = (image.get("url"), image.get("detail", "auto")) if isinstance(image, Mapping) else (image, "auto")
    if not isinstance(url, str) or not url:
        raise ValueError(_("an image part needs image_url: {'url': 'https://...' or 'data:image/png;base64,...'}"))
    if sizes is not None and url in sizes:
        given = sizes[url]
        if not isinstance(given, (tuple, list)) or len(given) != 2:
            raise TypeError(_("image_sizes maps a URL to (width, height), not {brief}").format(brief=brief(given)))
        width, height = given
    elif url.startswith("data:"):
        try:
            width, height = data_url_size(url)
        except ValueError as error:
            raise ValueError(
                _("cannot read the image's size from its data: URL: {error}").format(error=error)
            ) from None
    else:
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise ValueError(
            _(
                "tokenlab does not download images: give the size of {shown!r} with count_messages(..., "
                "image_sizes={{url: (width, height)}}), or send it as a data: URL"
            ).format(shown=shown)
        )
    return image_tokens(width, height, model=model, detail=detail)


def _model(model: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
    name = _SNAPSHOT.sub("", model.strip())
    spec = rules()["models"].get(name)
    if spec is None:
        raise ValueError(
            _("OpenAI documents no image rule for {model!r}; it does for: {value} (as of {rules})").format(
                model=model, value=", ".join(models()), rules=rules()["documents"]["2026-09"]["as_of"]
            )
        )
    return name, spec


def _fit(w: int, h: int, side: int) -> tuple[int, int]:
    """Scaled down (never up) so that neither side passes ``side``, the other rounded down."""
    if max(w, h) <= side:
        return w, h
    if w >= h:
        return side, max(1, h * side // w)
    return max(1, w * side // h), side


def _tiles(
    w: int, h: int, model: str, detail: str, spec: dict[str, Any], tile: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    base, per_tile = int(spec["base"]), int(spec["per_tile"])
    common = {"rule": "tile", "base": base, "per_tile": per_tile}
    if detail == "original":
        raise ValueError(_("{model} takes detail 'low', 'high' or 'auto' (it has no 'original')").format(model=model))
    if detail == "low":
        return base, {"sizing": "low", "grid": (0, 0), **common}
    fitted = _fit(w, h, tile["fit"])
    short = tile["shortest_side"]
    fw, fh = fitted
    if min(fw, fh) <= short:
        scaled = fitted
    elif fw <= fh:
        scaled = (short, fh * short // fw)
    else:
        scaled = (fw * short // fh, short)
    size = tile["tile"]
    grid = (-(-scaled[0] // size), -(-scaled[1] // size))
    tokens = base + grid[0] * grid[1] * per_tile
    return tokens, {"sizing": "high", "fitted": fitted, "scaled": scaled, "grid": grid, **common}


def _patches(w: int, h: int, model: str, detail: str, spec: dict[str, Any], patch: int) -> tuple[int, dict[str, Any]]:
    sizes = spec["sizing"]
    sizing = sizes["auto"] if detail == "auto" else detail
    if sizing not in sizes:
        offered = ", ".join(repr(d) for d in DETAILS if d in sizes)
        raise ValueError(
            _("{model} takes detail {offered}, not {detail!r}").format(model=model, offered=offered, detail=detail)
        )
    limits = sizes[sizing]
    multiplier = Decimal(spec["multiplier"])
    max_side, budget = limits["max_side"], limits.get("budget")
    fitted = _fit(w, h, max_side)
    first = (-(-fitted[0] // patch), -(-fitted[1] // patch))
    grid, scaled = first, None
    reject = limits.get("reject_over")
    if reject is not None and first[0] * first[1] > reject:
        raise ValueError(
            _(
                "the API rejects this image on {model} with detail {detail!r}: it needs {value:,} patches, more than "
                "{reject:,}; resize it, or use detail 'high'"
            ).format(model=model, detail=detail, value=first[0] * first[1], reject=reject)
        )
    if budget is not None and first[0] * first[1] > budget:
        fw, fh = fitted
        shrink = math.sqrt(patch * patch * budget / (fw * fh))
        across, down = fw * shrink / patch, fh * shrink / patch
        shrink *= min(math.floor(across) / across, math.floor(down) / down)
        scaled = (max(1, math.floor(fw * shrink)), max(1, math.floor(fh * shrink)))
        grid = (-(-scaled[0] // patch), -(-scaled[1] // patch))
    patches = grid[0] * grid[1]
    tokens = int((patches * multiplier).to_integral_value(rounding=ROUND_CEILING))
    steps = {"sizing": sizing, "rule": "patch", "fitted": fitted, "scaled": scaled, "grid": grid, "first_grid": first}
    return tokens, steps | {"max_side": max_side, "budget": budget, "multiplier": multiplier, "patches": patches}
