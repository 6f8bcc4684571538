"""What a vault holds: named byte strings (packs, settings, keys), serialised in one length-prefixed blob."""

from __future__ import annotations

import struct

from safelib.core.vault.errors import VaultDamaged

_COUNT = struct.Struct("<I")
_NAME = struct.Struct("<H")
_SIZE = struct.Struct("<Q")
MAX_ITEMS = 10_000


def pack_items(items: dict[str, bytes]) -> bytes:
    """Serialise `items`, sorted by name, so the same items always give the same bytes."""
    parts = [_COUNT.pack(len(items))]
    for name in sorted(items):
        encoded = name.encode("utf-8")
        parts += [_NAME.pack(len(encoded)), encoded, _SIZE.pack(len(items[name])), items[name]]
    return b"".join(parts)


def unpack_items(blob: bytes) -> dict[str, bytes]:
    """The items of a blob made by `pack_items`; VaultDamaged when it does not parse exactly."""
    view = memoryview(blob)
    try:
        (count,) = _COUNT.unpack_from(view, 0)
        if count > MAX_ITEMS:
            raise VaultDamaged("the library lists more items than a vault can hold")
        offset, items = _COUNT.size, {}
        for _ in range(count):
            (name_size,) = _NAME.unpack_from(view, offset)
            offset += _NAME.size
            name = bytes(view[offset : offset + name_size]).decode("utf-8")
            offset += name_size
            (size,) = _SIZE.unpack_from(view, offset)
            offset += _SIZE.size
            if offset + size > len(view) or name in items or len(name) != len(name.strip()) or not name:
                raise VaultDamaged("the library's item list is inconsistent")
            items[name] = bytes(view[offset : offset + size])
            offset += size
    except (struct.error, UnicodeDecodeError) as exc:
        raise VaultDamaged("the library's item list is cut short") from exc
    if offset != len(view):
        raise VaultDamaged("the library has bytes after its last item")
    return items
