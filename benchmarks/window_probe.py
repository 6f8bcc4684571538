"""The measured process of the window benchmarks: the real MainWindow, driven by commands on stdin, reporting what it
did as JSON lines on stdout with monotonic times (the same clock as the driver's, on Linux).

`python -m benchmarks.window_probe [PACK_DIR...]` starts it. Commands, one a line: `open GUIDE_ID`, `key` (press
Ctrl+Shift+H from inside, for a session without X), `restore`, `settle` (answered once the render thread has
finished what it was given), `where` (the window id and the Hide now button's centre on screen), `quit`.
Events: `ready`, `opening`, `opened`, `panicked` (with `input`: when the triggering key or click reached Qt),
`restored`, `settled`, `where` (with the screen rectangles of the library, results, reader and search box).
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
import time
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSocketNotifier, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from safelib.core.context import open_context
from safelib.core.settings import Settings
from safelib.ui.app import create_application, wait_until
from safelib.ui.bootstrap import prepare_environment
from safelib.ui.compat import emit
from safelib.ui.session import Session
from safelib.ui.window import MainWindow


def say(event: str, **fields: Any) -> None:
    """One event line on stdout, stamped with the monotonic clock."""
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


class InputClock(QObject):
    """Application event filter installed after the panic keys', so Qt calls it first: when the input arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress or (
            kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() not in _MODIFIER_KEYS
        ):
            self.last = time.monotonic()
        return False


_MODIFIER_KEYS = (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta)


class Echo(QObject):
    """Lives on the render thread: answers once every render asked for before it is done."""

    ping = Signal()
    pong = Signal()

    @Slot()
    def answer(self) -> None:
        emit(self.pong)


class Probe(QObject):
    """Reads commands from stdin while the window runs."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__()
        self.app = app
        self.window = window
        self.clock = InputClock()
        app.installEventFilter(self.clock)
        window.panic.panicked.connect(self._panicked)
        self.echo = Echo()
        self.echo.moveToThread(window.reading_panel.render_thread.qthread)
        self.echo.ping.connect(self.echo.answer)
        self.echo.pong.connect(lambda: say("settled"))
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._command)

    def _panicked(self, ms: float) -> None:
        hidden = not any(widget.isVisible() for widget in QApplication.topLevelWidgets())
        say("panicked", ms=ms, input=self.clock.last, all_hidden=hidden)

    def _command(self) -> None:
        self.notifier.setEnabled(False)  # one command at a time, even while an open runs a nested event loop
        try:
            self.run(sys.stdin.readline().split())
        finally:
            self.notifier.setEnabled(True)

    def run(self, words: list[str]) -> None:
        if not words or words[0] == "quit":
            self.app.quit()
        elif words[0] == "open":
            say("opening", guide=words[1])
            ok = self.window.reading_panel.open_guide_id(words[1])
            say("opened", guide=words[1], ok=ok)
        elif words[0] == "key":
            focus = QApplication.focusWidget() or self.window
            QTest.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        elif words[0] == "restore":
            self.window.panic.restore()
            wait_until(self.app, self.window.isVisible)
            say("restored")
        elif words[0] == "settle":
            emit(self.echo.ping)
        elif words[0] == "where":
            button = self.window.panic_button
            centre = button.mapToGlobal(QPoint(button.width() // 2, button.height() // 2))
            regions = {name: _on_screen(attrgetter(path)(self.window)) for name, path in REGIONS.items()}
            say("where", window=int(self.window.winId()), button=[centre.x(), centre.y()], regions=regions)


# The parts of the window the soak moves the mouse over (never the toolbar, where Hide now is).
REGIONS = {
    "library_view": "library_view",
    "results_view": "search_panel.results_view",
    "reader": "reading_panel.reader",
    "search_box": "search_panel.search_box",
}


def _on_screen(widget: QWidget) -> list[int]:
    """[x, y, width, height] of a widget on the screen; zero size when it is hidden."""
    corner = widget.mapToGlobal(QPoint(0, 0))
    return [corner.x(), corner.y(), widget.width(), widget.height()] if widget.isVisible() else [0, 0, 0, 0]


def main(packs: list[Path]) -> int:
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # the benchmark asks for the stacks when a press is lost
    scratch = prepare_environment(None)
    app = create_application()
    context = open_context(extra_packs=packs)
    window = MainWindow(Session(context, Settings(None)))
    probe = Probe(app, window)
    window.show()
    wait_until(app, lambda: window.isVisible() and not window.indexing, 600)
    say("ready", pid=os.getpid())
    app.exec()
    probe.notifier.setEnabled(False)
    window.panic.active = False
    window.close()
    window.shutdown()
    context.close()
    scratch.remove()
    return 0


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])
    # PySide6 can crash while the interpreter tears its objects down; the figures are out, so skip the teardown.
    os._exit(0)
