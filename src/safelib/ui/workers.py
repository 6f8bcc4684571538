"""Background threads: one builds the search indexes and then answers searches in order; one renders guides.

Indexing and searching share a thread because the engine opens indexes lazily; one thread means
a search typed while indexing simply waits its turn instead of racing the build. Rendering has its
own, so a guide opens while an index is being built, and a slow guide never holds up the panic key.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.packs.model import Guide, Pack
from safelib.core.problems import PackError
from safelib.core.render import render_guide
from safelib.core.search.engine import SearchEngine
from safelib.core.search.request import SearchRequest
from safelib.ui.compat import emit
from safelib.ui.pictures import with_pictures


class BuildCancelled(Exception):
    """The program is ending: an index build stops at its next guide instead of holding up the exit."""


class SearchWorker(QObject):
    """Lives in a QThread; every request carries a serial number so stale queries can be skipped."""

    progress = Signal(str, int, int)
    prepared = Signal()
    prepare_failed = Signal(str)
    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, engine: SearchEngine | None) -> None:
        super().__init__()
        self.engine = engine
        self.latest = 0  # written by the GUI thread, read here: a plain int is enough to skip old work
        self.cancelled = False  # set by the GUI thread when the program ends
        self.abandoned = False  # set by the GUI thread when the library is locked away: the build stops, `switch` follows

    def _progress(self, pack_id: str, done: int, total: int) -> None:
        if self.cancelled or self.abandoned:
            raise BuildCancelled
        emit(self.progress, pack_id, done, total)

    @Slot()
    def prepare(self) -> None:
        """Open or build every pack's index, reporting progress per guide."""
        if self.engine is None:
            return
        try:
            self.engine.prepare(self._progress)
        except BuildCancelled:
            return  # a half-built index on the stick was abandoned by the engine; nobody waits for this one
        except Exception as exc:  # noqa: BLE001 - a broken index must not kill the thread; search reports it
            emit(self.prepare_failed, f"{type(exc).__name__}: {exc}")
            return
        emit(self.prepared)

    @Slot(object, object, object)
    def switch(self, engine: SearchEngine | None, library: Library, retired: Library | Context) -> None:
        """Follow the session: the same engine refreshed for a reloaded `library`, another engine (a vault opened),
        or none (locked); then close what was `retired`, here, once nothing on this thread still reads it."""
        self.abandoned = False
        if engine is not None and engine is self.engine:
            engine.refresh(library)
        else:
            self.engine = engine
        retired.close()
        self.prepare()

    @Slot(int, object)
    def search(self, serial: int, request: SearchRequest) -> None:
        """Run one query unless a newer one has already been asked for (or there is no library to search)."""
        if serial < self.latest or self.engine is None:
            return
        try:
            results = self.engine.answer(request)
        except Exception as exc:  # noqa: BLE001 - show "search failed" rather than freeze the results
            emit(self.failed, serial, f"{type(exc).__name__}: {exc}")
            return
        emit(self.found, serial, results)


class WorkerThread(QObject):
    """Owns a worker and the QThread it lives in; `stop()` must be called before the application ends."""

    def __init__(self, worker: QObject, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.qthread = QThread()
        self.qthread.setObjectName(name)
        self.worker = worker
        worker.moveToThread(self.qthread)
        self.qthread.start()

    def stop(self, wait_ms: int = 5000) -> bool:
        """Ask the thread to end after its current task; True when it did within `wait_ms`."""
        if not self.qthread.isRunning():
            return True
        self.qthread.quit()
        return self.qthread.wait(wait_ms)


class SearchThread(WorkerThread):
    """The search worker's thread."""

    requested = Signal(int, object)
    start_prepare = Signal()
    start_switch = Signal(object, object, object)

    def __init__(self, engine: SearchEngine | None, parent: QObject | None = None) -> None:
        self.worker: SearchWorker
        super().__init__(SearchWorker(engine), "safelib-search", parent)
        self.requested.connect(self.worker.search)
        self.start_prepare.connect(self.worker.prepare)
        self.start_switch.connect(self.worker.switch)

    def search(self, serial: int, request: SearchRequest) -> None:
        """Queue a query; older queued queries will be skipped."""
        self.worker.latest = serial
        emit(self.requested, serial, request)

    def stop(self, wait_ms: int = 5000) -> bool:
        """Cancel a running index build (it stops at its next guide), then end the thread."""
        self.worker.cancelled = True
        return super().stop(wait_ms)


class RenderWorker(QObject):
    """Renders one guide per request, in order, and decodes its pictures; `done` carries the request's serial and the
    page (a ShownGuide) or the problem."""

    done = Signal(int, object)

    @Slot(int, object, object)
    def render(self, serial: int, guide: Guide, pack: Pack | None) -> None:
        """Render `guide` with the core (sanitised HTML and its contents) and decode the pictures it shows."""
        try:
            result: object = with_pictures(render_guide(guide, pack), pack)
        except PackError as exc:
            result = exc
        emit(self.done, serial, result)


class RenderThread(WorkerThread):
    """The render worker's thread."""

    requested = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        self.worker: RenderWorker
        super().__init__(RenderWorker(), "safelib-render", parent)
        self.requested.connect(self.worker.render)
