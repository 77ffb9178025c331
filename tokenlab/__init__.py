"""tokenlab: see what LLM tokens are, in Jupyter.

Text goes through an encoding into tokens, which you can draw, count and compare:

>>> import tokenlab
>>> tokenlab.count("Hello world")
2
>>> tokenlab.tokenize("Hello world", model="gpt-4").ids
[9906, 1917]

Importing tokenlab is quick and loads no encoding; each loads once, from files inside the package,
the first time it is used. Nothing here ever opens a network connection.
"""

from __future__ import annotations

import sys

from ._i18n import language, set_language
from ._version import __version__ as __version__
from .chat import ChatCount, count_messages
from .compare import Comparison, compare
from .display import show
from .explain import Explanation, explain
from .images import ImageTokens, image_tokens
from .registry import EncodingInfo, encoding_for_model, encoding_info, encodings, get_encoding, models
from .tokens import Counts, Segment, Token, Tokens, count, tokenize

__all__ = [
    "ChatCount",
    "Comparison",
    "Counts",
    "EncodingInfo",
    "Explanation",
    "ImageTokens",
    "Segment",
    "Token",
    "Tokens",
    "compare",
    "count",
    "count_messages",
    "encoding_for_model",
    "encoding_info",
    "encodings",
    "explain",
    "get_encoding",
    "image_tokens",
    "language",
    "load_ipython_extension",
    "models",
    "set_language",
    "show",
    "tokenize",
]

# Modules with heavier dependencies load on first use: tokenlab.languages.premiums(...) works
# after a plain `import tokenlab`, and `import tokenlab` stays quick.
_LAZY_MODULES = {
    "bpe",
    "chat",
    "classroom",
    "corpus",
    "cost",
    "demo_api",
    "exercises",
    "digits",
    "formats",
    "keys",
    "languages",
    "limits",
    "plots",
    "pricing",
    "ratelimits",
    "render",
    "retry",
    "streaming",
    "training",
    "usage",
    "vocab",
    "widgets",
}


def __getattr__(name: str) -> object:
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext tokenlab``: the ``%tokens`` and ``%%tokens`` magics (see ``tokenlab.magics``)."""
    from .magics import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: object) -> None:
    """``%unload_ext tokenlab``."""
    from .magics import unload_ipython_extension as unload

    unload(ipython)


if "IPython" in sys.modules:  # in a notebook, notices show as styled boxes, not as stderr warnings
    from .display import install_notices

    install_notices()
