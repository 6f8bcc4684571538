"""Where a received pack may be: removable drives and mount points, and the folders and packs a folder holds.

The window's in-app chooser lists these instead of the operating system's file dialog, which records recent files
and folders. Listing only reads directories; nothing here writes anywhere.
"""

from __future__ import annotations

import os
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from safelib.core.export import NEUTRAL_PREFIX, NEUTRAL_SUFFIX
from safelib.core.packs.source import PACK_SUFFIX

# Linux desktops mount sticks under the first two (udisks); people mount them by hand under the last.
LINUX_MOUNT_ROOTS = ("/media/{user}", "/run/media/{user}", "/media", "/mnt")
MAC_MOUNT_ROOT = "/Volumes"
_NEUTRAL_NAME = re.compile(rf"^{re.escape(NEUTRAL_PREFIX)}[0-9a-f]{{8}}{re.escape(NEUTRAL_SUFFIX)}$")


@dataclass(frozen=True)
class Entry:
    """One line of the chooser: a folder, a pack folder (holds `pack.toml`) or a pack file."""

    path: Path
    kind: str  # "folder", "pack-folder" or "pack-file"

    @property
    def is_pack(self) -> bool:
        """True for a pack (file or folder) that can be added as it is."""
        return self.kind != "folder"


def is_pack_file(name: str) -> bool:
    """A `.safelibpack`, or a file with the neutral name a disguised export gets (`notes-1a2b3c4d.zip`)."""
    return name.lower().endswith(PACK_SUFFIX) or bool(_NEUTRAL_NAME.match(name))


def removable_places(platform: str = sys.platform, user: str | None = None) -> list[Path]:
    """The home folder, then mounted drives: drive letters on Windows, /Volumes/* on macOS, /media, /run/media, /mnt."""
    places: list[Path] = []
    home = home_folder()
    if home is not None:
        places.append(home)
    if platform == "win32":
        return places + [Path(f"{letter}:\\") for letter in string.ascii_uppercase[2:] if os.path.isdir(f"{letter}:\\")]
    roots = [MAC_MOUNT_ROOT] if platform == "darwin" else [root.format(user=user or _user()) for root in LINUX_MOUNT_ROOTS]
    for root in roots:
        for child in _folders_in(Path(root)):
            if child not in places and str(child) not in roots:
                places.append(child)
    return places


def folder_entries(folder: Path) -> list[Entry]:
    """The folders and packs inside `folder`, folders first, each group by name; hidden names are left out.

    Raises OSError when the folder cannot be read.
    """
    found: list[Entry] = []
    with os.scandir(folder) as scan:
        for item in scan:
            if item.name.startswith("."):
                continue
            path = Path(item.path)
            if _is_dir(item):
                found.append(Entry(path, "pack-folder" if (path / "pack.toml").is_file() else "folder"))
            elif is_pack_file(item.name):
                found.append(Entry(path, "pack-file"))
    return sorted(found, key=lambda entry: (entry.kind == "pack-file", entry.path.name.casefold()))


def _is_dir(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_dir()
    except OSError:
        return False


def _folders_in(root: Path) -> list[Path]:
    try:
        return sorted(child for child in root.iterdir() if child.is_dir() and not child.name.startswith("."))
    except OSError:
        return []


def home_folder() -> Path | None:
    """The user's home folder, where received files usually land; None when there is none."""
    try:
        home = Path.home()
    except (KeyError, RuntimeError):
        return None
    return home if home.is_dir() else None


def _user() -> str:
    return os.environ.get("USER") or os.environ.get("LOGNAME") or ""
