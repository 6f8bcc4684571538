"""Where a stick keeps its vault: one file in the portable data folder, shared by `usb build --vault` and the program."""

from __future__ import annotations

from pathlib import Path

VAULT_FILE = "data.bin"  # a neutral name: the file is random bytes without its code


def find_vault(portable: Path | None) -> Path | None:
    """The vault file in the portable data folder `portable`, if there is one as a regular file; else None."""
    if portable is None:
        return None
    candidate = portable / VAULT_FILE
    return candidate if candidate.is_file() else None
