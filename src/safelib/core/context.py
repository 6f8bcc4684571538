"""Open everything a session needs (library and search) the same way for the CLI, the window and tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from safelib.core.i18n import use_catalogs
from safelib.core.library import Library, default_folders
from safelib.core.packs.keys import KeyRing, trusted_key_folders
from safelib.core.packs.loader import load_pack
from safelib.core.resources import bundled_content, bundled_index
from safelib.core.search.engine import SearchEngine, default_engine
from safelib.core.vault.container import Vault
from safelib.core.vault.indexes import VaultIndexes
from safelib.core.vault.library import vault_catalogs, vault_keyring, vault_library


@dataclass
class Context:
    """The loaded library, its search engine, the portable data folder (None: remember nothing), and the packs received
    for this session only (location and checked bytes, held in memory because there is nowhere to keep them)."""

    library: Library
    search: SearchEngine
    portable: Path | None
    extra_packs: tuple[Path, ...] = ()
    bundled: bool = True
    received: list[tuple[Path, bytes]] = field(default_factory=list)

    def load_library_again(self) -> Library:
        """The same folders (and packs received this session) loaded afresh; the caller swaps it in and closes the old."""
        return open_library(self.extra_packs, self.portable, self.bundled, self.received)

    def keyring(self) -> KeyRing:
        """The keys this session trusts: the program's own and the portable folder's `keys/`."""
        return KeyRing.load(trusted_key_folders(self.portable))

    def close(self) -> None:
        """Release searchers and pack files."""
        self.search.close()
        self.library.close()


def open_library(
    extra_packs: Sequence[Path] = (),
    portable: Path | None = None,
    bundled: bool = True,
    received: Sequence[tuple[Path, bytes]] = (),
) -> Library:
    """Load packs from the bundle, the portable folder, `extra_packs`, SAFELIB_PACKS and the received bytes, checking
    every signature."""
    keyring = KeyRing.load(trusted_key_folders(portable))
    library = Library.load(default_folders(extra_packs, bundled_content() if bundled else None, portable), keyring=keyring)
    for location, data in received:
        library.add(load_pack(location, keyring=keyring, data=data))
    return library


def open_context(extra_packs: Sequence[Path] = (), portable: Path | None = None, bundled: bool = True) -> Context:
    """The library of `open_library` and its search engine; indexes open lazily."""
    library = open_library(extra_packs, portable, bundled)
    engine = default_engine(library, portable, bundled_index())
    return Context(library, engine, portable, tuple(extra_packs), bundled)


def open_vault_context(vault: Vault) -> Context:
    """The library inside an unlocked vault, searched with its prebuilt indexes (or ones built in memory): nothing on disk."""
    library = vault_library(vault, vault_keyring(vault, trusted_key_folders(None)))
    use_catalogs(vault_catalogs(vault.items))  # a vault kit's interface words; the window forgets them when it locks
    return Context(library, SearchEngine(library, None, VaultIndexes(vault.items)), None, bundled=False)
