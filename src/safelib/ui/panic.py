"""Panic: one key hides every window, wipes what was on screen, then shows the decoy or quits."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from safelib.core.settings import Settings
from safelib.ui.compat import emit
from safelib.ui.decoy import Calculator

DOUBLE_ESCAPE_SECONDS = 0.6


class Wipeable(Protocol):
    """What the controller needs from the main window."""

    def wipe(self) -> None: ...
    def restore_after_panic(self) -> None: ...


class PanicController(QObject):
    """`trigger()` is the single entry point for the button, the keys, tests and the smoke run."""

    panicked = Signal(float)
    restored = Signal()

    def __init__(self, window: Wipeable, settings: Settings, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__()
        self.window = window
        self.settings = settings
        self.clock = clock
        self.active = False
        self.last_ms: float | None = None
        self.copied_texts: list[str] = []
        self.decoy: Calculator | None = None

    def remember_copy(self, text: str) -> None:
        """The program put `text` on the clipboard; panic clears it if it is still there."""
        if text:
            self.copied_texts = [*self.copied_texts[-4:], text]

    def trigger(self) -> None:
        """Hide every window, wipe content and our clipboard text, then decoy or quit."""
        if self.active:
            return
        started = self.clock()
        self.active = True
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        self.window.wipe()
        self._clear_clipboard()
        self.last_ms = (self.clock() - started) * 1000
        emit(self.panicked, self.last_ms)
        if self.settings["panic_action"] == "quit":
            QApplication.quit()
            return
        self._show_decoy()

    def _clear_clipboard(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or (self.copied_texts and clipboard.text() in self.copied_texts):
            clipboard.clear()
        self.copied_texts.clear()

    def _show_decoy(self) -> None:
        if self.decoy is None:
            self.decoy = Calculator(self.settings["panic_pin"])
            self.decoy.unlock.connect(self.restore)
        self.decoy.code = self.settings["panic_pin"] or self.decoy.code
        self.decoy.reset()
        self.decoy.retranslate()
        self.decoy.show()
        self.decoy.raise_()
        self.decoy.activateWindow()

    def restore(self) -> None:
        """The secret sum was typed: hide the decoy and bring back a freshly reset library."""
        if self.decoy is not None:
            self.decoy.hide()
        self.active = False
        self.window.restore_after_panic()
        emit(self.restored)


class PanicKeys(QObject):
    """Application-wide event filter: the chosen shortcut (Ctrl+Shift+H unless changed), or Esc twice within 0.6 s.

    A key event passes through the filter once per widget it propagates to; it is counted only at the
    widget it was first delivered to (the focus widget, or the window when nothing has focus).
    """

    def __init__(self, controller: PanicController, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.controller = controller
        self.clock = clock
        self._last_escape = -1.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not _first_receiver(watched) or event.isAutoRepeat():
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        if pressed.matches(QKeySequence(self.controller.settings["panic_shortcut"])) == QKeySequence.SequenceMatch.ExactMatch:
            self.controller.trigger()
            return True
        if (
            event.key() == Qt.Key.Key_Escape
            and modifiers == Qt.KeyboardModifier.NoModifier
            and self.controller.settings["panic_double_escape"]
        ):
            now = self.clock()
            if now - self._last_escape <= DOUBLE_ESCAPE_SECONDS:
                self._last_escape = -1.0
                self.controller.trigger()
                return True
            self._last_escape = now
        return False


def _first_receiver(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    if focus is not None:
        return widget is focus
    return widget.isWindow()
