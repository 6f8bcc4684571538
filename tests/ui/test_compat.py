"""The binding work-around: emitting many signals must not drain the reference count of True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from safelib.ui.compat import emit


class Sender(QObject):
    fired = Signal(int)


def test_many_emits_keep_true_alive() -> None:
    sender = Sender()
    received: list[int] = []
    sender.fired.connect(received.append)
    before = sys.getrefcount(True)
    for number in range(5000):
        emit(sender.fired, number)
    assert len(received) == 5000
    assert sys.getrefcount(True) >= before - 10
