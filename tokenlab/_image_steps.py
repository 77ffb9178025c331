"""Draw an ``images.ImageTokens``: each step of the calculation, and the grid it counted.

The picture is the image after scaling, drawn to scale (at most ``_BOX`` px a side) over the grid of
tiles or patches that covers it; the steps are a small table. Static HTML only. Every number comes
from the object; the words are looked up when drawn. Private to tokenlab: ``images`` draws with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _html
from ._i18n import _, units

if TYPE_CHECKING:
    from .images import ImageTokens

__all__ = ["html", "text", "steps"]

_BOX = 200  # pixels: the longest side of the picture


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]} × {size[1]}"


def _resized(before: tuple[int, int], after: tuple[int, int]) -> str:
    if before == after:
        return _("{size} (unchanged)").format(size=_size(after))
    return f"{_size(before)} → {_size(after)}"


def steps(image: ImageTokens) -> list[tuple[str, str]]:
    """The calculation, step by step: (what is done, what it gives), in the language in use."""
    i = image
    if i.rule == "tile":
        if i.sizing == "low":
            return [(_("detail low: the base alone, whatever the size"), units(int(i), "token"))]
        assert i.fitted is not None and i.scaled is not None
        tiles = i.grid[0] * i.grid[1]
        return [
            (_("scale down to fit in 2048 × 2048"), _resized(i.size, i.fitted)),
            (_("shortest side down to 768"), _resized(i.fitted, i.scaled)),
            (_("512-px tiles to cover it"), f"{i.grid[0]} × {i.grid[1]} = {units(tiles, 'tile')}"),
            (
                _("base + tiles × tokens per tile"),
                f"{i.base:,} + {tiles} × {i.per_tile:,} = {units(int(i), 'token')}",
            ),
        ]
    assert i.fitted is not None and i.first_grid is not None
    first = i.first_grid[0] * i.first_grid[1]
    rows = [
        (_("fit within {n} px a side").format(n=i.max_side), _resized(i.size, i.fitted)),
        (_("32-px patches to cover it"), f"{i.first_grid[0]} × {i.first_grid[1]} = {units(first, 'patch')}"),
    ]
    if i.budget is None:
        rows.append((_("patch budget"), _("none for detail {detail}").format(detail=i.sizing)))
    elif i.scaled is None:
        rows.append((_("patch budget"), _("{n:,}: within it").format(n=i.budget)))
    else:
        shrunk = f"{_resized(i.fitted, i.scaled)}: {i.grid[0]} × {i.grid[1]} = {units(i.patches, 'patch')}"
        rows.append((_("patch budget {n:,}: shrink to fit it").format(n=i.budget), shrunk))
    rows.append(
        (
            _("× {model}'s multiplier, rounded up").format(model=i.documented_as),
            f"⌈{i.patches:,} × {i.multiplier}⌉ = {units(int(i), 'token')}",
        )
    )
    return rows


def _heading(image: ImageTokens) -> str:
    return _("{model}: a {size} image, detail {detail} → {tokens}").format(
        model=image.model, size=_size(image.size), detail=image.detail, tokens=units(int(image), "token")
    )


def _caveat(image: ImageTokens) -> str:
    caveat = _(
        "OpenAI's documented rule as of {date}: an estimate. The API reports what it bills in "
        "usage.prompt_tokens; check it."
    ).format(date=image.as_of)
    if image.model != image.documented_as:
        caveat = _("{model} follows the rule documented for {documented}. {caveat}").format(
            model=image.model, documented=image.documented_as, caveat=caveat
        )
    return caveat


def _picture(image: ImageTokens) -> str:
    """The scaled image over the grid of tiles or patches that covers it."""
    i = image
    if i.rule == "tile" and i.sizing == "low":
        return ""
    shown = i.scaled or i.fitted or i.size
    cell = 512 if i.rule == "tile" else 32
    # Whole pixels per cell, so that the grid lines fall evenly (the picture is to scale but for that).
    step = max(1, round(_BOX / max(i.grid)))
    scale = step / cell
    gw, gh = i.grid[0] * step, i.grid[1] * step
    lines = ""
    if step >= 3:  # finer than that, lines would only grey the picture
        line = f"#0072B2 0 1px,transparent 1px {step}px"
        lines = (
            f"background-image:repeating-linear-gradient(to right,{line}),repeating-linear-gradient(to bottom,{line});"
        )
    return (
        f'<div style="position:relative;width:{gw}px;height:{gh}px;border:1px dashed #0072B2;'
        f'background-color:#FFFFFF;{lines}margin:.4em 0">'
        f'<div style="position:absolute;left:0;top:0;width:{shown[0] * scale:.1f}px;height:{shown[1] * scale:.1f}px;'
        'background:rgba(230,159,0,.45);border:1px solid #A06800"></div></div>'
    )


def html(image: ImageTokens) -> str:
    """The calculation as static HTML: heading, steps, picture and where the rule comes from."""
    rows = steps(image)
    inner = f"<div><b>{_html.esc(_heading(image))}</b></div>" + _html.table(rows, align="ll")
    picture = _picture(image)
    if picture:
        legend = _("orange: the image as scaled; blue grid: the {what} counted").format(what=image.counted_in)
        inner += picture + _html.note(legend)
    source = image.source
    link = f'<a href="{_html.esc(source["url"])}">{_html.esc(source["title"])}</a>'
    inner += f'<div style="font-size:.85em;opacity:.8;margin-top:.3em">{_html.esc(_caveat(image))} {link}</div>'
    return _html.block("image-tokens", f'<div style="background:transparent">{inner}</div>')


def text(image: ImageTokens) -> str:
    """The calculation as plain text."""
    lines = [_heading(image)]
    lines += [f"  {what}: {value}" for what, value in steps(image)]
    lines.append(_caveat(image) + f" ({image.source['url']})")
    return "\n".join(lines)
