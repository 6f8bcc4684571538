"""Where search indexes live: in memory, in the portable data folder, or shipped with the build — never temp."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage, RamStorage, Storage


class MemoryStorage(RamStorage):
    """RamStorage whose scratch space is memory too (Whoosh's own puts it in the system temp folder)."""

    def temp_storage(self, name: str | None = None) -> Storage:
        return MemoryStorage()


class IndexFolder:
    """A folder of cached indexes, one sub-folder per key; writes are atomic renames."""

    def __init__(self, root: Path, writable: bool) -> None:
        self.root = root
        self.writable = writable

    def existing(self, key: str) -> Storage | None:
        """The storage for `key` if a finished index is there."""
        folder = self.root / key
        return FileStorage(str(folder), readonly=not self.writable) if (folder / "DONE").exists() else None

    def staging(self, key: str) -> tuple[Path, Storage]:
        """A fresh folder to build `key` in; `publish` moves it into place when complete."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f".{key}.building-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        return folder, FileStorage(str(folder)).create()

    def publish(self, key: str, staged: Path) -> Storage:
        """Mark the staged build complete and move it to its final name."""
        (staged / "DONE").write_bytes(b"")
        final = self.root / key
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staged, final)
        return FileStorage(str(final))

    def discard(self, key: str) -> None:
        """Remove a cached index that failed to open (it is rebuilt)."""
        if self.writable:
            shutil.rmtree(self.root / key, ignore_errors=True)

    def prune(self, keep: set[str]) -> None:
        """Delete cached indexes no loaded pack uses any more."""
        if not self.writable or not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
