"""Recognise a pack's pictures by their first bytes and read their size in pixels, without decoding them."""

from __future__ import annotations

import struct

from safelib.core.packs.limits import Limits

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers carry the size; C4, C8 and CC share the range but are other segments.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_BARE = {0x01, *range(0xD0, 0xD9)}  # markers with no length field


def image_kind(data: bytes) -> str | None:
    """The decoder a picture is for, from its first bytes: "png", "jpeg" or "webp"; None for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or WebP picture from its header; None when it is none of these."""
    kind = image_kind(data)
    if kind == "png" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if kind == "jpeg":
        return _jpeg_size(data)
    if kind == "webp":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker in _JPEG_BARE:
            position += 2
        elif marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        else:
            position += 2 + struct.unpack(">H", data[position + 2 : position + 4])[0]
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


_PNG_PICTURE_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def _png_metadata(data: bytes) -> tuple[int, int]:
    """(chunks, bytes) of a PNG's chunks that are not the picture itself, walking chunk headers only."""
    position, chunks, size = len(PNG_SIGNATURE), 0, 0
    while position + 8 <= len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        if data[position + 4 : position + 8] not in _PNG_PICTURE_CHUNKS:
            chunks += 1
            size += length
        position += 12 + length
    return chunks, size


def _structure_problem(data: bytes, limits: Limits) -> str | None:
    """Why decoding would cost more than the pixels say: repeated JPEG scans, or PNG metadata."""
    if data.startswith(b"\xff\xd8"):
        # Entropy-coded data stuffs every 0xFF with 0x00, so FF DA is always a start-of-scan marker.
        scans = data.count(b"\xff\xda")
        if scans > limits.max_jpeg_scans:
            return f"picture has {scans:,} JPEG scans; the limit is {limits.max_jpeg_scans:,}"
    if data.startswith(PNG_SIGNATURE):
        chunks, size = _png_metadata(data)
        if chunks > limits.max_png_metadata_chunks or size > limits.max_png_metadata_bytes:
            return (
                f"picture has {chunks:,} metadata chunks of {size:,} bytes; the limits are "
                f"{limits.max_png_metadata_chunks:,} chunks and {limits.max_png_metadata_bytes:,} bytes"
            )
    return None


def image_problem(data: bytes, limits: Limits) -> str | None:
    """Why a pack's picture must not be decoded (not a picture, too many pixels, scans or metadata), or None."""
    size = image_size(data)
    if size is None:
        return "not a PNG, JPEG or WebP picture"
    width, height = size
    if width == 0 or height == 0:
        return "picture has no pixels"
    if width * height > limits.max_image_pixels:
        return f"picture is {width:,} × {height:,} pixels; the limit is {limits.max_image_pixels:,} pixels"
    return _structure_problem(data, limits)


class PixelBudget:
    """The pixels one guide's pictures may decode to together; each picture counts once."""

    def __init__(self, limits: Limits) -> None:
        self.limit = limits.max_guide_pixels
        self.spent = 0
        self._seen: set[str] = set()

    def take(self, name: str, width: int, height: int) -> bool:
        """Whether the picture `name` may be decoded; counts it if so."""
        if name in self._seen:
            return True
        if self.spent + width * height > self.limit:
            return False
        self._seen.add(name)
        self.spent += width * height
        return True
