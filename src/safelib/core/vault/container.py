"""The vault file (docs/vault-format.md): a salt, fixed key slots and encrypted regions; random bytes everywhere else."""

from __future__ import annotations

import errno
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from safelib.core.portable import write_atomic
from safelib.core.vault.errors import VaultDamaged, VaultError, VaultFull
from safelib.core.vault.items import pack_items, unpack_items

FORMAT = 1
SALT_BYTES = 32
SLOT_COUNT = 4
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
_RECORD = struct.Struct("<32sQQHH")  # library key, region offset, region length, format, flags
SLOT_BYTES = NONCE_BYTES + _RECORD.size + TAG_BYTES
HEADER_BYTES = SALT_BYTES + SLOT_COUNT * SLOT_BYTES
_LENGTH = struct.Struct("<Q")
REGION_OVERHEAD = NONCE_BYTES + _LENGTH.size + TAG_BYTES
MIB = 1024 * 1024
SIZE_CLASSES = tuple(2**n * MIB for n in range(2, 11))  # 4 MiB, 8 MiB, … 1 GiB
_REGION_AAD = b"safelib vault region"


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's cost: fixed by the format (nothing on disk says it), so every unlock costs the same."""

    memory_kib: int = 256 * 1024
    iterations: int = 2
    lanes: int = 4

    def derive(self, code: str, salt: bytes) -> bytearray:
        """The key a code gives with this salt: one memory-hard derivation."""
        kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=self.iterations, lanes=self.lanes, memory_cost=self.memory_kib)
        return bytearray(kdf.derive(code.encode("ascii")))


DEFAULT_COST = KdfCost()


def size_class(needed: int) -> int:
    """The smallest file size of the fixed classes that holds `needed` bytes, so sizes reveal little."""
    for size in SIZE_CLASSES:
        if size >= needed:
            return size
    raise VaultFull(f"the library needs {needed:,} bytes; a vault holds at most {SIZE_CLASSES[-1]:,}")


def _slot_aad(salt: bytes, index: int) -> bytes:
    return salt + bytes([index])


def _slot_at(header: bytes, index: int) -> bytes:
    start = SALT_BYTES + index * SLOT_BYTES
    return header[start : start + SLOT_BYTES]


def _seal_slot(code_key: bytes | bytearray, salt: bytes, index: int, record: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + ChaCha20Poly1305(bytes(code_key)).encrypt(nonce, record, _slot_aad(salt, index))


def _open_slots(code_key: bytes | bytearray, header: bytes) -> dict[int, bytes]:
    """Every slot this key opens; all slots are always tried, so the work never depends on which one opened."""
    aead, salt, opened = ChaCha20Poly1305(bytes(code_key)), header[:SALT_BYTES], {}
    for index in range(SLOT_COUNT):
        slot = _slot_at(header, index)
        try:
            opened[index] = aead.decrypt(slot[:NONCE_BYTES], slot[NONCE_BYTES:], _slot_aad(salt, index))
        except InvalidTag:
            continue
    return opened


def _seal_region(key: bytes | bytearray, payload: bytes, length: int) -> bytes:
    room = length - REGION_OVERHEAD
    if len(payload) > room:
        raise VaultFull(f"the library needs {len(payload):,} bytes but its place in the vault holds {room:,}")
    nonce = secrets.token_bytes(NONCE_BYTES)
    plaintext = _LENGTH.pack(len(payload)) + payload + bytes(room - len(payload))
    return nonce + ChaCha20Poly1305(bytes(key)).encrypt(nonce, plaintext, _REGION_AAD)


def _open_region(key: bytes | bytearray, region: bytes) -> bytes:
    try:
        plaintext = ChaCha20Poly1305(bytes(key)).decrypt(region[:NONCE_BYTES], region[NONCE_BYTES:], _REGION_AAD)
    except InvalidTag as exc:
        raise VaultDamaged("the vault is damaged or was altered: its library fails authentication") from exc
    (size,) = _LENGTH.unpack_from(plaintext, 0)
    if size > len(plaintext) - _LENGTH.size:
        raise VaultDamaged("the vault is damaged: its library says it is longer than its place")
    return plaintext[_LENGTH.size : _LENGTH.size + size]


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what a save killed half-way left beside the vault (write_atomic's `.NAME.PID.tmp`)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        if stale.name.split(".")[-2].isdigit():
            stale.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Replace the vault file whole, so a crash leaves the old or the new vault; a full stick keeps the old."""
    try:
        _remove_stale_temporaries(path)
        write_atomic(path, data)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise VaultFull("the stick is full: the library was not saved, and the vault as it was is intact") from exc
        raise VaultError(f"the vault could not be saved ({exc.strerror or exc}); the vault as it was is intact") from exc


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VaultError(f"the vault could not be read ({exc.strerror or exc})") from exc


class Vault:
    """An unlocked vault: the library's items in memory, and the keys to write them back until `lock()`."""

    def __init__(
        self,
        path: Path,
        items: dict[str, bytes],
        code_key: bytearray,
        key: bytearray,
        slot: int,
        region: tuple[int, int],
        cost: KdfCost,
    ) -> None:
        self.path = path
        self.items = items
        self.cost = cost
        self._code_key = code_key
        self._key = key
        self._slot = slot
        self._region = region

    @classmethod
    def create(cls, path: Path, code: str, items: dict[str, bytes], cost: KdfCost = DEFAULT_COST) -> Vault:
        """Write a new vault holding `items`, opened by `code`; the other slots are random bytes."""
        vault = cls(path, dict(items), bytearray(), bytearray(), 0, (0, 0), cost)
        vault._write_fresh(code)
        return vault

    @classmethod
    def unlock(cls, path: Path, code: str, cost: KdfCost = DEFAULT_COST) -> Vault | None:
        """Open the vault with `code`: None when no slot opens (a wrong code, or not a vault: the two look the same)."""
        data = _read(path)
        if len(data) < HEADER_BYTES:
            return None
        code_key = cost.derive(code, data[:SALT_BYTES])
        opened = _open_slots(code_key, data[:HEADER_BYTES])
        if not opened:
            return None
        slot = min(opened)
        key, offset, length, version, _flags = _RECORD.unpack(opened[slot])
        if version != FORMAT:
            raise VaultError("the vault was made by a newer version of the program")
        if offset < HEADER_BYTES or offset + length > len(data) or length < REGION_OVERHEAD:
            raise VaultDamaged("the vault is damaged: the file is shorter than its library")
        items = unpack_items(_open_region(key, data[offset : offset + length]))
        return cls(path, items, code_key, bytearray(key), slot, (offset, length), cost)

    def save(self) -> None:
        """Write the items back: the library's region is re-encrypted, every other byte of the file kept as it is."""
        self._require_unlocked()
        data = _read(self.path)
        payload = pack_items(self.items)
        offset, length = self._region
        if len(payload) + REGION_OVERHEAD > length and offset + length == len(data):
            length = size_class(offset + len(payload) + REGION_OVERHEAD) - offset
            record = _RECORD.pack(bytes(self._key), offset, length, FORMAT, 0)
            data = self._with_slot(data, _seal_slot(self._code_key, data[:SALT_BYTES], self._slot, record))
        region = _seal_region(self._key, payload, length)
        _write(self.path, data[:offset] + region + data[offset + self._region[1] :])
        self._region = (offset, length)

    def change_code(self, new_code: str) -> None:
        """Re-wrap the library key for `new_code` (seconds, not a re-encryption); the old code opens nothing after."""
        self._require_unlocked()
        data = _read(self.path)
        salt = data[:SALT_BYTES]
        new_key = self.cost.derive(new_code, salt)
        if set(_open_slots(new_key, data[:HEADER_BYTES])) - {self._slot}:
            raise VaultError("that code cannot be used on this stick; choose another")
        record = _RECORD.pack(bytes(self._key), *self._region, FORMAT, 0)
        _write(self.path, self._with_slot(data, _seal_slot(new_key, salt, self._slot, record)))
        self._code_key = new_key

    def rekey(self, new_code: str) -> None:
        """Give this copy a library key, salt and code of its own; every other slot becomes random bytes."""
        self._require_unlocked()
        self._write_fresh(new_code)

    def lock(self) -> None:
        """Drop the items and overwrite the keys held in memory (Python may still hold copies: SECURITY.md)."""
        for secret in (self._key, self._code_key):
            secret[:] = bytes(len(secret))
        self._key, self._code_key, self.items = bytearray(), bytearray(), {}

    @property
    def locked(self) -> bool:
        """True once `lock()` dropped the keys."""
        return not self._key

    def _require_unlocked(self) -> None:
        if self.locked:
            raise VaultError("the vault is locked")

    def _with_slot(self, data: bytes, sealed: bytes) -> bytes:
        start = SALT_BYTES + self._slot * SLOT_BYTES
        return data[:start] + sealed + data[start + SLOT_BYTES :]

    def _write_fresh(self, code: str) -> None:
        payload = pack_items(self.items)
        size = size_class(HEADER_BYTES + REGION_OVERHEAD + len(payload))
        salt = secrets.token_bytes(SALT_BYTES)
        code_key, key = self.cost.derive(code, salt), bytearray(secrets.token_bytes(KEY_BYTES))
        slot, region = secrets.randbelow(SLOT_COUNT), (HEADER_BYTES, size - HEADER_BYTES)
        record = _RECORD.pack(bytes(key), *region, FORMAT, 0)
        slots = [
            _seal_slot(code_key, salt, index, record) if index == slot else secrets.token_bytes(SLOT_BYTES)
            for index in range(SLOT_COUNT)
        ]
        _write(self.path, salt + b"".join(slots) + _seal_region(key, payload, region[1]))
        self._code_key, self._key, self._slot, self._region = code_key, key, slot, region
