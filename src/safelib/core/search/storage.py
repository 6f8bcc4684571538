"""Where search indexes live: in memory, in the portable data folder, or shipped with the build — never temp."""

from __future__ import annotations

import hashlib
import os
import shutil
from io import BytesIO
from pathlib import Path
from typing import Protocol

from whoosh.filedb.filestore import FileStorage, RamStorage, Storage
from whoosh.filedb.structfile import StructFile


class _KeptBuffer(BytesIO):
    """A file that is stored in its RamStorage when closed directly, not only through its StructFile."""

    def __init__(self, files: dict[str, bytes], name: str) -> None:
        super().__init__()
        self._files = files
        self._name = name

    def close(self) -> None:
        if not self.closed:
            self._files[self._name] = self.getvalue()
        super().close()


class MemoryStorage(RamStorage):
    """RamStorage whose scratch space is memory too (Whoosh's own puts it in the system temp folder).

    Whoosh spills sorted runs of a big index through `raw_file()` and closes that: plain RamStorage
    then never keeps the run, and building a large pack in memory failed with NameError.
    """

    def temp_storage(self, name: str | None = None) -> Storage:
        return MemoryStorage()

    def create_file(self, name: str, **kwargs: object) -> StructFile:
        return StructFile(_KeptBuffer(self.files, name), name=name)


DONE = "DONE"


class FolderStorage(FileStorage):
    """A FileStorage that opens only plain names inside its folder: an index file cannot send Whoosh elsewhere.

    Files are read, not memory-mapped: Whoosh copies every mapped file it opens into a BytesIO (its
    BufferFile), so a mapped segment was held twice — the whole postings file in the process's own
    memory, and each page read through the map — about 100 MiB per pack of 2,500 guides.
    """

    def __init__(self, path: str, readonly: bool = False) -> None:
        super().__init__(path, supports_mmap=False, readonly=readonly)

    def _fpath(self, fname: str) -> str:
        if not fname or fname in (".", "..") or any(sep in fname for sep in ("/", "\\", "\x00", ":")):
            raise ValueError(f"refused file name {fname!r} in an index")
        return str(super()._fpath(fname))


def fingerprint(folder: Path) -> str:
    """Name, size and SHA-256 of every file of a built index (Whoosh's lock files left out)."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != DONE and not path.name.endswith("_WRITELOCK"):
            with path.open("rb") as handle:  # in chunks: a segment of 2,500 guides is 70 MB, read whole it was a 70 MB peak
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            lines.append(f"{path.name} {path.stat().st_size} {digest}")
    return "\n".join(lines)


class IndexSource(Protocol):
    """Where finished indexes are looked up by pack key: a folder (`IndexFolder`) or an unlocked vault's items."""

    def existing(self, key: str) -> Storage | None:
        """The index of `key`, or None when there is none (or it is damaged)."""
        ...

    def discard(self, key: str) -> None:
        """The index of `key` failed to open: remove it where that is possible."""
        ...


class IndexFolder:
    """A folder of cached indexes, one sub-folder per key; writes are atomic renames."""

    def __init__(self, root: Path, writable: bool) -> None:
        self.root = root
        self.writable = writable

    def existing(self, key: str) -> Storage | None:
        """The storage for `key` if a finished index is there and no file of it was damaged since it was built.

        Whoosh opens a truncated or garbled segment without complaint and fails only when searching.
        """
        folder = self.root / key
        try:
            intact = (folder / DONE).read_text("utf-8") == fingerprint(folder)
        except (OSError, UnicodeDecodeError):
            return None
        if not intact:
            self.discard(key)
            return None
        return FolderStorage(str(folder), readonly=not self.writable)

    def staging(self, key: str) -> tuple[Path, Storage]:
        """A fresh folder to build `key` in; `publish` moves it into place when complete."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f".{key}.building-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        return folder, FolderStorage(str(folder)).create()

    def publish(self, key: str, staged: Path) -> Storage:
        """Mark the staged build complete and move it to its final name."""
        (staged / DONE).write_text(fingerprint(staged), "utf-8")
        final = self.root / key
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staged, final)
        return FolderStorage(str(final))

    def abandon(self, staged: Path) -> None:
        """Remove a build that failed half-way (a full or read-only stick)."""
        shutil.rmtree(staged, ignore_errors=True)

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
