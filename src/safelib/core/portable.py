"""The portable data folder: the only place the program may write, and only when one is configured."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = "safelib-portable.txt"
DATA_FOLDER = "safelib-data"


@dataclass(frozen=True)
class PortableState:
    """Where data may be written (None: nowhere) and, if writing was wanted but failed, why."""

    folder: Path | None
    problem: str | None = None


def program_folder() -> Path | None:
    """The folder the frozen executable sits in; None when running from source."""
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None


def find_portable(explicit: Path | None = None, beside: Path | None = None) -> PortableState:
    """`--portable DIR`, or `safelib-data/` next to the program when the marker file sits there."""
    if explicit is not None:
        return _usable(explicit)
    folder = beside if beside is not None else program_folder()
    if folder is not None and (folder / MARKER).is_file():
        return _usable(folder / DATA_FOLDER)
    return PortableState(None)


def _usable(folder: Path) -> PortableState:
    """Check the folder can be written (a locked or read-only stick cannot); never raise."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return PortableState(None, f"cannot write to {folder} ({exc.strerror or exc}); nothing will be remembered")
    return PortableState(folder)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file so that a crash or `kill -9` leaves either the old or the new content, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
