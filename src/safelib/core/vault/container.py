"""The vault file (docs/vault-format.md): a salt, fixed key slots and two halves; random bytes wherever no library is."""

from __future__ import annotations

import contextlib
import errno
import mmap
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from safelib.core.portable import write_atomic
from safelib.core.vault.errors import CodeTaken, VaultDamaged, VaultError, VaultFull
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
# Every vault is at least 32 MiB, so a small library and a small decoy with a large hidden one look alike.
SIZE_CLASSES = tuple(2**n * MIB for n in range(5, 12))  # 32 MiB, 64 MiB, … 2 GiB
FROM_END = 1  # flag: the region's offset counts back from the end of the file, so it survives the file growing
COMPANION = "vault/companion-slot"  # in a library that set a duress code: that code's slot index and sealed bytes
_REGION_AAD = b"safelib vault region"
Items = dict[str, bytes]


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


@dataclass(frozen=True)
class Region:
    """Where a library lies: `offset` from the start, or from the end of the file when `from_end`."""

    offset: int
    length: int
    from_end: bool

    def bounds(self, size: int) -> tuple[int, int]:
        """(start, end) in a file of `size` bytes."""
        start = size - self.offset if self.from_end else self.offset
        return start, start + self.length

    def record(self, key: bytes | bytearray) -> bytes:
        """The slot record that points a code at this region."""
        return _RECORD.pack(bytes(key), self.offset, self.length, FORMAT, FROM_END if self.from_end else 0)


def size_class(needed: int) -> int:
    """The smallest file size of the fixed classes that holds `needed` bytes, so sizes reveal little."""
    for size in SIZE_CLASSES:
        if size >= needed:
            return size
    raise VaultFull(f"the library needs {needed:,} bytes; a vault holds at most {SIZE_CLASSES[-1]:,}")


def _slot_aad(salt: bytes, index: int) -> bytes:
    return salt + bytes([index])


def _slot_start(index: int) -> int:
    return SALT_BYTES + index * SLOT_BYTES


def _seal_slot(code_key: bytes | bytearray, salt: bytes, index: int, record: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + ChaCha20Poly1305(bytes(code_key)).encrypt(nonce, record, _slot_aad(salt, index))


def _open_slots(code_key: bytes | bytearray, header: bytes) -> dict[int, bytes]:
    """Every slot this key opens; all slots are always tried, so the work never depends on which one opened."""
    aead, salt, opened = ChaCha20Poly1305(bytes(code_key)), header[:SALT_BYTES], {}
    for index in range(SLOT_COUNT):
        slot = header[_slot_start(index) : _slot_start(index) + SLOT_BYTES]
        try:
            opened[index] = aead.decrypt(slot[:NONCE_BYTES], slot[NONCE_BYTES:], _slot_aad(salt, index))
        except InvalidTag:
            continue
    return opened


def _seal_region(key: bytes | bytearray, payload: bytes, length: int) -> mmap.mmap:
    """The region: a nonce, then the payload and its zero padding encrypted.

    Built in anonymous memory maps (zero pages from the system, filled by the cipher, which lets go of Python's global
    lock): copying or zero-filling a region of 32 MiB or more in Python bytes holds that lock for tens of milliseconds,
    and a save runs beside the window's thread, which would wait for it.
    """
    room = length - REGION_OVERHEAD
    if len(payload) > room:
        raise VaultFull(f"the library needs {len(payload):,} bytes but its place in the vault holds {room:,}")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = mmap.mmap(-1, length)
    sealed[:NONCE_BYTES] = nonce
    with mmap.mmap(-1, _LENGTH.size + room) as plaintext:
        plaintext[: _LENGTH.size] = _LENGTH.pack(len(payload))
        plaintext[_LENGTH.size : _LENGTH.size + len(payload)] = payload
        with memoryview(plaintext) as clear, memoryview(sealed) as whole, whole[NONCE_BYTES:] as body:
            ChaCha20Poly1305(bytes(key)).encrypt_into(nonce, clear, _REGION_AAD, body)
    return sealed


def _open_region(key: bytes | bytearray, region: bytes) -> bytes:
    try:
        plaintext = ChaCha20Poly1305(bytes(key)).decrypt(region[:NONCE_BYTES], region[NONCE_BYTES:], _REGION_AAD)
    except InvalidTag as exc:
        raise VaultDamaged("the vault is damaged or was altered: its library fails authentication") from exc
    (size,) = _LENGTH.unpack_from(plaintext, 0)
    if size > len(plaintext) - _LENGTH.size:
        raise VaultDamaged("the vault is damaged: its library says it is longer than its place")
    return plaintext[_LENGTH.size : _LENGTH.size + size]


def _decoy_work(data: bytes) -> None:
    """What a wrong code costs on top of the derivation: authenticating half the body, as an opening code does."""
    half = (len(data) - HEADER_BYTES) // 2
    with contextlib.suppress(InvalidTag):
        ChaCha20Poly1305(secrets.token_bytes(KEY_BYTES)).decrypt(
            bytes(NONCE_BYTES), data[HEADER_BYTES : HEADER_BYTES + half], None
        )


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what a save killed half-way left beside the vault (write_atomic's `.NAME.PID.tmp`)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        if stale.name.split(".")[-2].isdigit():
            stale.unlink(missing_ok=True)


def _write(path: Path, *parts: bytes | memoryview | mmap.mmap) -> None:
    """Replace the vault file whole with `parts`, so a crash leaves the old or the new vault; a full stick keeps the old."""
    try:
        _remove_stale_temporaries(path)
        write_atomic(path, *parts)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise VaultFull("the stick is full: the library was not saved, and the vault as it was is intact") from exc
        raise VaultError(f"the vault could not be saved ({exc.strerror or exc}); the vault as it was is intact") from exc


def _write_slots_in_place(path: Path, slots: dict[int, bytes]) -> None:
    """Overwrite key slots where they lie on the stick; a read-only or pulled stick is left as it is, silently."""
    try:
        with open(path, "r+b") as handle:
            for index, sealed in sorted(slots.items()):
                handle.seek(_slot_start(index))
                handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        return


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VaultError(f"the vault could not be read ({exc.strerror or exc})") from exc


class Vault:
    """An unlocked vault: the library's items in memory, and the keys to write them back until `lock()`."""

    def __init__(self, path: Path, items: dict[str, bytes], cost: KdfCost = DEFAULT_COST) -> None:
        self.path = path
        self.items = items
        self.cost = cost
        self._code_key = bytearray()
        self._key = bytearray()
        self._slot = 0
        self._region = Region(HEADER_BYTES, 0, False)

    @classmethod
    def create(cls, path: Path, code: str, items: dict[str, bytes], cost: KdfCost = DEFAULT_COST) -> Vault:
        """Write a new vault holding `items` in its first half, opened by `code`; everything else is random bytes."""
        vault = cls(path, dict(items), cost)
        vault._write_fresh(code)
        return vault

    @classmethod
    def unlock(cls, path: Path, code: str, cost: KdfCost = DEFAULT_COST) -> Vault | None:
        """Open the vault with `code`: None when no slot opens (a wrong code, or not a vault: the two look the same).

        Every unlock that opens a library also overwrites the other key slots with fresh random bytes, except
        the slot of a duress code this library set (see docs/vault-format.md): so the duress code erases the
        real library, and an ordinary vault does exactly the same to slots that held nothing.
        """
        data = _read(path)
        if len(data) < HEADER_BYTES:
            return None
        code_key = cost.derive(code, data[:SALT_BYTES])
        opened = _open_slots(code_key, data[:HEADER_BYTES])
        if not opened:
            _decoy_work(data)
            return None
        slot = min(opened)
        key, offset, length, version, flags = _RECORD.unpack(opened[slot])
        if version != FORMAT:
            raise VaultError("the vault was made by a newer version of the program")
        region = Region(offset, length, bool(flags & FROM_END))
        start, end = region.bounds(len(data))
        if len(data) not in SIZE_CLASSES or start < HEADER_BYTES or end > len(data) or length < REGION_OVERHEAD:
            raise VaultDamaged("the vault is damaged: the file was cut short or lengthened")
        items = unpack_items(_open_region(key, data[start:end]))
        vault = cls(path, items, cost)
        vault._code_key, vault._key, vault._slot, vault._region = code_key, bytearray(key), slot, region
        _write_slots_in_place(path, vault._other_slots())
        return vault

    def save(self, items: Items | None = None) -> None:
        """Write the items back: the library's region is re-encrypted, every byte outside it kept as it is.

        `items` are what to write instead of the vault's own: a copy the window took on its thread, so a save can run on
        another while the window goes on changing its own. A library that outgrows its place moves the vault to the next
        size class; the bytes outside its region move with the end of the file they are anchored to, so another library
        there stays whole.
        """
        self._require_unlocked()
        data = _read(self.path)
        view = memoryview(data)  # slices of it are not copies
        payload = pack_items(self.items if items is None else items)
        start, end = self._region.bounds(len(data))
        if len(payload) + REGION_OVERHEAD <= self._region.length:
            _write(self.path, view[:start], _seal_region(self._key, payload, self._region.length), view[end:])
            return
        other = view[HEADER_BYTES:start] if self._region.from_end else view[end:]
        size = size_class(HEADER_BYTES + len(other) + len(payload) + REGION_OVERHEAD)
        length = size - HEADER_BYTES - len(other)
        region = Region(length, length, True) if self._region.from_end else Region(HEADER_BYTES, length, False)
        header = self._with_slot(
            data[:HEADER_BYTES], _seal_slot(self._code_key, data[:SALT_BYTES], self._slot, region.record(self._key))
        )
        sealed = _seal_region(self._key, payload, length)
        _write(self.path, header, *((other, sealed) if region.from_end else (sealed, other)))
        self._region = region

    def set_duress(self, duress_code: str, decoy_items: dict[str, bytes], items: Items | None = None) -> None:
        """Give the vault a second code that opens `decoy_items` from the other half of the file (and erases this library).

        The library written beside it is `items` (default: the vault's own), which gain the duress code's companion item.
        """
        self._require_unlocked()
        items = self.items if items is None else items
        data = _read(self.path)
        salt = data[:SALT_BYTES]
        duress_key = self.cost.derive(duress_code, salt)
        if _open_slots(duress_key, data[:HEADER_BYTES]):
            raise CodeTaken("the duress code must differ from the code that opens the library")
        start, end = self._region.bounds(len(data))
        decoy = (
            Region(HEADER_BYTES, start - HEADER_BYTES, False)
            if self._region.from_end
            else Region(len(data) - end, len(data) - end, True)
        )
        index = secrets.choice([i for i in range(SLOT_COUNT) if i != self._slot])
        decoy_key = secrets.token_bytes(KEY_BYTES)
        sealed_slot = _seal_slot(duress_key, salt, index, decoy.record(decoy_key))
        try:
            decoy_region = _seal_region(decoy_key, pack_items(decoy_items), decoy.length)
        except VaultFull as exc:
            raise VaultFull("the decoy library does not fit in the other half of this vault") from exc
        items[COMPANION] = bytes([index]) + sealed_slot
        own = _seal_region(self._key, pack_items(items), self._region.length)
        header = data[: _slot_start(index)] + sealed_slot + data[_slot_start(index) + SLOT_BYTES : HEADER_BYTES]
        _write(self.path, header, *((decoy_region, own) if self._region.from_end else (own, decoy_region)))

    def remove_duress(self, items: Items | None = None) -> None:
        """Forget the duress code: its slot becomes random bytes now. `items`: what to write (default: the vault's own)."""
        self._require_unlocked()
        items = self.items if items is None else items
        items.pop(COMPANION, None)
        self.save(items)
        _write_slots_in_place(self.path, self._other_slots(items))

    @property
    def has_duress(self) -> bool:
        """True when this library set a duress code."""
        return COMPANION in self.items

    def change_code(self, new_code: str) -> None:
        """Re-wrap the library key for `new_code` (seconds, not a re-encryption); the old code opens nothing after."""
        self._require_unlocked()
        data = _read(self.path)
        salt = data[:SALT_BYTES]
        new_key = self.cost.derive(new_code, salt)
        if set(_open_slots(new_key, data[:HEADER_BYTES])) - {self._slot}:
            raise CodeTaken("that code cannot be used on this stick; choose another")
        header = self._with_slot(data[:HEADER_BYTES], _seal_slot(new_key, salt, self._slot, self._region.record(self._key)))
        _write(self.path, header, memoryview(data)[HEADER_BYTES:])
        self._code_key = new_key

    def rekey(self, new_code: str) -> None:
        """Give this copy a library key, salt and code of its own; every other slot and half becomes random bytes.

        A duress code does not survive: its slot was sealed with the old salt. Set it again on each copy.
        """
        self._require_unlocked()
        self.items.pop(COMPANION, None)
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

    def _with_slot(self, header: bytes, sealed: bytes) -> bytes:
        start = _slot_start(self._slot)
        return header[:start] + sealed + header[start + SLOT_BYTES :]

    def _other_slots(self, items: Items | None = None) -> dict[int, bytes]:
        """What every slot but this library's should hold: its duress code's slot as it is, fresh random bytes elsewhere."""
        companion = (self.items if items is None else items).get(COMPANION)
        slots = {index: secrets.token_bytes(SLOT_BYTES) for index in range(SLOT_COUNT) if index != self._slot}
        if companion is not None and len(companion) == 1 + SLOT_BYTES and companion[0] in slots:
            slots.pop(companion[0])  # left exactly as it is on the stick
        return slots

    def _write_fresh(self, code: str) -> None:
        payload = pack_items(self.items)
        size = size_class(HEADER_BYTES + 2 * (len(payload) + REGION_OVERHEAD))
        salt = secrets.token_bytes(SALT_BYTES)
        code_key, key = self.cost.derive(code, salt), bytearray(secrets.token_bytes(KEY_BYTES))
        slot, region = secrets.randbelow(SLOT_COUNT), Region(HEADER_BYTES, (size - HEADER_BYTES) // 2, False)
        slots = [
            _seal_slot(code_key, salt, index, region.record(key)) if index == slot else secrets.token_bytes(SLOT_BYTES)
            for index in range(SLOT_COUNT)
        ]
        rest = secrets.token_bytes(size - HEADER_BYTES - region.length)
        _write(self.path, salt + b"".join(slots), _seal_region(key, payload, region.length), rest)
        self._code_key, self._key, self._slot, self._region = code_key, key, slot, region
