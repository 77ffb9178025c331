"""Image sizes from headers alone, checked against images Pillow writes (Pillow comes with matplotlib)."""

from __future__ import annotations

import base64
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab._imagesize import data_url_size, image_size

FORMATS = [
    ("PNG", {}),
    ("JPEG", {}),
    ("JPEG", {"progressive": True}),
    ("GIF", {}),
    ("WEBP", {}),
    ("WEBP", {"lossless": True}),
]


def encoded(size, fmt, options, mode="RGB"):
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt, **options)
    return out.getvalue()


@given(width=st.integers(1, 3000), height=st.integers(1, 3000), form=st.sampled_from(FORMATS))
def test_the_header_gives_the_size_pillow_wrote(width, height, form):
    fmt, options = form
    data = encoded((width, height), fmt, options)
    assert image_size(data) == (width, height)
    url = f"data:image/{fmt.lower()};base64," + base64.b64encode(data).decode()
    assert data_url_size(url) == (width, height)


def test_a_jpeg_with_metadata_before_its_frame_and_a_webp_with_alpha():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (123, 45)).save(out, "JPEG", exif=b"Exif\x00\x00" + b"\x00" * 5000, comment=b"x" * 3000)
    assert image_size(out.getvalue()) == (123, 45)
    assert image_size(encoded((77, 99), "WEBP", {}, mode="RGBA")) == (77, 99)


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("https://example.com/cat.png", "not a base64 data: URL"),
        ("data:image/png,rawbytes", "not a base64 data: URL"),
        ("data:image/png;base64,AAAA", "not a PNG, JPEG, GIF or WebP"),
        ("data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(), "cut off"),
        ("data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xd9").decode(), "frame header"),
        ("data:image/png;base64,!!!", "does not decode|not a PNG"),
    ],
)
def test_what_is_not_a_readable_image_is_a_clear_error(url, match):
    with pytest.raises(ValueError, match=match):
        data_url_size(url)
