"""Panic: one key hides every window, wipes what was on screen, locks a vault, then shows the decoy or quits."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QClipboard,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTouchEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from safelib.core.context import Context
from safelib.core.search.textnorm import ascii_digits
from safelib.core.settings import Settings
from safelib.core.vault.container import Vault
from safelib.ui import keys
from safelib.ui.compat import emit
from safelib.ui.decoy import NO_PIN_CODE, Calculator
from safelib.ui.session import Session

DOUBLE_ESCAPE_SECONDS = 0.6
INPUT = (QKeyEvent, QMouseEvent, QWheelEvent, QTouchEvent)  # what the reader does; every other event is Qt's own
MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Meta, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}
)  # pressed on their own, never a shortcut: Ctrl and Shift arrive as presses of their own before Ctrl+Shift+H


class Wipeable(Protocol):
    """What the controller needs from the main window."""

    def wipe(self) -> None: ...
    def restore_after_panic(self) -> None: ...


class PanicController(QObject):
    """`trigger()` is the single entry point for the button, the keys, tests and the smoke run."""

    panicked = Signal(float)
    restored = Signal()

    def __init__(self, window: Wipeable, session: Session, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__()
        self.window = window
        self.session = session
        self.clock = clock
        self.active = False
        self.last_ms: float | None = None
        self.copied_texts: list[str] = []
        self.decoy: Calculator | None = None
        self.keys: PanicKeys | None = None  # the keys' filter, once made, tells the controller it exists
        if session.io is not None:
            session.io.opened.connect(self._opened)

    @property
    def settings(self) -> Settings:
        """The session's settings (a vault swaps their values in and out)."""
        return self.session.settings

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
        quit_now = self.settings["panic_action"] == "quit"  # read before a vault's settings are locked away with it
        with self._undisturbed():
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible():
                    widget.hide()
            # Each step runs even when one before it failed: a bug in wiping must not leave the clipboard full,
            # the vault open or the decoy missing. The first failure is raised at the end, so it is not lost.
            failure = _each(self.window.wipe, self._clear_clipboard)
            self.last_ms = (self.clock() - started) * 1000
            emit(self.panicked, self.last_ms)
            failure = _each(self.session.lock, QApplication.quit if quit_now else self._show_decoy) or failure
        if failure is not None:
            raise failure

    @contextmanager
    def _undisturbed(self) -> Iterator[None]:
        """No garbage collection and no application event filter while panic hides, wipes and shows the decoy.

        A full collection takes tens of milliseconds, whenever allocations happen to cross its threshold; the filter
        is Python called for each of the two hundred or so events that hiding and wiping send, none of them input.
        Both are back before control returns to the event loop, so no input goes unseen.
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self.keys.paused() if self.keys is not None else nullcontext():
                yield
        finally:
            if collecting:
                gc.enable()

    def _clear_clipboard(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or (self.copied_texts and clipboard.text() in self.copied_texts):
            clipboard.clear()
        if clipboard.supportsSelection() and clipboard.ownsSelection():  # X11's middle-click paste
            clipboard.clear(QClipboard.Mode.Selection)
        self.copied_texts.clear()

    def start_locked(self) -> None:
        """A vault stick starts as the calculator: only its code opens the library."""
        self.active = True
        self._show_decoy()

    def _show_decoy(self) -> None:
        if self.decoy is None:
            self.decoy = Calculator(None if self.session.vault_mode else self.settings["panic_pin"])
            self.decoy.unlock.connect(self.restore)
            self.decoy.code_typed.connect(self._try_code)
        if not self.session.vault_mode:
            self.decoy.code = ascii_digits(self.settings["panic_pin"]) or NO_PIN_CODE
        self.decoy.reset()
        self.decoy.retranslate()
        self.decoy.show()
        self.decoy.raise_()
        self.decoy.activateWindow()

    def _try_code(self, code: str) -> None:
        """Try the code on the vault's thread, after any write still running there (a wrong one makes no sign)."""
        if self.session.vault_path is not None and self.session.io is not None:
            self.session.io.attempt(self.session.vault_path, code, self.session.cost)

    def _opened(self, vault: Vault, context: Context) -> None:
        """A code opened the vault (the real library or the decoy: the window cannot tell, and need not)."""
        self.restore()
        self.session.open(context, vault)

    def restore(self) -> None:
        """The secret sum was typed: hide the decoy and bring back a freshly reset library."""
        if self.decoy is not None:
            self.decoy.hide()
            self.decoy.reset()  # the code typed last is not left on its display
        self.active = False
        self.window.restore_after_panic()
        emit(self.restored)


class PanicKeys(QObject):
    """The program's one application-wide event filter: the panic shortcut (Ctrl+Shift+H unless changed), Esc twice
    within 0.6 s, a click on a panic button while a menu is open, every action's shortcut under non-Latin keyboard
    layouts, and `on_input` (the idle lock's restart) on every key, click, move, scroll or touch.

    An application filter sees key presses before open menus and popups eat them. A key event passes through it once
    per widget it propagates to; it is counted only where it was first delivered: the keyboard grabber, the open
    popup's focus widget (or the popup), or the focus widget of the window it was sent to (or that window).
    It sees every other event of the program too (hiding the window at panic sends some two hundred), so what is not
    input goes through one `isinstance` test and nothing more; `event.type()` (a Python enum made on every call) is
    asked only where an event was first delivered.
    """

    def __init__(
        self,
        controller: PanicController,
        clock: Callable[[], float] = time.monotonic,
        platform: str | None = None,
        on_input: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.clock = clock
        self.platform = platform if platform is not None else QGuiApplication.platformName()
        self.on_input = on_input
        self.buttons: list[QWidget] = []
        self.actions: list[QAction] = []
        self._last_escape = -1.0
        self._shortcut = ("", QKeySequence())
        self.installed = False
        controller.keys = self

    def install(self) -> None:
        """Watch every event of the program."""
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.installed = True

    def remove(self) -> None:
        """Stop watching (the window is going)."""
        if (app := QApplication.instance()) is not None:
            app.removeEventFilter(self)
        self.installed = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Out of the application for the length of the block, and back in after it, however it ends."""
        if not self.installed:
            yield
            return
        self.remove()
        try:
            yield
        finally:
            self.install()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, INPUT):
            return False
        self.on_input()
        if isinstance(event, QKeyEvent):
            return isinstance(watched, QWidget) and _first_receiver(watched) and self._key_press(event)
        if isinstance(event, QMouseEvent) and QApplication.activePopupWidget() is not None:
            return self._click_through_popup(event)
        return False

    def _key_press(self, event: QKeyEvent) -> bool:
        """A key press where it was first delivered (not its release, nor Qt's shortcut override ahead of it)."""
        if event.type() != QEvent.Type.KeyPress or event.key() in MODIFIER_KEYS or event.isAutoRepeat():
            return False
        if keys.matches(event, self._panic_shortcut(), self.platform):
            self.controller.trigger()
            return True
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            return self._escape()
        if keys.is_layout_translated(event, self.platform) and QApplication.activePopupWidget() is None:
            return self._layout_free_action(event)
        return False

    def _panic_shortcut(self) -> QKeySequence:
        """The shortcut as set, parsed again only when the setting changes."""
        text = self.controller.settings["panic_shortcut"]
        if text != self._shortcut[0]:
            self._shortcut = (text, QKeySequence(text))
        return self._shortcut[1]

    def _escape(self) -> bool:
        if not self.controller.settings["panic_double_escape"]:
            return False
        now = self.clock()
        if now - self._last_escape <= DOUBLE_ESCAPE_SECONDS:
            self._last_escape = -1.0
            self.controller.trigger()
            return True
        self._last_escape = now
        return False

    def _click_through_popup(self, event: QMouseEvent) -> bool:
        """A press on a panic button while a menu or popup is open (which would only close the popup) panics."""
        popup = QApplication.activePopupWidget()
        if popup is None or event.type() != QEvent.Type.MouseButtonPress:
            return False
        where = event.globalPosition().toPoint()
        if popup.geometry().contains(where):
            return False
        for button in self.buttons:
            if button.isVisible() and button.rect().contains(button.mapFromGlobal(where)):
                self.controller.trigger()
                return True
        return False

    def _layout_free_action(self, event: QKeyEvent) -> bool:
        """Ctrl+F typed on an Arabic layout reports an Arabic letter: run the action whose shortcut is that key."""
        active = QApplication.activeWindow()
        for action in self.actions:
            owner = action.parent()
            if not action.isEnabled() or not isinstance(owner, QWidget) or owner.window() is not active:
                continue
            if any(keys.matches(event, shortcut, self.platform) for shortcut in action.shortcuts()):
                action.trigger()
                return True
        return False


def _first_receiver(widget: QWidget) -> bool:
    """Whether Qt delivered the key event to `widget` first (the same choice Qt's own window makes)."""
    first = QWidget.keyboardGrabber()
    if first is None and (popup := QApplication.activePopupWidget()) is not None:
        first = popup.focusWidget() or popup
    if first is None:
        window = widget.window()
        first = window.focusWidget() or window
    return widget is first


def _each(*steps: Callable[[], object]) -> Exception | None:
    """Run every step, even after one fails; the first failure."""
    first: Exception | None = None
    for step in steps:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - panic finishes its other steps, then raises this
            first = first or exc
    return first
