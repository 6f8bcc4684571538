"""Forged reports and borrowed names: what a pack, a key file or a SIGNATURE says cannot pass for something else."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safelib.cli.output import printable
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing, PublicKey
from safelib.core.packs.signing import SIGNATURE_FILE, sign_pack
from tests.cli.test_cli import safelib
from tests.conftest import write_pack

GENUINE, OTHER = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
# Clear the screen, print an all-OK report, hide what follows; then a right-to-left override.
FORGED_REPORT = "\x1b[2J\x1b[H" + "Result: OK.\n" + "\x1b[8m" + "\u202e" + "\x9b2K"


def test_nothing_a_pack_says_reaches_the_terminal_as_a_control_sequence(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "escapes", guides={"one": "Text."})
    sign_pack(folder, OTHER, FORGED_REPORT)
    text = (folder / SIGNATURE_FILE).read_text("utf-8")
    done = safelib("pack", "verify", str(folder))
    assert done.returncode == 1 and "unknown signer" in done.stdout, text
    for char in ("\x1b", "\x9b", "\u202e"):
        assert char not in done.stdout + done.stderr
    assert "\\u001b[2J" in done.stdout and "\\u202e" in done.stdout


def test_printable_keeps_the_letters_readers_need() -> None:
    sorani = "پێشمەرگە\u200cکان"  # a zero-width non-joiner belongs in Sorani words
    assert printable(sorani + "\n\tx") == sorani + "\n\tx"
    assert printable("a\x1b[31mb\u2028c\U000e0041") == "a\\u001b[31mb\\u2028c\\U000e0041"


def test_a_key_cannot_take_the_name_of_a_key_already_trusted(tmp_path: Path) -> None:
    ring = KeyRing()
    ring.add(PublicKey("safelib-dev", GENUINE.public_key(), "program/keys/safelib-dev.pub"))
    ring.add(PublicKey("safelib-dev", OTHER.public_key(), "stick/keys/safelib-dev.pub"))
    assert [key.name for key in ring.keys.values()] == ["safelib-dev"] and len(ring.keys) == 1
    assert ring.problems and "the name of key" in ring.problems[0].message and ring.problems[0].path.startswith("stick")


def test_a_pack_cannot_shadow_a_verified_pack_by_sorting_first(tmp_path: Path) -> None:
    impostor = write_pack(tmp_path / "a", "guides-en", guides={"impostor": "Forged."})
    genuine = write_pack(tmp_path / "b", "guides-en", guides={"genuine": "Real."})
    sign_pack(genuine, GENUINE, "project")
    ring = KeyRing()
    ring.add(PublicKey("project", GENUINE.public_key()))
    library = Library.load([tmp_path / "a", tmp_path / "b"], keyring=ring)
    try:
        assert library.guide("genuine") is not None and library.guide("impostor") is None
        assert any(str(impostor) in p.path and "belongs to the verified pack" in p.message for p in library.problems)
    finally:
        library.close()


def test_verified_packs_of_two_keys_with_one_id_are_a_conflict(tmp_path: Path) -> None:
    first = write_pack(tmp_path / "a", "guides-en", guides={"first": "One."})
    second = write_pack(tmp_path / "b", "guides-en", guides={"second": "Two."})
    third = write_pack(tmp_path / "c", "guides-en", guides={"third": "Three."})
    sign_pack(first, GENUINE, "project")
    sign_pack(second, OTHER, "other")
    ring = KeyRing()
    ring.add(PublicKey("project", GENUINE.public_key()))
    ring.add(PublicKey("other", OTHER.public_key()))
    library = Library.load([tmp_path / "a", tmp_path / "b", tmp_path / "c"], keyring=ring)
    try:
        assert library.pack("guides-en") is None
        messages = [p.message for p in library.problems]
        assert sum("signed with another key: neither is shown" in m for m in messages) == 2
        assert any("claimed by packs signed with different keys" in m for m in messages), messages
    finally:
        library.close()
    assert third.is_dir()
