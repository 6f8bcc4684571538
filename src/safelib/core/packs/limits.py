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
    # What one guide's pictures may decode to together (4 bytes a pixel: 256 MiB); 120 pictures of 4096² took 7.3 GB.
    max_guide_pixels: int = 4 * 4096 * 4096
    # Each progressive JPEG scan is another pass over every pixel: 80,000 repeated scans took 22 s; real ones have ≤ 20.
    max_jpeg_scans: int = 100
    # PNG chunks other than the picture's own (text, profiles…): 200 zTXt chunks made Qt abort with bad_alloc.
    max_png_metadata_chunks: int = 32
    max_png_metadata_bytes: int = 64 * 1024
    max_pack_bytes: int = 200 * MIB
    max_files: int = 5_000
    max_zip_ratio: int = 100
    max_markdown_nesting: int = 40
    # Python-Markdown's inline pass grows faster than linearly with the marks in one paragraph. Rendering runs on
    # the render thread but holds Python's lock, which the panic filter needs: 40,000 marks (1 s) let panic wait
    # 0.1 s on a loaded machine. Real guides have at most 56 in a paragraph and 150 in all.
    max_inline_marks_per_block: int = 1_000
    max_inline_marks: int = 4_000
    # Measured on one core: 100 links in one paragraph render in 0.06 s, 1,999 in 22 s (quadratic). Real: 4 and 11.
    max_links_per_block: int = 50
    max_links: int = 200
    # Each block costs ~0.1–0.2 ms (setext headings the most); the longest real guide has 62.
    max_blocks: int = 3_000
    # Rows are padded to the header's width: 100 columns × 1,000 one-character rows took 14 s.
    max_table_cells: int = 10_000
    # What Qt may spend building one page on the window's thread, where the panic key waits for it: units of about
    # 20 µs there (markdown_work.PAGE_PIECES), so about 60 ms on 2 loaded cores. The heaviest real guide weighs 1,289.
    max_page_weight: int = 3_000


DEFAULT_LIMITS = Limits()
