"""Watch the pack folders given with `--packs` so a translator sees each saved change in the real reader."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from safelib.ui.compat import emit

SETTLE_MS = 400  # editors save in several steps (write, rename, touch): reload once they are done
MAX_WATCHED = 2000  # a folder of thousands of files is not a translator's pack; watch its first part only


def watched_paths(roots: Sequence[Path], limit: int = MAX_WATCHED) -> list[str]:
    """Every folder and file under `roots` (a `.safelibpack` file is watched as itself), at most `limit`."""
    found: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        found.append(str(root))
        if root.is_dir():
            found.extend(str(path) for path in sorted(root.rglob("*")) if not path.is_symlink())
        if len(found) >= limit:
            return found[:limit]
    return found


class PackWatcher(QObject):
    """Emits `changed` once, shortly after files under the watched paths stop changing."""

    changed = Signal()

    def __init__(self, roots: Sequence[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots = list(roots)
        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self._settled)
        self.watcher.directoryChanged.connect(self.settle.start)
        self.watcher.fileChanged.connect(self.settle.start)
        self._watch()

    def _watch(self) -> None:
        """(Re)watch everything: a save by rename or a new guide file replaces what was watched."""
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        paths = watched_paths(self.roots)
        if paths:
            self.watcher.addPaths(paths)

    def _settled(self) -> None:
        self._watch()
        emit(self.changed)
