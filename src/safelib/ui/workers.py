"""The one background thread: builds the search indexes at start-up, then answers searches in order.

Indexing and searching share a thread because the engine opens indexes lazily; one thread means
a search typed while indexing simply waits its turn instead of racing the build.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from safelib.ui.compat import emit


class SearchWorker(QObject):
    """Lives in a QThread; every request carries a serial number so stale queries can be skipped."""

    progress = Signal(str, int, int)
    prepared = Signal()
    prepare_failed = Signal(str)
    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, engine: SearchEngine) -> None:
        super().__init__()
        self.engine = engine
        self.latest = 0  # written by the GUI thread, read here: a plain int is enough to skip old work

    @Slot()
    def prepare(self) -> None:
        """Open or build every pack's index, reporting progress per guide."""
        try:
            self.engine.prepare(lambda pack_id, done, total: emit(self.progress, pack_id, done, total))
        except Exception as exc:  # noqa: BLE001 - a broken index must not kill the thread; search reports it
            emit(self.prepare_failed, f"{type(exc).__name__}: {exc}")
            return
        emit(self.prepared)

    @Slot(object, object)
    def reload(self, library: Library, old: Library) -> None:
        """Switch to a reloaded library, close the old one's files, and index what changed."""
        self.engine.refresh(library)
        old.close()
        self.prepare()

    @Slot(int, str, object, object)
    def search(self, serial: int, text: str, lang: object, category: object) -> None:
        """Run one query unless a newer one has already been asked for."""
        if serial < self.latest:
            return
        try:
            results = self.engine.search(
                text,
                lang=lang if isinstance(lang, str) else None,
                category=category if isinstance(category, str) else None,
                prefix=True,
            )
        except Exception as exc:  # noqa: BLE001 - show "search failed" rather than freeze the results
            emit(self.failed, serial, f"{type(exc).__name__}: {exc}")
            return
        emit(self.found, serial, results)


class SearchThread(QObject):
    """Owns the worker and its thread; `stop()` must be called before the application ends."""

    requested = Signal(int, str, object, object)
    start_prepare = Signal()
    start_reload = Signal(object, object)

    def __init__(self, engine: SearchEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.qthread = QThread()
        self.qthread.setObjectName("safelib-search")
        self.worker = SearchWorker(engine)
        self.worker.moveToThread(self.qthread)
        self.requested.connect(self.worker.search)
        self.start_prepare.connect(self.worker.prepare)
        self.start_reload.connect(self.worker.reload)
        self.qthread.start()

    def search(self, serial: int, text: str, lang: str | None, category: str | None) -> None:
        """Queue a query; older queued queries will be skipped."""
        self.worker.latest = serial
        emit(self.requested, serial, text, lang, category)

    def stop(self, wait_ms: int = 5000) -> bool:
        """Ask the thread to end after its current task; True when it did within `wait_ms`."""
        if not self.qthread.isRunning():
            return True
        self.qthread.quit()
        return self.qthread.wait(wait_ms)
