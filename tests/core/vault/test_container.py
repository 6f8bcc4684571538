"""The vault file: round trips, wrong codes, every slot, code changes, re-keying, damage, size classes, randomness."""

from __future__ import annotations

import contextlib
import math
import os
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safelib.core.vault import container
from safelib.core.vault.container import HEADER_BYTES, SALT_BYTES, SIZE_CLASSES, SLOT_BYTES, SLOT_COUNT, Vault
from safelib.core.vault.errors import VaultDamaged
from safelib.core.vault.items import pack_items, unpack_items
from tests.core.vault.conftest import CHEAP, CODE, OTHER

SECRET = b"If you are stopped or arrested, ask for a lawyer."
ITEMS = {"packs/guides-en.safelibpack": SECRET * 100, "settings.json": b'{"font_size": 14}'}


def make(path: Path, items: dict[str, bytes] = ITEMS, code: str = CODE) -> Vault:
    return Vault.create(path, code, items, CHEAP)


def test_round_trip(tmp_path: Path) -> None:
    make(tmp_path / "data")
    vault = Vault.unlock(tmp_path / "data", CODE, CHEAP)
    assert vault is not None and vault.items == ITEMS


def test_a_wrong_code_and_a_file_that_is_no_vault_look_the_same(tmp_path: Path) -> None:
    make(tmp_path / "data")
    (tmp_path / "random").write_bytes(os.urandom(SIZE_CLASSES[0]))
    (tmp_path / "short").write_bytes(os.urandom(HEADER_BYTES - 1))
    assert Vault.unlock(tmp_path / "data", OTHER, CHEAP) is None
    assert Vault.unlock(tmp_path / "random", CODE, CHEAP) is None
    assert Vault.unlock(tmp_path / "short", CODE, CHEAP) is None


@pytest.mark.parametrize("slot", range(SLOT_COUNT))
def test_every_slot_opens_and_the_others_stay_random(tmp_path: Path, slot: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container.secrets, "randbelow", lambda n: slot)
    make(tmp_path / "data")
    monkeypatch.undo()
    data = (tmp_path / "data").read_bytes()
    opened = container._open_slots(CHEAP.derive(CODE, data[:SALT_BYTES]), data[:HEADER_BYTES])
    assert list(opened) == [slot]
    assert Vault.unlock(tmp_path / "data", CODE, CHEAP) is not None


def test_changing_the_code_rewraps_only_the_slot(tmp_path: Path) -> None:
    vault = make(tmp_path / "data")
    before = (tmp_path / "data").read_bytes()
    vault.change_code(OTHER)
    after = (tmp_path / "data").read_bytes()
    assert Vault.unlock(tmp_path / "data", CODE, CHEAP) is None
    reopened = Vault.unlock(tmp_path / "data", OTHER, CHEAP)
    assert reopened is not None and reopened.items == ITEMS
    changed = [i for i in range(len(before)) if before[i] != after[i]]
    slot_start = SALT_BYTES + vault._slot * SLOT_BYTES
    assert slot_start <= min(changed) and max(changed) < slot_start + SLOT_BYTES


def test_rekeying_gives_a_copy_its_own_key_and_code(tmp_path: Path) -> None:
    original = make(tmp_path / "stick-1")
    (tmp_path / "stick-2").write_bytes((tmp_path / "stick-1").read_bytes())
    copy = Vault.unlock(tmp_path / "stick-2", CODE, CHEAP)
    assert copy is not None
    copy.rekey(OTHER)
    first, second = (tmp_path / "stick-1").read_bytes(), (tmp_path / "stick-2").read_bytes()
    assert first[:SALT_BYTES] != second[:SALT_BYTES]
    assert Vault.unlock(tmp_path / "stick-2", CODE, CHEAP) is None
    assert Vault.unlock(tmp_path / "stick-1", OTHER, CHEAP) is None
    reopened = Vault.unlock(tmp_path / "stick-2", OTHER, CHEAP)
    assert reopened is not None and reopened.items == original.items
    assert copy._key != original._key


def test_saving_keeps_every_byte_outside_the_library_region(tmp_path: Path) -> None:
    vault = make(tmp_path / "data")
    before = (tmp_path / "data").read_bytes()
    vault.items["settings.json"] = b'{"font_size": 18}'
    vault.save()
    after = (tmp_path / "data").read_bytes()
    assert after[:HEADER_BYTES] == before[:HEADER_BYTES] and len(after) == len(before)
    reopened = Vault.unlock(tmp_path / "data", CODE, CHEAP)
    assert reopened is not None and reopened.items["settings.json"] == b'{"font_size": 18}'


def test_a_new_vault_keeps_its_library_in_the_first_half_and_random_bytes_in_the_second(tmp_path: Path) -> None:
    vault = make(tmp_path / "data", {"a": b"x" * 1000})
    size = (tmp_path / "data").stat().st_size
    assert size == SIZE_CLASSES[0] and vault._region == container.Region(HEADER_BYTES, (size - HEADER_BYTES) // 2, False)


def test_a_growing_library_moves_up_a_class_and_keeps_the_other_half_at_the_end(tmp_path: Path) -> None:
    vault = make(tmp_path / "data", {"a": b"x"})
    before = (tmp_path / "data").read_bytes()
    other = before[HEADER_BYTES + vault._region.length :]
    vault.items["big"] = os.urandom(SIZE_CLASSES[0] // 2)
    vault.save()
    after = (tmp_path / "data").read_bytes()
    assert len(after) == SIZE_CLASSES[1] and after.endswith(other)
    reopened = Vault.unlock(tmp_path / "data", CODE, CHEAP)
    assert reopened is not None and reopened.items == vault.items


def chi_square(data: bytes) -> float:
    """Pearson's chi-square of the byte histogram against a uniform one."""
    expected = len(data) / 256
    counts = Counter(data)
    return sum((counts.get(b, 0) - expected) ** 2 / expected for b in range(256))


def randomness_problems(data: bytes) -> list[str]:
    """What an examiner's first checks would flag: blocks that compress (zeroed gaps, text) or skewed bytes."""
    block = 1 << 16
    problems = [
        f"block at {i:,} compresses"
        for i in range(0, len(data), block)
        if len(zlib.compress(data[i : i + block], 1)) < len(data[i : i + block])
    ]
    for start in (0, len(data) // 3, len(data) // 2, len(data) - (1 << 20)):
        if chi_square(data[start : start + (1 << 20)]) > 400:  # 255 degrees of freedom: random data stays below 400
            problems.append(f"bytes at {start:,} are not uniform")
    return problems


def test_the_file_is_indistinguishable_from_random_bytes_and_holds_no_plaintext(tmp_path: Path) -> None:
    make(tmp_path / "data")
    data = (tmp_path / "data").read_bytes()
    assert randomness_problems(data) == []
    assert chi_square(data[: HEADER_BYTES * 8]) < 400
    sample = data[: 1 << 20]
    entropy = -sum(n / len(sample) * math.log2(n / len(sample)) for n in Counter(sample).values())
    assert entropy > 7.99
    for word in (b"lawyer", b"settings", b"safelib", b"packs/", b"font_size"):
        assert word not in data


def flipped(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def test_a_bit_flip_anywhere_opens_nothing_or_is_reported_as_damage(tmp_path: Path) -> None:
    vault = make(tmp_path / "data", {"a": b"hello"})
    data = (tmp_path / "data").read_bytes()
    slot_start = SALT_BYTES + vault._slot * SLOT_BYTES
    target = tmp_path / "flipped"
    region_end = HEADER_BYTES + vault._region.length
    for position in [0, SALT_BYTES - 1, slot_start, slot_start + SLOT_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 40, region_end - 1]:
        target.write_bytes(flipped(data, position))
        if position < HEADER_BYTES:
            assert Vault.unlock(target, CODE, CHEAP) is None, position
        else:
            with pytest.raises(VaultDamaged):
                Vault.unlock(target, CODE, CHEAP)
        assert target.read_bytes() == flipped(data, position), "a failed unlock must write nothing"
    other_slot = SALT_BYTES + ((vault._slot + 1) % SLOT_COUNT) * SLOT_BYTES
    for position in (other_slot, region_end, len(data) - 1):
        target.write_bytes(flipped(data, position))
        assert Vault.unlock(target, CODE, CHEAP) is not None, "a flip in an unused slot or the other half changes nothing"


def test_truncation_anywhere_opens_nothing_or_is_reported_as_damage(tmp_path: Path) -> None:
    make(tmp_path / "data", {"a": b"hello"})
    data = (tmp_path / "data").read_bytes()
    target = tmp_path / "cut"
    for length in [0, 1, SALT_BYTES, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 1, len(data) // 2, len(data) - 1]:
        target.write_bytes(data[:length])
        if length < HEADER_BYTES:
            assert Vault.unlock(target, CODE, CHEAP) is None, length
        else:
            with pytest.raises(VaultDamaged):
                Vault.unlock(target, CODE, CHEAP)


def test_locking_drops_keys_and_items(tmp_path: Path) -> None:
    vault = make(tmp_path / "data")
    key = vault._key
    vault.lock()
    assert vault.locked and vault.items == {} and key == bytearray(len(key))
    with pytest.raises(container.VaultError):
        vault.save()


@settings(max_examples=50)
@given(st.dictionaries(st.text(min_size=1, max_size=20).filter(lambda s: s == s.strip()), st.binary(max_size=200), max_size=8))
def test_items_round_trip(items: dict[str, bytes]) -> None:
    assert unpack_items(pack_items(items)) == items


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_damaged_item_lists_raise_only_vault_damaged(blob: bytes) -> None:
    with contextlib.suppress(VaultDamaged):
        unpack_items(blob)
