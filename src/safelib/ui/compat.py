"""Work-arounds for bugs in the Qt binding, each detected at run time so fixed versions are left alone."""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


@lru_cache(maxsize=1)
def emit_drops_a_reference_to_true() -> bool:
    """PySide6 6.12.0: `SignalInstance.emit()` returns True without owning a reference to it.

    Every emit from Python then drops one reference to True; after a few thousand emits (a long
    session: index progress, searches) CPython aborts with "bool_dealloc: deallocating True or False".
    """
    probe = _Probe()
    before = sys.getrefcount(True)
    for _i in range(8):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    for _i in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 4


def emit(signal: Any, *args: object) -> None:
    """Emit `signal` from Python, giving back the reference a buggy binding takes from True."""
    result = signal.emit(*args)
    if result is True and emit_drops_a_reference_to_true():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
