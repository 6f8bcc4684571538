"""Pass packs on: write installed packs as single `.safelibpack` files whose signatures hold exactly as they did here."""

from __future__ import annotations

import hashlib
from pathlib import Path

from safelib.core.packs.archive import zip_source
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.loader import load_pack
from safelib.core.packs.model import Pack
from safelib.core.packs.source import PACK_SUFFIX
from safelib.core.portable import write_atomic
from safelib.core.problems import PackError, Problem

NEUTRAL_PREFIX = "notes-"
NEUTRAL_SUFFIX = ".zip"


def export_name(pack: Pack, data: bytes, neutral: bool) -> str:
    """`<id>.safelibpack`, or with disguise on a name that says nothing about the program or its subject."""
    if neutral:
        return f"{NEUTRAL_PREFIX}{hashlib.sha256(data).hexdigest()[:8]}{NEUTRAL_SUFFIX}"
    return f"{pack.id}{PACK_SUFFIX}"


def export_pack(pack: Pack, folder: Path, neutral: bool = False, keyring: KeyRing | None = None) -> Path:
    """Write one pack into `folder` (made if absent) and return the file; refused when the copy would be weaker.

    The copy holds every file of the pack, SIGNATURE included, zipped reproducibly; it is loaded again from memory
    before it is written, and must have the same signature state and key as the pack it copies.
    """
    data = zip_source(pack.source)
    copy = load_pack(Path(export_name(pack, data, neutral)), keyring=keyring, data=data)
    if copy.pack is not None:
        copy.pack.source.close()
    if copy.trust.state != pack.trust.state or copy.trust.key_id != pack.trust.key_id:
        raise PackError(
            Problem(
                pack.source.display,
                f"not exported: the copy would be {copy.trust.describe()} instead of {pack.trust.describe()}",
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_name(pack, data, neutral)
    write_atomic(target, data)
    return target
