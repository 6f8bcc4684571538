"""Passing packs on: the exported file is a pack of its own whose signature holds as it did here."""

from __future__ import annotations

from pathlib import Path

from safelib.core.export import export_pack
from safelib.core.library import Library
from safelib.core.packs.signing import sign_pack, verify_pack
from tests.conftest import write_pack, zip_folder
from tests.core.test_receive import PUBLISHER, RING, pack_file


def test_a_verified_pack_exports_as_a_file_that_verifies(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "guides-test.safelibpack").write_bytes(pack_file(tmp_path, "2026.12.0").read_bytes())
    library = Library.load([kept], keyring=RING)
    exported = export_pack(library.packs[0], tmp_path / "stick" / "for-a-friend", keyring=RING)
    library.close()
    assert exported.name == "guides-test.safelibpack"
    trust = verify_pack(exported, RING)
    assert (trust.state, trust.signer) == ("verified", "Publisher")


def test_a_signed_folder_exports_as_a_signed_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "src", "folder-pack")
    sign_pack(folder, PUBLISHER, "Publisher")
    library = Library.load([folder], keyring=RING)
    exported = export_pack(library.packs[0], tmp_path / "out", keyring=RING)
    library.close()
    assert verify_pack(exported, RING).state == "verified"


def test_disguise_gives_a_neutral_name(tmp_path: Path) -> None:
    pack = zip_folder(write_pack(tmp_path / "src", "guides-ckb"), tmp_path / "guides-ckb.safelibpack")
    library = Library.load([pack], keyring=RING)
    exported = export_pack(library.packs[0], tmp_path / "out", neutral=True, keyring=RING)
    library.close()
    assert exported.name.startswith("notes-") and exported.suffix == ".zip"
    assert "safelib" not in exported.name and "guides" not in exported.name
    assert verify_pack(exported, RING).state == "unsigned"
