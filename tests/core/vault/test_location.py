"""The vault's place on a stick: `<portable data folder>/data.bin`, and only a regular file counts."""

from __future__ import annotations

from pathlib import Path

from safelib.core.vault.location import VAULT_FILE, find_vault


def test_no_portable_folder_means_no_vault() -> None:
    assert find_vault(None) is None


def test_the_vault_is_data_bin_in_the_portable_folder(tmp_path: Path) -> None:
    assert find_vault(tmp_path) is None
    (tmp_path / VAULT_FILE).write_bytes(b"\x01" * 64)
    assert find_vault(tmp_path) == tmp_path / "data.bin"


def test_a_folder_named_like_the_vault_is_not_a_vault(tmp_path: Path) -> None:
    (tmp_path / VAULT_FILE).mkdir()
    assert find_vault(tmp_path) is None
