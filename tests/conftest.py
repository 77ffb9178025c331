"""Shared fixtures: tiktoken's own encodings, loaded by tiktoken from a local cache, as the reference."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import tokenlab

settings.register_profile("tokenlab", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tokenlab"))

DATA = Path(tokenlab.__file__).parent / "data" / "encodings"
_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


@pytest.fixture(scope="session")
def tiktoken_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TIKTOKEN_CACHE_DIR holding the rank files under the names tiktoken gives them.

    With it, ``tiktoken.get_encoding`` builds every encoding by its own code path (its loader,
    its hash check, its registry) without a network, so it is an independent reference.
    """
    cache = tmp_path_factory.mktemp("tiktoken-cache")
    for gz in DATA.glob("*.tiktoken.gz"):
        url = _URL.format(gz.name.removesuffix(".tiktoken.gz"))
        (cache / hashlib.sha1(url.encode()).hexdigest()).write_bytes(gzip.decompress(gz.read_bytes()))
    return cache


@pytest.fixture(scope="session")
def reference(tiktoken_cache: Path):
    """``reference(name)``: tiktoken's own Encoding for one of OpenAI's encodings (for the other
    vendors' references, see tests/vendor_refs.py)."""
    import tiktoken

    old = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(tiktoken_cache)
    try:
        loaded = {name: tiktoken.get_encoding(name) for name in tokenlab.encodings("openai")}
    finally:
        if old is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = old
    return loaded.__getitem__


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(items):
    """The house rules (tests/test_house.py) run first: a lint or type error says so at once."""
    items.sort(key=lambda item: 0 if item.nodeid.startswith("tests/test_house.py") else 1)
