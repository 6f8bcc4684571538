"""Where a pack's bytes come from: a folder or a zip, behind one interface that refuses unsafe paths."""

from __future__ import annotations

import io
import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from safelib.core.packs.limits import DEFAULT_LIMITS, Limits
from safelib.core.problems import PackError, Problem

PACK_SUFFIX = ".safelibpack"
# Control (newline included), format (direction marks, zero-width), line and paragraph separators, surrogates.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def check_relpath(name: str) -> str | None:
    """Return why `name` is not a safe path inside a pack, or None when it is."""
    if not name or "\\" in name or "\x00" in name:
        return "path contains a backslash, a NUL byte or is empty"
    if any(unicodedata.category(char) in _INVISIBLE for char in name):
        return "path contains a control, line-breaking or invisible character"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts) or name.endswith("/"):
        return "path with '..' or '.' components"
    return None


class PackSource(ABC):
    """Read-only access to the files of one pack, with paths already checked against escape."""

    separator = "!"  # between the pack and a file inside it in messages: `pack.safelibpack!guides/x.md`

    def __init__(self, location: Path, limits: Limits) -> None:
        self.location = location
        self.limits = limits
        self.problems: list[Problem] = []
        self._sizes: dict[str, int] = {}

    @property
    def display(self) -> str:
        """The pack's location as shown in messages."""
        return str(self.location)

    def where(self, rel: str) -> str:
        """A message-friendly path for a file inside the pack."""
        return f"{self.display}{self.separator}{rel}"

    def files(self) -> list[str]:
        """Every safe regular file of the pack, as sorted relative POSIX paths."""
        return sorted(self._sizes)

    def size(self, rel: str) -> int:
        """The size in bytes of one file, as listed."""
        return self._sizes[rel]

    def read(self, rel: str, max_bytes: int) -> bytes:
        """Read one listed file, refusing it when it is larger than `max_bytes`."""
        if rel not in self._sizes:
            raise PackError(Problem(self.where(rel), "no such file in the pack"))
        if self._sizes[rel] > max_bytes:
            raise PackError(Problem(self.where(rel), f"file is {self._sizes[rel]:,} bytes; the limit is {max_bytes:,}"))
        data = self._read(rel, max_bytes + 1)
        if len(data) > max_bytes:
            raise PackError(Problem(self.where(rel), f"file grew beyond the limit of {max_bytes:,} bytes while reading"))
        return data

    @abstractmethod
    def _read(self, rel: str, max_bytes: int) -> bytes:
        """Read at most `max_bytes` of a file that `files()` listed."""

    def close(self) -> None:  # noqa: B027 - only archive sources hold a handle to release
        """Release any open handle (zip files keep one)."""

    def _check_totals(self) -> None:
        if len(self._sizes) > self.limits.max_files:
            raise PackError(Problem(self.display, f"pack has {len(self._sizes):,} files; the limit is {self.limits.max_files:,}"))
        total = sum(self._sizes.values())
        if total > self.limits.max_pack_bytes:
            raise PackError(
                Problem(self.display, f"pack unpacks to {total:,} bytes; the limit is {self.limits.max_pack_bytes:,}")
            )


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _open_inside(root: Path, parts: list[str]) -> int:
    """Open `root/parts…` for reading without following a link at any level, and without blocking on a FIFO.

    O_NOFOLLOW alone guards only the last name: a `media/` folder swapped for a link after loading
    was followed. Where the system can open relative to a folder, each folder is opened in turn.
    """
    final = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0)
    if os.open not in os.supports_dir_fd:
        return os.open(root.joinpath(*parts), final)
    folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            inner = os.open(part, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_DIRECTORY", 0), dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], final, dir_fd=folder)
    finally:
        os.close(folder)


class DirectorySource(PackSource):
    """A pack that is a plain folder; symbolic links are reported and never followed."""

    separator = "/"

    def __init__(self, location: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(location, limits)
        self._folders = 0
        self._scan(location, "")
        self._check_totals()

    def _scan(self, folder: Path, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise PackError(Problem(str(folder), f"cannot read folder: {exc.strerror or exc}")) from exc
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink():
                self.problems.append(Problem(self.where(rel), "symbolic link: not followed, the file is ignored"))
            elif entry.is_dir(follow_symlinks=False):
                self._folders += 1
                if self._folders > self.limits.max_files:
                    raise PackError(
                        Problem(self.display, f"pack has over {self.limits.max_files:,} folders; the limit is as many as files")
                    )
                if rel.count("/") < 8:
                    self._scan(Path(entry.path), rel + "/")
                else:
                    self.problems.append(Problem(self.where(rel), "folders nested too deeply: ignored"))
            elif entry.is_file(follow_symlinks=False):
                reason = check_relpath(rel)
                if reason:
                    self.problems.append(Problem(self.where(rel), f"unsafe path ({reason}): ignored"))
                else:
                    self._sizes[rel] = entry.stat(follow_symlinks=False).st_size
            if len(self._sizes) > self.limits.max_files:
                break

    def _read(self, rel: str, max_bytes: int) -> bytes:
        try:
            fd = _open_inside(self.location, rel.split("/"))
        except OSError as exc:
            raise PackError(Problem(self.where(rel), f"cannot read file: {exc.strerror or exc}")) from exc
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise PackError(Problem(self.where(rel), "not a regular file any more (replaced since the pack was loaded)"))
            return handle.read(max_bytes)


# What each central-directory record may take at most: 46 bytes, a checked name, a little extra.
_DIRECTORY_BYTES_PER_ENTRY = 1024
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ZipSource(PackSource):
    """A `*.safelibpack` zip, from a file or from memory (`data`); every entry is checked before anything is extracted."""

    def __init__(self, location: Path, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> None:
        super().__init__(location, limits)
        try:
            self._check_directory(location, data)
            self._zip = zipfile.ZipFile(location if data is None else io.BytesIO(data))
        except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, struct.error) as exc:
            raise PackError(Problem(str(location), f"not a readable pack archive: {exc}")) from exc
        try:
            self._index()
        except PackError:
            self._zip.close()
            raise

    def _check_directory(self, location: Path, data: bytes | None) -> None:
        """Refuse a central directory too big for the entry limit before zipfile parses all of it into memory."""
        with location.open("rb") if data is None else io.BytesIO(data) as handle:
            end = zipfile._EndRecData(handle)  # type: ignore[attr-defined] # the end record, zip64 included
        if end is None:
            raise zipfile.BadZipFile("File is not a zip file")
        entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
        if entries > self.limits.max_files or size > self.limits.max_files * _DIRECTORY_BYTES_PER_ENTRY:
            raise PackError(
                Problem(
                    self.display,
                    f"archive says it has {entries:,} entries in {size:,} bytes; the limit is {self.limits.max_files:,} entries",
                )
            )

    def _index(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_files:
            raise PackError(Problem(self.display, f"archive has {len(infos):,} entries; the limit is {self.limits.max_files:,}"))
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if info.is_dir():
                continue
            reason = check_relpath(name)
            mode = info.external_attr >> 16
            if reason:
                self.problems.append(Problem(self.where(name), f"unsafe entry ({reason}): ignored"))
            elif stat.S_ISLNK(mode):
                self.problems.append(Problem(self.where(name), "symbolic link entry: ignored"))
            elif name in self._infos:
                raise PackError(Problem(self.where(name), "the archive holds this entry twice"))
            elif info.compress_type not in _METHODS:
                # bzip2 and LZMA inflate a whole block whatever is asked for: 2 KB became 4.1 GB.
                self.problems.append(
                    Problem(
                        self.where(name),
                        f"compressed with method {info.compress_type}; only stored and deflate are read: ignored",
                    )
                )
            elif info.file_size > 1024 * 1024 and info.file_size > self.limits.max_zip_ratio * max(info.compress_size, 1):
                raise PackError(Problem(self.where(name), "entry compresses suspiciously well (a decompression bomb?)"))
            else:
                self._infos[name] = info
                self._sizes[name] = info.file_size
        self._check_totals()

    def _read(self, rel: str, max_bytes: int) -> bytes:
        try:
            with self._zip.open(self._infos[rel]) as handle:
                return handle.read(max_bytes)
        except (OSError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
            raise PackError(Problem(self.where(rel), f"cannot read archive entry: {exc}")) from exc

    def close(self) -> None:
        self._zip.close()


def open_source(location: Path, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> PackSource:
    """Open a pack folder or `.safelibpack` archive (held in `data` when given); raise PackError when it is neither."""
    if data is not None:
        return ZipSource(location, limits, data)
    if location.is_symlink():
        raise PackError(Problem(str(location), "pack location is a symbolic link: not followed"))
    if location.is_dir():
        return DirectorySource(location, limits)
    if location.is_file():
        return ZipSource(location, limits)
    raise PackError(Problem(str(location), "no such pack folder or file"))
