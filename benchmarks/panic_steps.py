"""Where a panic's time goes: the steps of `benchmarks.panic`'s key press, each in wall and CPU time.

`python -m benchmarks.panic_steps TRIALS` (offscreen) prints p50/p95 per step: the key's delivery up to
`PanicController.trigger`, Qt hiding every window, `MainWindow.wipe`, and the clipboard up to `panicked`. CPU time
is the main thread's (`time.thread_time`): on a loaded machine it leaves out the time spent waiting for a core.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable

from benchmarks.panic import library_window, press_panic, reading, restore
from benchmarks.stats import percentile

STEPS = ("key → trigger", "hide", "wipe", "clipboard → panicked", "total")
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.thread_time}


def measure(trials: int) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per step and clock, one value per key press."""
    out: dict[str, dict[str, list[float]]] = {clock: {step: [] for step in STEPS} for clock in CLOCKS}
    with library_window() as (app, window):
        marks: dict[str, tuple[float, float]] = {}

        def mark(name: str) -> None:
            marks.setdefault(name, (time.perf_counter(), time.thread_time()))  # the first time only: restoring wipes too

        trigger, wipe = window.panic.trigger, window.wipe

        def marked_trigger() -> None:
            mark("trigger")
            trigger()

        def marked_wipe() -> None:
            mark("hidden")
            wipe()
            mark("wiped")

        window.panic.trigger = marked_trigger  # type: ignore[method-assign]
        window.wipe = marked_wipe  # type: ignore[method-assign]
        window.panic.panicked.connect(lambda _ms: mark("panicked"))
        spans = (("sent", "trigger"), ("trigger", "hidden"), ("hidden", "wiped"), ("wiped", "panicked"), ("sent", "panicked"))
        for _ in range(trials):
            focus = reading(app, window)
            marks.clear()
            mark("sent")
            press_panic(focus)
            for index, clock in enumerate(CLOCKS):
                for step, (start, end) in zip(STEPS, spans, strict=True):
                    out[clock][step].append((marks[end][index] - marks[start][index]) * 1000)
            restore(app, window)
    return out


def report(steps: dict[str, dict[str, list[float]]]) -> str:
    """One line per step: wall and CPU p50/p95."""
    lines = [f"{'step':22} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>9} {'cpu p95':>9}"]
    for step in STEPS:
        wall, cpu = steps["wall"][step], steps["cpu"][step]
        figures = (percentile(wall, 50), percentile(wall, 95), percentile(cpu, 50), percentile(cpu, 95))
        lines.append(f"{step:22} " + " ".join(f"{figure:9.3f}" for figure in figures))
    return "\n".join(lines)


if __name__ == "__main__":
    measured = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(report(measured))
    print(json.dumps({"load_average": os.getloadavg()[0]}), flush=True)
    os._exit(0)  # as benchmarks.panic: PySide6 can crash while the interpreter tears its objects down
