"""The width and height of an image in a ``data:`` URL, read from its header alone.

PNG, JPEG, GIF and WebP (the formats OpenAI's API takes) say their size in their first bytes (a
JPEG, in its frame header, after any metadata), so no image library is needed and no pixel is
decoded. Private to tokenlab: ``chat`` counts the image parts of messages with it.

>>> import base64
>>> png = b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
>>> data_url_size("data:image/png;base64," + base64.b64encode(png).decode())
(640, 480)
"""

from __future__ import annotations

import base64
import binascii
import struct

from ._i18n import _

__all__ = ["data_url_size", "image_size"]

# JPEG markers that start a frame (SOF0..SOF15 but DHT, JPG and DAC): they hold the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def data_url_size(url: str) -> tuple[int, int]:
    """(width, height) of the image in a base64 ``data:`` URL; ValueError if it is not one."""
    head, comma, payload = url.partition(",")
    if not url.startswith("data:") or not comma or not head.endswith(";base64"):
        raise ValueError(_("not a base64 data: URL (data:image/png;base64,...)"))
    try:
        data = base64.b64decode(payload.strip(), validate=False)
    except (binascii.Error, ValueError):
        raise ValueError(_("its base64 data does not decode")) from None
    return image_size(data)


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, JPEG, GIF or WebP image, from its header."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        return _checked(struct.unpack(">II", data[16:24]))
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _checked(struct.unpack("<HH", data[6:10]))
    if data[:2] == b"\xff\xd8":
        return _jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    raise ValueError(_("not a PNG, JPEG, GIF or WebP image (or its header is cut off)"))


def _jpeg(data: bytes) -> tuple[int, int]:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # padding
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _SOF and i + 9 <= len(data):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return _checked((width, height))
        i += 2 + length
    raise ValueError(_("a JPEG without a frame header (SOF) where its size should be"))


def _webp(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _checked((width, height))
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return _checked(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return _checked((width & 0x3FFF, height & 0x3FFF))
    raise ValueError(_("a WebP image whose header tokenlab cannot read"))


def _checked(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if width < 1 or height < 1:
        raise ValueError(_("its header gives an empty size ({width} × {height})").format(width=width, height=height))
    return width, height
