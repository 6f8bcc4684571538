"""Idle auto-lock: an unlocked vault locks itself, exactly as panic does, after the chosen minutes without input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from safelib.ui.session import Session

MINUTE_MS = 60_000
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """An application event filter: any key, click, move or scroll restarts the timer; its timeout calls `lock`."""

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Input of any kind: the reader is here."""
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False
