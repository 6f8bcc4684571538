"""Panic section: the real MainWindow (offscreen), the panic shortcut sent as a key event, until every window is hidden and wiped.

Run as `python -m benchmarks.panic TRIALS` it is the measured process (Qt stays out of the suite's
own process) and prints the latencies as JSON; `run` starts it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.corpus import CONTENT, REPO
from benchmarks.stats import percentile, summary

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from safelib.ui.window import MainWindow

GUIDE = "pep-72-hours"
QUERY = "hiv"
SAVE_TRIALS = 20  # each writes the whole vault (32 MiB) and opens it again


@contextmanager
def library_window() -> Iterator[tuple[QApplication, MainWindow]]:
    """The real window on the bundled library (offscreen), shown and indexed; closed and its scratch removed after."""
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
    try:
        window.show()
        wait_until(app, lambda: window.isVisible() and not window.indexing)
        yield app, window
    finally:
        window.panic.active = False
        window.close()
        window.shutdown()
        context.close()
        scratch.remove()


def reading(app: QApplication, window: MainWindow) -> QWidget:
    """Open the guide, type the query and focus the reader, as a reader would be when pressing; the widget with focus."""
    from PySide6.QtWidgets import QApplication

    window.reading_panel.open_guide_id(GUIDE)
    window.search_panel.search_box.setText(QUERY)
    window.reading_panel.reader.setFocus()
    app.processEvents()
    return QApplication.focusWidget() or window


def press_panic(focus: QWidget) -> None:
    """Ctrl+Shift+H, as a key event to the widget with focus."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def restore(app: QApplication, window: MainWindow) -> None:
    """Back from the decoy, the window shown again."""
    from safelib.ui.app import wait_until

    window.panic.restore()
    window.show()
    wait_until(app, window.isVisible)


def measure(trials: int) -> list[float]:
    """Milliseconds from sending Ctrl+Shift+H to the `panicked` signal (all hidden, reader, search, history, clipboard wiped)."""
    latencies = []
    with library_window() as (app, window):
        signalled: list[float] = []
        window.panic.panicked.connect(lambda _ms: signalled.append(time.perf_counter()))
        for _ in range(trials):
            focus = reading(app, window)
            started = time.perf_counter()
            press_panic(focus)
            if not signalled or window.isVisible() or window.reading_panel.reader.toPlainText():
                raise RuntimeError("the panic key did not hide and wipe the window")
            latencies.append((signalled.pop() - started) * 1000)
            restore(app, window)
    return latencies


def measure_during_save(trials: int, folder: Path) -> dict[str, list[float]]:
    """Milliseconds from a panic key to the `panicked` signal: "save", the key arriving 5 ms into a vault settings save
    (the whole file re-encrypted and written to `folder`); "idle", the same with no save, pressed in turn with them, as
    the machine's own share. The vault is opened again between presses."""
    from tests.core.vault.conftest import CHEAP, CODE  # the format's cost would only slow the reopening

    from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from safelib.core.context import open_vault_context
    from safelib.core.library import Library
    from safelib.core.settings import Settings
    from safelib.core.vault.container import Vault
    from safelib.core.vault.indexes import index_items
    from safelib.core.vault.library import add_pack, pack_bytes
    from safelib.ui.app import create_application, wait_until
    from safelib.ui.bootstrap import prepare_environment
    from safelib.ui.session import Session
    from safelib.ui.window import MainWindow

    scratch = prepare_environment(None)
    app = create_application()
    items: dict[str, bytes] = {}
    for pack in sorted(p for p in CONTENT.iterdir() if (p / "pack.toml").exists()):
        add_pack(items, pack_bytes(pack), pack.name)
    library = Library.load([CONTENT])
    items |= index_items(library)  # prebuilt, as a kit has them: no index build competes with the key
    library.close()
    path = folder / "data.bin"
    Vault.create(path, CODE, items, CHEAP).lock()
    session = Session(None, Settings(None), path, CHEAP)
    window = MainWindow(session)
    signalled: list[float] = []
    window.panic.panicked.connect(lambda _ms: signalled.append(time.perf_counter()))
    saving, posted = threading.Event(), []
    latencies: dict[str, list[float]] = {"save": [], "idle": []}

    def settled() -> bool:  # the last lock's write is done (this program's vault thread; before it, nothing ran later)
        io = getattr(session, "io", None)
        return io is None or not io.busy

    def press_into_the_save(focus: QWidget, key: QKeyEvent) -> None:
        saving.wait(10)
        time.sleep(0.005)
        posted.append(time.perf_counter())
        QCoreApplication.postEvent(focus, key)  # as the system delivers a key: queued for the window's thread

    def start_save(kind: str) -> None:
        saving.set()
        if kind == "save":
            session.save_vault()

    try:
        for trial in range(2 * trials):
            kind = ("save", "idle")[trial % 2]
            wait_until(app, settled)
            vault = Vault.unlock(path, CODE, CHEAP)
            assert vault is not None
            session.open(open_vault_context(vault), vault)
            window.panic.restore()
            wait_until(app, lambda: window.isVisible() and not window.indexing)
            window.reading_panel.open_guide_id(GUIDE)
            window.reading_panel.reader.setFocus()
            session.settings.set("auto_lock_minutes", (5, 15)[trial // 2 % 2])  # a setting that changes nothing on screen
            wait_until(app, lambda: False, seconds=0.05)  # and what the window does after opening is done
            saving.clear()
            key = QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            )
            presser = threading.Thread(target=press_into_the_save, args=(QApplication.focusWidget() or window, key))
            presser.start()
            QTimer.singleShot(0, lambda kind=kind: start_save(kind))
            if not wait_until(app, lambda: bool(signalled)) or window.isVisible():
                raise RuntimeError("the panic key did not hide the window")
            presser.join()
            latencies[kind].append((signalled.pop() - posted.pop()) * 1000)
        wait_until(app, settled)
    finally:
        window.panic.active = False
        window.close()
        window.shutdown()
        session.close()
        scratch.remove()
    return latencies


def _probe(trials: int, *mode: str) -> Any:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.panic", str(trials), *mode],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"panic probe failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    save_trials = min(trials, SAVE_TRIALS)
    with tempfile.TemporaryDirectory(prefix="safelib-bench-", dir=REPO) as folder:  # the checkout's disk, not RAM
        measured = _probe(save_trials, "save", folder)
    out["during_save"], out["beside_save"] = (
        {"trials": save_trials, **{f"p{q}_ms": percentile(measured[kind], q) for q in (50, 95)}, "max_ms": max(measured[kind])}
        for kind in ("save", "idle")
    )
    saving, idle = out["during_save"], out["beside_save"]
    log(f"panic during a vault save: p50 {saving['p50_ms']:.1f} ms, max {saving['max_ms']:.1f} ms (none: {idle['p50_ms']:.1f})")
    return out


if __name__ == "__main__":
    if sys.argv[2:3] == ["save"]:
        print(json.dumps(measure_during_save(int(sys.argv[1]), Path(sys.argv[3]))), flush=True)
    else:
        print(json.dumps(measure(int(sys.argv[1]))), flush=True)
    # PySide6 can crash while the interpreter tears its objects down (none_dealloc during the
    # final garbage collection); the figures are out, so skip the teardown.
    os._exit(0)
