"""The portable data folder: the only place the program may write, and only when one is configured."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

PROGRAM_NAME = "safelib"
# Windows builds add a console twin of the windowed program, named like it with this suffix.
CLI_SUFFIX = "-cli"
# How many folders up from the program the marker may be: beside it, or at the root of a USB kit.
MARKER_LEVELS = 2


def portable_names(program: str) -> tuple[str, str]:
    """The marker file and the data folder of a program called `program` (a disguised copy uses its own name)."""
    return f"{program}-portable.txt", f"{program}-data"


MARKER, DATA_FOLDER = portable_names(PROGRAM_NAME)
INDEX_FOLDER = "index"  # search indexes, one folder per pack key: cached in the data folder, prebuilt in the bundle and a vault


@dataclass(frozen=True)
class PortableState:
    """Where data may be written (None: nowhere) and, if a folder was wanted but cannot be written, which and why."""

    folder: Path | None
    unwritable: Path | None = None
    reason: str = ""

    @property
    def problem(self) -> str | None:
        """Why nothing will be remembered, in English for the command line (the window says it in its language)."""
        if self.unwritable is None:
            return None
        return f"cannot write to {self.unwritable} ({self.reason}); nothing will be remembered"


def program_location() -> Path | None:
    """The frozen program as its user sees it (its `.app` on macOS, else its executable); None from source."""
    if not getattr(sys, "frozen", False):
        return None
    executable = Path(sys.executable).resolve()
    parents = executable.parents
    if len(parents) > 2 and parents[0].name == "MacOS" and parents[1].name == "Contents" and parents[2].suffix == ".app":
        return parents[2]
    return executable


def program_folder() -> Path | None:
    """The folder the frozen program sits in; None when running from source."""
    location = program_location()
    return location.parent if location is not None else None


def program_name(location: Path | None = None) -> str:
    """The program's own name, without `.exe`, `.app` or the console twin's suffix: `safelib`, or a disguise."""
    location = location if location is not None else program_location()
    if location is None:
        return PROGRAM_NAME
    name = location.name
    for suffix in (".exe", ".app"):
        name = name.removesuffix(suffix)
    return name.removesuffix(CLI_SUFFIX) or PROGRAM_NAME


def find_portable(explicit: Path | None = None, beside: Path | None = None, name: str | None = None) -> PortableState:
    """`--portable DIR`, or the data folder a marker file names, beside the program or one folder up (a USB kit).

    The marker and folder carry the program's name (`Notes-portable.txt`, `Notes-data/` for a copy renamed
    Notes); the `safelib` names work too, so renaming a plain copy keeps its data.
    """
    if explicit is not None:
        return _usable(explicit)
    folder = beside if beside is not None else program_folder()
    if folder is None:
        return PortableState(None)
    names = dict.fromkeys([portable_names(name or program_name()), (MARKER, DATA_FOLDER)])
    for place in [folder, *folder.parents][:MARKER_LEVELS]:
        for marker, data in names:
            if (place / marker).is_file():
                return _usable(place / data)
    return PortableState(None)


def _usable(folder: Path) -> PortableState:
    """Check the folder can be written (a locked or read-only stick cannot); never raise."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return PortableState(None, folder, exc.strerror or str(exc))
    return PortableState(folder)


def write_atomic(path: Path, *parts: ReadableBuffer) -> None:
    """Replace a file with `parts` one after the other, so that a crash or `kill -9` leaves either the old or the new
    content, never half (parts: a large file need not be joined in memory first)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            for part in parts:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
