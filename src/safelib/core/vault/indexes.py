"""Search indexes kept inside a vault: built when a vault kit is made, opened from memory, never written out in clear."""

from __future__ import annotations

from whoosh.filedb.filestore import Storage

from safelib.core.library import Library
from safelib.core.portable import INDEX_FOLDER
from safelib.core.search import index as pack_index
from safelib.core.search.storage import MemoryStorage

INDEXES = f"{INDEX_FOLDER}/"  # items `index/<pack key>/<file>`: the key changes with the pack's text and the program's version


def index_items(library: Library) -> dict[str, bytes]:
    """Build every pack's index in memory and return it as vault items."""
    items: dict[str, bytes] = {}
    for pack in library.packs:
        storage = MemoryStorage()
        pack_index.build(pack, storage)
        prefix = f"{INDEXES}{pack_index.pack_key(pack)}/"
        items |= {prefix + name: bytes(data) for name, data in storage.files.items()}
    return items


class VaultIndexes:
    """The indexes among an unlocked vault's items, read-only; a pack without one (added later) is indexed in memory."""

    def __init__(self, items: dict[str, bytes]) -> None:
        self._items = {name: data for name, data in items.items() if name.startswith(INDEXES)}

    def existing(self, key: str) -> Storage | None:
        """The index of `key` as a storage in memory (the vault authenticated every byte of it), or None."""
        prefix = f"{INDEXES}{key}/"
        files = {name[len(prefix) :]: data for name, data in self._items.items() if name.startswith(prefix)}
        if not files:
            return None
        storage = MemoryStorage()
        storage.files = files
        return storage

    def discard(self, key: str) -> None:
        """Nothing to remove: a vault's index that fails to open is built in memory instead, and the vault stays as it is."""
