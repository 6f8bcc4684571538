"""The library inside an unlocked vault: packs read from memory, checked like any other, never written out in clear."""

from __future__ import annotations

from pathlib import Path

from safelib.core.library import Library
from safelib.core.packs.archive import zip_source
from safelib.core.packs.keys import KeyRing, parse_public_key
from safelib.core.packs.loader import LoadResult, load_pack
from safelib.core.packs.source import PACK_SUFFIX, open_source
from safelib.core.problems import PackError, Problem
from safelib.core.vault.container import Vault

PACKS = "packs/"
DECOY_PREFIX = "everyday-"  # the bundled decoy packs: everyday-en, everyday-ar, …
KEYS = "keys/"  # public keys a trainer trusts, kept inside the vault so no key file names the purpose
CATALOGS = "translations/"  # a vault kit's interface catalogs (`translations/ckb.mo`): their words name the purpose


def pack_bytes(location: Path) -> bytes:
    """A pack as `.safelibpack` bytes: a file as it is, a folder zipped reproducibly in memory (its SIGNATURE still holds)."""
    if location.is_file():
        return location.read_bytes()
    source = open_source(location)
    try:
        return zip_source(source)
    finally:
        source.close()


def pack_item(pack_id: str) -> str:
    """The name a vault keeps the pack with this id under: one item per id."""
    return f"{PACKS}{pack_id}{PACK_SUFFIX}"


def catalog_item(language: str) -> str:
    """The name a vault keeps the compiled interface catalog of `language` under."""
    return f"{CATALOGS}{language}.mo"


def vault_catalogs(items: dict[str, bytes]) -> dict[str, bytes]:
    """The interface catalogs a vault holds, by language."""
    return {name[len(CATALOGS) : -len(".mo")]: data for name, data in items.items() if name.startswith(CATALOGS)}


def key_item(file_name: str) -> str:
    """The name a vault keeps a trusted public key (`NAME.pub`) under."""
    return f"{KEYS}{file_name}"


def vault_keyring(vault: Vault, folders: list[Path]) -> KeyRing:
    """The keys in `folders` plus the vault's own `keys/*.pub`; a broken key is reported and skipped, like in a folder."""
    ring = KeyRing.load(folders)
    for name in sorted(vault.items):
        if name.startswith(KEYS) and name.endswith(".pub"):
            try:
                ring.add(parse_public_key(vault.items[name], name))
            except PackError as exc:
                ring.problems.append(exc.problem)
    return ring


def vault_library(vault: Vault, keyring: KeyRing | None = None) -> Library:
    """Load every pack the vault holds, in name order, from memory."""
    library = Library()
    if keyring is not None:
        library.key_problems = list(keyring.problems)
    for name in sorted(vault.items):
        if name.startswith(PACKS):
            library.add(load_pack(Path(name), keyring=keyring, data=vault.items[name]))
    return library


def add_pack(items: dict[str, bytes], data: bytes, name: str, keyring: KeyRing | None = None) -> LoadResult:
    """Check a pack as the library would load it and, when it loads without errors and is not tampered, keep it in `items`.

    The pack is stored under its id, so a pack with the same id replaces the one there. The caller saves the vault.
    """
    result = load_pack(Path(name), keyring=keyring, data=data)
    if result.pack is None or not result.ok or not result.pack.trust.trustworthy:
        errors = [p for p in result.problems if p.severity == "error"] or [Problem(name, "the pack could not be loaded")]
        if result.pack is not None:
            result.pack.source.close()
        raise PackError(errors[0])
    items[pack_item(result.pack.id)] = data
    result.pack.source.close()
    return result


def decoy_items(language: str, folder: Path | None) -> dict[str, bytes]:
    """The everyday packs a duress code opens: the one in `language` and the English one, from the bundled decoy folder."""
    if folder is None:
        return {}
    wanted = {f"{DECOY_PREFIX}{language}", f"{DECOY_PREFIX}en"}
    return {pack_item(pack_id): pack_bytes(folder / pack_id) for pack_id in sorted(wanted) if (folder / pack_id).is_dir()}
