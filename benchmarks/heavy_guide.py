"""The heaviest guides the limits allow: how long each takes to render, and to open in the real window.

While rendering runs on the GUI thread, a panic key pressed as such a guide opens waits for it: the
time to open is the worst panic latency. `python -m benchmarks.heavy_guide [RUNS]` prints JSON
(medians in ms); `--window` also opens each in the real MainWindow, offscreen.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from safelib.core.packs.limits import DEFAULT_LIMITS as LIMITS
from safelib.core.render import render_markdown

_LINKS_PER_BLOCK = " ".join(["[a](guide:b)"] * LIMITS.max_links_per_block)
_IMAGES_PER_BLOCK = " ".join(["![a](media/b.png)"] * LIMITS.max_links_per_block)
_COLUMNS = LIMITS.max_table_cells // 100 - 2  # (columns + 2 bars) × 100 rows, as counted


def heaviest() -> dict[str, str]:
    """One guide body at (just under) each limit, and one at all of them at once where they combine."""
    blocks = LIMITS.max_blocks - 10
    bodies = {
        "setext headings": "a\n-\n" * blocks,
        "paragraphs": "a\n\n" * blocks,
        "links": "\n\n".join([_LINKS_PER_BLOCK] * (LIMITS.max_links // LIMITS.max_links_per_block)),
        "pictures": "\n\n".join([_IMAGES_PER_BLOCK] * (LIMITS.max_links // LIMITS.max_links_per_block)),
        "table cells": "|" + "a|" * _COLUMNS + "\n|" + "-|" * _COLUMNS + "\n" + "|\n" * 98,
        "escapes": ("\\-" * (LIMITS.max_inline_marks_per_block - 1) + "\n\n")
        * (LIMITS.max_inline_marks // LIMITS.max_inline_marks_per_block),
        "emphasis": ("*a* " * (LIMITS.max_inline_marks_per_block // 3) + "\n\n")
        * (LIMITS.max_inline_marks // LIMITS.max_inline_marks_per_block),
        "plain text (1 MiB)": ("word " * 200 + "\n\n") * 1000,
    }
    third = LIMITS.max_blocks // 3
    bodies["all at once"] = "\n\n".join(
        [
            "a\n-\n" * third,
            "\n\n".join([_LINKS_PER_BLOCK] * (LIMITS.max_links // LIMITS.max_links_per_block)),
            "|" + "a|" * _COLUMNS + "\n|" + "-|" * _COLUMNS + "\n" + "|\n" * 98,
            ("\\-" * (LIMITS.max_inline_marks_per_block - 1) + "\n\n") * 8,
        ]
    )
    return bodies


def render_times(runs: int) -> dict[str, float]:
    """Median milliseconds to render each body (render_markdown refuses none of them)."""
    out = {}
    for name, body in heaviest().items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            render_markdown(body)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = round(statistics.median(times), 1)
    return out


PACK_TOML = 'format = 1\nid = "heavy"\ntitle = "Heavy"\nlanguage = "en"\nversion = "1"\npublisher = "b"\nlicense = "CC0-1.0"\n'
# What one guide may decode (max_guide_pixels), as pictures at the pixel limit each, in the formats slowest to decode.
PICTURES = ("progressive-1.jpg", "progressive-2.jpg", "baseline.jpg", "detailed.png")


def write_pack(folder: Path, pictures: bool = False) -> dict[str, str]:
    """Write the heaviest guides as the pack `heavy` in `folder`; guide id → name. `pictures` adds a guide showing
    as many pictures at the pixel limit as one guide may decode (made with Qt: call it where Qt may start)."""
    (folder / "guides").mkdir(parents=True)
    (folder / "pack.toml").write_text(PACK_TOML, "utf-8")
    bodies = heaviest()
    if pictures:
        write_pictures(folder / "media")
        bodies["pictures at the pixel limit"] = "\n\n".join(f"![a](media/{name})" for name in PICTURES)
    names = {}
    for number, (name, body) in enumerate(bodies.items()):
        front = f'+++\ntitle = "{name}"\ncategory = "security"\nsummary = "s"\nupdated = 2026-11-01\n+++\n\n'
        (folder / "guides" / f"g{number}.md").write_text(front + body, "utf-8")
        names[f"g{number}"] = name
    return names


def write_pictures(media: Path) -> None:
    """PICTURES at LIMITS.max_image_pixels each and under max_image_bytes: busy drawings, so decoding has work."""
    from PySide6.QtCore import QBuffer, QIODevice, QPoint
    from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter

    side = int(LIMITS.max_image_pixels**0.5)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for step in range(0, side, 16):
        painter.setPen(QColor((step * 7) % 256, (step * 13) % 256, (step * 29) % 256))
        painter.drawLine(QPoint(step, 0), QPoint(side - step, side))
        painter.drawLine(QPoint(0, step), QPoint(side, (step * 5) % side))
    painter.end()
    media.mkdir(parents=True)
    for name in PICTURES:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, name.rsplit(".", 1)[1].encode())
        writer.setQuality(60)
        writer.setProgressiveScanWrite(name.startswith("progressive"))
        if not writer.write(image):
            raise RuntimeError(f"cannot write {name}: {writer.errorString()}")
        data = bytes(buffer.data().data())
        if len(data) > LIMITS.max_image_bytes:
            raise RuntimeError(f"{name} is {len(data):,} bytes, over the limit")
        (media / name).write_bytes(data)


def window_times(runs: int) -> dict[str, float]:
    """Median milliseconds for the real window to open each as a guide (render, set, lay out)."""
    from safelib.core.context import Context
    from safelib.core.library import Library
    from safelib.core.search.engine import SearchEngine
    from safelib.core.settings import Settings
    from safelib.ui.app import create_application
    from safelib.ui.bootstrap import prepare_environment
    from safelib.ui.session import Session
    from safelib.ui.window import MainWindow

    scratch = prepare_environment(None)
    app = create_application()
    folder = Path(tempfile.mkdtemp(dir=scratch.path)) / "heavy"
    names = write_pack(folder)
    library = Library.load([folder.parent])
    window = MainWindow(Session(Context(library, SearchEngine(library), None), Settings(None)))
    out = {}
    try:
        for guide_id, name in names.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                window.reading_panel.open_guide_id(guide_id)
                window.reading_panel.reader.document().size()  # lay out, as showing it would
                app.processEvents()
                times.append((time.perf_counter() - started) * 1000)
            out[name] = round(statistics.median(times), 1)
    finally:
        window.close()
        library.close()
        scratch.remove()
    return out


if __name__ == "__main__" and sys.argv[1:2] == ["--pack"]:
    write_pack(Path(sys.argv[2]), pictures=True)
elif __name__ == "__main__":
    count = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), "3"))
    report: dict[str, object] = {"render_ms": render_times(count)}
    if "--window" in sys.argv:
        report["window_open_ms"] = window_times(count)
    print(json.dumps(report, indent=1))
