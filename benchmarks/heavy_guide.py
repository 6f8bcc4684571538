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
    (folder / "guides").mkdir(parents=True)
    (folder / "pack.toml").write_text(
        'format = 1\nid = "heavy"\ntitle = "Heavy"\nlanguage = "en"\nversion = "1"\npublisher = "b"\nlicense = "CC0-1.0"\n',
        "utf-8",
    )
    names = {}
    for number, (name, body) in enumerate(heaviest().items()):
        front = f'+++\ntitle = "{name}"\ncategory = "security"\nsummary = "s"\nupdated = 2026-11-01\n+++\n\n'
        (folder / "guides" / f"g{number}.md").write_text(front + body, "utf-8")
        names[f"g{number}"] = name
    library = Library.load([folder.parent])
    window = MainWindow(Session(Context(library, SearchEngine(library), None), Settings(None)))
    out = {}
    try:
        for guide_id, name in names.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                window.open_guide_id(guide_id)
                window.reader.document().size()  # lay out, as showing it would
                app.processEvents()
                times.append((time.perf_counter() - started) * 1000)
            out[name] = round(statistics.median(times), 1)
    finally:
        window.close()
        library.close()
        scratch.remove()
    return out


if __name__ == "__main__":
    count = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), "3"))
    report: dict[str, object] = {"render_ms": render_times(count)}
    if "--window" in sys.argv:
        report["window_open_ms"] = window_times(count)
    print(json.dumps(report, indent=1))
