"""Files that ship with the program, found the same way when frozen or run from source."""

from __future__ import annotations

import sys
from pathlib import Path

from safelib.core.portable import INDEX_FOLDER


def program_root() -> Path:
    """The folder holding the program's own data: the bundle when frozen, the checkout otherwise."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[3]


def bundled_content() -> Path | None:
    """The bundled `content/` folder, or None when this copy has none."""
    folder = program_root() / "content"
    return folder if folder.is_dir() else None


def bundled_index() -> Path:
    """Where the bundled packs' prebuilt search index is (the folder may not exist): built into a frozen bundle, or by
    `make index` in a checkout."""
    return program_root() / INDEX_FOLDER


# A frozen build carries the decoy library under a name that says nothing about decoys (packaging/build.py).
FROZEN_DECOY = "everyday"


def bundled_decoy() -> Path | None:
    """The bundled decoy library (the everyday guides a duress code opens), or None when this copy has none."""
    folder = program_root() / (FROZEN_DECOY if getattr(sys, "_MEIPASS", None) else "decoy")
    return folder if folder.is_dir() else None


def is_checkout_content(location: Path) -> bool:
    """True for a pack of a source checkout's `content/`: part of the code being run, signed only by release builds.

    A frozen build's packs are always signed, so there an unsigned bundled pack is a warning sign.
    """
    content = bundled_content()
    return getattr(sys, "_MEIPASS", None) is None and content is not None and location.resolve().is_relative_to(content.resolve())
