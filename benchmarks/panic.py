"""Panic section: the real MainWindow (offscreen), the panic shortcut sent as a key event, until every window is hidden and wiped.

Run as `python -m benchmarks.panic TRIALS` it is the measured process (Qt stays out of the suite's
own process) and prints the latencies as JSON; `run` starts it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.corpus import REPO
from benchmarks.stats import percentile, summary

GUIDE = "pep-72-hours"
QUERY = "hiv"


def measure(trials: int) -> list[float]:
    """Milliseconds from sending Ctrl+Shift+H to the `panicked` signal (all hidden, reader, search, history, clipboard wiped)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from safelib.core.context import open_context
    from safelib.core.settings import Settings
    from safelib.ui.app import create_application, wait_until
    from safelib.ui.bootstrap import prepare_environment
    from safelib.ui.session import Session
    from safelib.ui.window import MainWindow

    scratch = prepare_environment(None)
    app = create_application()
    context = open_context()
    context.search.prepare()
    window = MainWindow(Session(context, Settings(None)))
    signalled: list[float] = []
    window.panic.panicked.connect(lambda _ms: signalled.append(time.perf_counter()))
    latencies = []
    try:
        window.show()
        wait_until(app, lambda: window.isVisible() and not window.indexing)
        for _ in range(trials):
            window.reading_panel.open_guide_id(GUIDE)
            window.search_panel.search_box.setText(QUERY)
            window.reading_panel.reader.setFocus()
            app.processEvents()
            focus = QApplication.focusWidget() or window
            started = time.perf_counter()
            QTest.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            if not signalled or window.isVisible() or window.reading_panel.reader.toPlainText():
                raise RuntimeError("the panic key did not hide and wipe the window")
            latencies.append((signalled.pop() - started) * 1000)
            window.panic.restore()
            window.show()
            wait_until(app, window.isVisible)
    finally:
        window.panic.active = False
        window.close()
        window.shutdown()
        context.close()
        scratch.remove()
    return latencies


def _probe(trials: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.panic", str(trials)], env=env, capture_output=True, text=True, check=False, cwd=REPO
    )
    if done.returncode != 0:
        raise RuntimeError(f"panic probe failed:\n{done.stderr}")
    latencies: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return latencies


def run(trials: int, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """p50/p95 of the panic latency over `trials` key presses, in each of `runs` fresh offscreen processes."""
    per_run = [_probe(trials) for _ in range(runs)]
    out: dict[str, Any] = {
        "trials": trials,
        "runs": runs,
        "p50_ms": summary([percentile(latencies, 50) for latencies in per_run]),
        "p95_ms": summary([percentile(latencies, 95) for latencies in per_run]),
        "max_ms": max(max(latencies) for latencies in per_run),
    }
    log(f"panic: p50 {out['p50_ms']['median']:.3f} ms, p95 {out['p95_ms']['median']:.3f} ms ({runs} × {trials} key presses)")
    return out


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))), flush=True)
    # PySide6 can crash while the interpreter tears its objects down (none_dealloc during the
    # final garbage collection); the figures are out, so skip the teardown.
    os._exit(0)
