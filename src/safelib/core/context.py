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
    """The loaded library, its search engine, the portable data folder (None: remember nothing), the packs received
    for this session only (location and checked bytes, held in memory because there is nowhere to keep them), and the
    unlocked vault the library comes from, if it does."""

    library: Library
    search: SearchEngine
    portable: Path | None
    extra_packs: tuple[Path, ...] = ()
    bundled: bool = True
    received: list[tuple[Path, bytes]] = field(default_factory=list)
    vault: Vault | None = None

    def load_library_again(self) -> Library:
        """The same folders (and packs received this session), or the vault's items as they are now, loaded afresh; the
        caller swaps it in and closes the old."""
        if self.vault is not None:
            return vault_library(self.vault, self.keyring())
        return open_library(self.extra_packs, self.portable, self.bundled, self.received)

    def keyring(self) -> KeyRing:
        """The keys this session trusts: the program's own, the portable folder's `keys/`, and a vault's own keys."""
        folders = trusted_key_folders(self.portable)
        return vault_keyring(self.vault, folders) if self.vault is not None else KeyRing.load(folders)

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
    return Context(library, SearchEngine(library, None, VaultIndexes(vault.items)), None, bundled=False, vault=vault)
