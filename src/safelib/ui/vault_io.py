"""The one thread that reads and writes the vault file: codes tried on the calculator, saves, duress codes, packs kept.

Each runs there, one at a time and in the order asked, so the window never waits for the stick, and no two of them
touch the file at once (a duress code typed while the locked library's last save runs is tried after that save, so
the save cannot bring back the key slot the duress code erases). What a write holds is copied from the vault's items
on the window's thread when its turn comes, so writes asked for in a row while one runs are one write of the latest
items.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, Slot

from safelib.core.context import Context, open_vault_context
from safelib.core.vault.codes import normalise_code
from safelib.core.vault.container import Items, KdfCost, Vault
from safelib.ui.compat import emit
from safelib.ui.workers import WorkerThread

CLOSE_WAIT_MS = 120_000  # closing waits this long for a write to a slow stick; the vault as it was stays intact if cut
Change = Callable[[Vault, Items], None]  # writes the vault from (a copy of) its items, changing that copy as it needs
Done = Callable[[Exception | None], None]  # on the window's thread: None once written, else what went wrong


def open_with_code(path: Path, code: str, cost: KdfCost) -> tuple[Vault, Context] | None:
    """The vault at `path` opened with `code`, and its library; a wrong code, a damaged or missing file all give None."""
    try:
        vault = Vault.unlock(path, code, cost)
    except Exception:  # noqa: BLE001 - whatever went wrong, the calculator shows nothing of it
        return None
    if vault is None:
        return None
    try:
        return vault, open_vault_context(vault)
    except Exception:  # noqa: BLE001 - the same: and the keys are dropped at once
        vault.lock()
        return None


def written(vault: Vault, change: Change, snapshot: dict[str, bytes]) -> dict[str, bytes | None]:
    """Run `change` on a copy of `snapshot`; the items it added, replaced (bytes) or removed (None), to keep after it."""
    items = dict(snapshot)
    change(vault, items)
    names = set(items) | set(snapshot)
    return {name: items.get(name) for name in names if items.get(name) is not snapshot.get(name)}


class VaultWorker(QObject):
    """Runs one piece of work at a time on the vault's thread; `finished` carries what it returned or raised."""

    finished = Signal(object)

    @Slot(object)
    def run(self, work: Callable[[], object]) -> None:
        """Do `work`; an exception is the answer, never the end of the thread (later writes must still run)."""
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - VaultError, OSError, or a bug: reported, and the queue goes on
            result = exc
        emit(self.finished, result)


@dataclass
class _Step:
    """One thing asked of the vault's thread: `start` runs on the window's thread when its turn comes and returns the
    work for the thread (None: nothing to do there); `done` get what the work gave."""

    start: Callable[[], Callable[[], object] | None]
    done: list[Callable[[object], None]] = field(default_factory=list)
    vault: Vault | None = None
    coalesces: bool = False  # a plain save: another plain save of the same vault asked before it starts joins it


class VaultIO(WorkerThread):
    """The queue of the vault's thread, kept on the window's thread; `opened` when a code opened a vault."""

    requested = Signal(object)
    opened = Signal(object, object)  # the vault and its library's context
    idle = Signal()  # everything asked has been done

    def __init__(self, parent: QObject | None = None) -> None:
        self.worker: VaultWorker
        super().__init__(VaultWorker(), "io", parent)
        self.requested.connect(self.worker.run)
        self.worker.finished.connect(self._finished)
        self.steps: deque[_Step] = deque()
        self.running: _Step | None = None

    @property
    def busy(self) -> bool:
        """True while something runs or waits its turn."""
        return self.running is not None or bool(self.steps)

    def attempt(self, path: Path, code: str, cost: KdfCost) -> None:
        """Try `code` (any of the three digit sets) on the vault at `path`, after everything asked before it."""
        code = normalise_code(code)
        self._queue(_Step(lambda: lambda: open_with_code(path, code, cost), [self._opened]))

    def write(self, vault: Vault, change: Change = Vault.save, done: Done | None = None) -> None:
        """Write `vault` with its items as they are when the write starts; what `change` changed in them is kept in the
        vault's own items once written. Plain saves asked while one waits are that one save."""
        plain = change is Vault.save
        last = self.steps[-1] if self.steps else None
        if plain and last is not None and last.coalesces and last.vault is vault:
            if done is not None:
                last.done.append(_outcome(done))
            return
        snapshot: dict[str, bytes] = {}

        def start() -> Callable[[], object]:
            snapshot.update(vault.items)  # on this thread, while nothing else writes: the latest items
            return lambda: written(vault, change, snapshot)

        def keep(result: object) -> None:
            if isinstance(result, dict) and not vault.locked:
                for name, data in result.items():
                    if data is None:
                        vault.items.pop(name, None)
                    else:
                        vault.items[name] = data
            snapshot.clear()

        finished = [keep] + ([_outcome(done)] if done is not None else [])
        self._queue(_Step(start, finished, vault, plain))

    def lock(self, vault: Vault) -> None:
        """Drop `vault`'s keys and items once everything asked for it before has been written."""

        def start() -> None:
            vault.lock()

        self._queue(_Step(start, vault=vault))

    def stop(self, wait_ms: int = CLOSE_WAIT_MS) -> bool:
        """Finish what was asked (the program ends), then end the thread; False when a write still runs after the wait."""
        if self.busy and self.qthread.isRunning():
            loop = QEventLoop()
            self.idle.connect(loop.quit)
            QTimer.singleShot(wait_ms, loop.quit)
            loop.exec()
            self.idle.disconnect(loop.quit)
        return not self.busy and super().stop()

    def _opened(self, result: object) -> None:
        if isinstance(result, tuple):
            emit(self.opened, *result)

    def _queue(self, step: _Step) -> None:
        self.steps.append(step)
        if self.running is None:
            self._next()

    def _next(self) -> None:
        while self.steps and self.running is None:
            step = self.steps.popleft()
            work = step.start()
            if work is None:
                _report(step, None)
                continue
            self.running = step
            emit(self.requested, work)
        if not self.busy:
            emit(self.idle)

    def _finished(self, result: object) -> None:
        step, self.running = self.running, None
        if step is not None:
            _report(step, result)
        self._next()


def _report(step: _Step, result: object) -> None:
    for done in step.done:
        done(result)


def _outcome(done: Done) -> Callable[[object], None]:
    """`done` told only whether the write failed (a write's own result is the items it changed)."""
    return lambda result: done(result if isinstance(result, Exception) else None)
