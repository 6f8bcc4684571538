"""Hard limits on pack input, so a hostile or broken pack cannot exhaust memory or time."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The documented ceilings every pack is held to (docs/pack-format.md lists them)."""

    max_guide_bytes: int = 1 * MIB
    max_manifest_bytes: int = 64 * 1024
    max_image_bytes: int = 5 * MIB
    # Decoding needs 4 bytes a pixel: 4096 × 4096 is 64 MiB, and a 30-byte header can claim 100,000².
    max_image_pixels: int = 4096 * 4096
    max_pack_bytes: int = 200 * MIB
    max_files: int = 5_000
    max_zip_ratio: int = 100
    max_markdown_nesting: int = 40
    # Python-Markdown's inline pass grows faster than linearly with the marks in one paragraph.
    max_inline_marks_per_block: int = 4_000
    max_inline_marks: int = 40_000


DEFAULT_LIMITS = Limits()
