"""The heaviest guides the limits allow: how long each takes to render, and to open in the real window.

Each body is the largest of its kind that `render_markdown` accepts: most stop at the page weight (what Qt may spend
building the page on the window's thread, where the panic key waits), escapes and emphasis at their Markdown bounds.
`python -m benchmarks.heavy_guide [RUNS]` prints JSON (medians in ms); `--window` also opens each in the real
MainWindow, offscreen, with the longest time its thread handled no events (what a panic key would wait); `--pack DIR`
writes them as the pack `heavy` (with a guide of pictures at the pixel limit).
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from safelib.core.packs.limits import DEFAULT_LIMITS as LIMITS
from safelib.core.problems import PackError
from safelib.core.render import render_markdown

SORANI = "ئەم ڕێنماییە بۆ پاراستنی تۆیە "
_LINKS = " ".join(["[a](guide:b)"] * LIMITS.max_links_per_block) + "\n\n"
_PICTURES = " ".join(["![a](media/b.png)"] * LIMITS.max_links_per_block) + "\n\n"
_ESCAPES = "\\-" * (LIMITS.max_inline_marks_per_block - 1) + "\n\n"
_EMPHASIS = "*a* " * (LIMITS.max_inline_marks_per_block // 3) + "\n\n"


def _table(rows: int, cell: str = "cell") -> str:
    return "|a|b|c|d|e|f|\n|-|-|-|-|-|-|\n" + f"|{cell}|{cell}|{cell}|{cell}|{cell}|{cell}|\n" * rows


KINDS: dict[str, Callable[[int], str]] = {
    "setext headings": lambda n: "a\n-\n" * n,
    "paragraphs": lambda n: "a\n\n" * n,
    "list items": lambda n: "- an item\n" * n,
    "links": lambda n: _LINKS * n,
    "pictures (missing)": lambda n: _PICTURES * n,
    "table cells": _table,
    "table cells (Sorani)": lambda n: _table(n, SORANI),
    "backslash escapes": lambda n: _ESCAPES * n,
    "emphasis marks": lambda n: _EMPHASIS * n,
    "plain text": lambda n: ("word " * 200 + "\n\n") * n,
    "Sorani text": lambda n: (SORANI * 30 + "\n\n") * n,
    "several kinds at once": lambda n: "\n\n".join(
        ["a\n-\n" * (n * 6), "- an item\n" * (n * 6), _LINKS * (n // 4), _table(n), ("word " * 200 + "\n\n") * n]
    ),
}


def _accepted(body: str, title: str) -> bool:
    """Whether the window would show `body` as the guide `title` (render_guide adds the title and the date line)."""
    try:
        render_markdown(f"*Facts checked: November 1, 2026*\n\n{body}", title=title)
    except PackError:
        return False
    return True


def largest(make: Callable[[int], str], title: str) -> str:
    """The body `make(n)` for the largest n the limits accept."""
    high = 1
    while _accepted(make(high * 2), title):
        high *= 2
    low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _accepted(make(middle), title) else (low, middle)
    return make(low)


def heaviest() -> dict[str, str]:
    """One guide body of each kind, as heavy as the limits allow."""
    return {name: largest(make, name) for name, make in KINDS.items()}


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


def window_times(runs: int) -> dict[str, dict[str, float]]:
    """Per guide, for the real window (shown, offscreen): median ms to open it (render, set, lay out), and the longest
    the window's thread went without handling events while it opened and was painted (what a panic key would wait)."""
    from PySide6.QtCore import QEventLoop, QTimer

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
    window.show()
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()
    out = {}
    try:
        for guide_id, name in names.items():
            times, stalls = [], []
            for _ in range(runs):
                window.reading_panel.show_safety_page()
                app.processEvents()
                ticks[:] = [time.perf_counter()]
                window.reading_panel.open_guide_id(guide_id)
                times.append((time.perf_counter() - ticks[0]) * 1000)
                settle = QEventLoop()
                QTimer.singleShot(300, settle.quit)  # the rest of the layout and the first paint
                settle.exec()
                stalls.append(max(later - earlier for earlier, later in itertools.pairwise(ticks)) * 1000)
            out[name] = {"open_ms": round(statistics.median(times), 1), "longest_stall_ms": round(max(stalls), 1)}
    finally:
        ticker.stop()
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
