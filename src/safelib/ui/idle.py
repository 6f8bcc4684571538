"""Idle auto-lock: an unlocked vault locks itself, exactly as panic does, after the chosen minutes without input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

from safelib.ui.session import Session

MINUTE_MS = 60_000


class IdleLock(QObject):
    """Any key, click, move or scroll (`poke`) restarts the timer; its timeout calls `lock`."""

    def __init__(self, session: Session, lock: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % (minutes) late
        self.timer.timeout.connect(lock)
        session.unlocked.connect(self.restart)
        session.locked.connect(self.timer.stop)
        session.setting_changed.connect(lambda key, _value: self.restart() if key == "auto_lock_minutes" else None)

    def restart(self) -> None:
        """Count from now, when a vault is open and a time is chosen; otherwise stay off."""
        minutes = self.session.settings["auto_lock_minutes"]
        if self.session.vault_mode and not self.session.is_locked and minutes:
            self.timer.start(minutes * MINUTE_MS)
        else:
            self.timer.stop()

    def poke(self) -> None:
        """Input of any kind (the panic keys' filter, the program's one, reports it): the reader is here."""
        if self.timer.isActive():
            self.timer.start()
