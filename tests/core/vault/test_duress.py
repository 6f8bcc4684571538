"""A duress code: it opens the decoy from the same file, erases the real library, and leaves no trace of having done so."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.vault import container
from safelib.core.vault.container import HEADER_BYTES, SIZE_CLASSES, Vault
from safelib.core.vault.errors import VaultError
from tests.core.vault.conftest import CHEAP, CODE, OTHER
from tests.core.vault.test_container import randomness_problems

DURESS = "615029384756"
REAL = {"packs/guides-en.safelibpack": b"the real library " * 200, "settings.json": b"{}"}
DECOY = {"packs/everyday-en.safelibpack": b"cooking and first aid " * 50}


def with_duress(path: Path, items: dict[str, bytes] = REAL) -> Vault:
    vault = Vault.create(path, CODE, items, CHEAP)
    vault.set_duress(DURESS, DECOY)
    return vault


def opened(path: Path, code: str) -> dict[str, bytes] | None:
    vault = Vault.unlock(path, code, CHEAP)
    return None if vault is None else {k: v for k, v in vault.items.items() if k != container.COMPANION}


def test_each_code_opens_its_own_library(tmp_path: Path) -> None:
    with_duress(tmp_path / "data")
    assert opened(tmp_path / "data", CODE) == REAL
    assert opened(tmp_path / "data", DURESS) == DECOY


def test_the_real_code_can_be_used_again_and_again_without_harming_the_decoy(tmp_path: Path) -> None:
    with_duress(tmp_path / "data")
    for _ in range(3):
        assert opened(tmp_path / "data", CODE) == REAL
    assert opened(tmp_path / "data", DURESS) == DECOY


def test_the_duress_code_erases_the_real_library_and_the_decoy_still_opens(tmp_path: Path) -> None:
    with_duress(tmp_path / "data")
    assert opened(tmp_path / "data", DURESS) == DECOY
    assert opened(tmp_path / "data", CODE) is None
    assert opened(tmp_path / "data", DURESS) == DECOY
    assert randomness_problems((tmp_path / "data").read_bytes()) == []


def test_an_erase_cut_short_leaves_the_decoy_and_the_next_start_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_duress(tmp_path / "data")
    real_write = container._write_slots_in_place
    monkeypatch.setattr(container, "_write_slots_in_place", lambda path, slots: None)  # a read-only stick
    assert opened(tmp_path / "data", DURESS) == DECOY
    assert opened(tmp_path / "data", CODE) == REAL, "nothing was written, so nothing was erased"
    monkeypatch.setattr(
        container, "_write_slots_in_place", lambda path, slots: real_write(path, {i: s[:20] for i, s in slots.items()})
    )
    assert opened(tmp_path / "data", DURESS) == DECOY  # the stick pulled out after 20 bytes of each slot
    assert opened(tmp_path / "data", CODE) is None
    monkeypatch.undo()
    assert opened(tmp_path / "data", DURESS) == DECOY


def test_a_duress_code_must_differ_from_the_real_one(tmp_path: Path) -> None:
    vault = Vault.create(tmp_path / "data", CODE, REAL, CHEAP)
    with pytest.raises(VaultError, match="must differ"):
        vault.set_duress(CODE, DECOY)


def test_the_decoy_saving_keeps_every_byte_outside_its_half(tmp_path: Path) -> None:
    with_duress(tmp_path / "data")
    decoy = Vault.unlock(tmp_path / "data", DURESS, CHEAP)
    assert decoy is not None
    before = (tmp_path / "data").read_bytes()
    start, end = decoy._region.bounds(len(before))
    decoy.items["settings.json"] = b'{"font_size": 16}'
    decoy.save()
    after = (tmp_path / "data").read_bytes()
    assert after[:start] == before[:start] and after[end:] == before[end:] and after[start:end] != before[start:end]


def test_the_real_library_growing_keeps_the_decoy(tmp_path: Path) -> None:
    vault = with_duress(tmp_path / "data")
    vault.items["big"] = b"x" * (SIZE_CLASSES[0] // 2)
    vault.save()
    assert (tmp_path / "data").stat().st_size == SIZE_CLASSES[1]
    assert opened(tmp_path / "data", DURESS) == DECOY


def test_vaults_with_and_without_a_hidden_library_look_alike(tmp_path: Path) -> None:
    for number in range(3):
        plain = tmp_path / f"plain-{number}"
        Vault.create(plain, CODE, DECOY, CHEAP)
        hidden = with_duress(tmp_path / f"hidden-{number}")
        hidden.lock()
        for path in (plain, tmp_path / f"hidden-{number}"):
            data = path.read_bytes()
            assert len(data) == SIZE_CLASSES[0], path.name
            assert randomness_problems(data) == [], path.name
    decoy_view = Vault.unlock(tmp_path / "hidden-0", DURESS, CHEAP)
    plain_view = Vault.unlock(tmp_path / "plain-0", CODE, CHEAP)
    assert decoy_view is not None and plain_view is not None
    size = SIZE_CLASSES[0]
    # An examiner holding either code sees one library in one half and random bytes in the rest.
    assert decoy_view._region.length == plain_view._region.length == (size - HEADER_BYTES) // 2


def test_changing_the_real_code_keeps_the_duress_code(tmp_path: Path) -> None:
    vault = with_duress(tmp_path / "data")
    vault.change_code(OTHER)
    assert opened(tmp_path / "data", OTHER) == REAL
    assert opened(tmp_path / "data", DURESS) == DECOY


def test_removing_or_rekeying_drops_the_duress_code(tmp_path: Path) -> None:
    vault = with_duress(tmp_path / "data")
    vault.remove_duress()
    assert opened(tmp_path / "data", DURESS) is None and opened(tmp_path / "data", CODE) == REAL
    again = with_duress(tmp_path / "copy")
    again.rekey(OTHER)
    assert opened(tmp_path / "copy", DURESS) is None and opened(tmp_path / "copy", OTHER) == REAL
