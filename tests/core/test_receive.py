"""Receiving a pack: what it is, how it stands to the installed one, and keeping it only when that is safe."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safelib.core.context import open_context
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing, PublicKey
from safelib.core.packs.limits import Limits
from safelib.core.packs.signing import sign_pack, verify_pack
from safelib.core.packs.versions import compare_versions, version_key
from safelib.core.problems import PackError
from safelib.core.receive import inspect_pack, keep, keep_in_folder, keep_in_vault
from tests.conftest import write_pack, zip_folder

PUBLISHER = Ed25519PrivateKey.generate()
STRANGER = Ed25519PrivateKey.generate()
RING = KeyRing()
RING.add(PublicKey("Publisher", PUBLISHER.public_key()))
RING.add(PublicKey("Stranger", STRANGER.public_key()))

MANIFEST = """format = 1
id = "guides-test"
title = "Test guides"
language = "ckb"
version = "{version}"
publisher = "tests"
license = "CC0-1.0"
{changes}"""
CHANGE = """
[[changes]]
version = "{version}"
date = 2026-12-0{day}
summary = "Changes of {version}."
corrected = ["one"]
withdrawn = ["old"]
"""


def pack_file(
    root: Path,
    version: str,
    key: Ed25519PrivateKey | None = PUBLISHER,
    guides: tuple[str, ...] = ("one",),
    changes: tuple[str, ...] = (),
) -> Path:
    """A `.safelibpack` of guides-test at `version`, signed with `key` (None: unsigned)."""
    listed = "".join(CHANGE.format(version=v, day=9 - n) for n, v in enumerate(changes))
    manifest = MANIFEST.format(version=version, changes=listed)
    folder = write_pack(root / version / str(id(key)), "guides-test", manifest=manifest, guides={g: f"Text {g}." for g in guides})
    target = zip_folder(folder, root / f"{version}-{id(key)}.safelibpack")
    if key is not None:
        sign_pack(target, key, "someone")
    return target


def installed(tmp_path: Path, *packs: Path) -> Library:
    folder = tmp_path / "portable" / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    for pack in packs:
        (folder / "guides-test.safelibpack").write_bytes(pack.read_bytes())
    return Library.load([folder], keyring=RING)


def test_versions_are_dotted_numbers_ordered_part_by_part() -> None:
    assert version_key("2026.12.0") == version_key("2026.12") == (2026, 12)
    assert compare_versions("2026.12.1", "2026.12.0") == 1
    assert compare_versions("2026.9.0", "2026.12.0") == -1
    assert compare_versions("2026.12", "2026.12.0") == 0
    assert compare_versions("winter", "2026.12.0") is None
    assert compare_versions("winter", "winter") == 0
    assert version_key("1..2") is None and version_key("-1") is None


def test_a_new_pack_says_what_it_is_and_is_kept_atomically(tmp_path: Path) -> None:
    offer = inspect_pack(pack_file(tmp_path, "2026.12.0"), Library(), RING)
    assert offer.manifest is not None
    assert (offer.manifest.title, offer.manifest.language, offer.guide_count) == ("Test guides", "ckb", 1)
    assert (offer.relation, offer.trust.state, offer.refusal()) == ("new", "verified", None)
    assert offer.explanation().startswith("Verified: signed by Publisher")
    kept = keep_in_folder(offer, tmp_path / "data" / "packs")
    assert kept.name == "guides-test.safelibpack" and kept.read_bytes() == offer.data
    assert verify_pack(kept, RING).state == "verified"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["guides-test.safelibpack"]


@pytest.mark.parametrize(
    ("key", "state", "words"),
    [
        (None, "unsigned", "nothing shows who made"),
        (Ed25519PrivateKey.generate(), "unknown-signer", "key this program does not know"),
    ],
)
def test_each_signature_state_is_explained(tmp_path: Path, key: Ed25519PrivateKey | None, state: str, words: str) -> None:
    offer = inspect_pack(pack_file(tmp_path, "1", key), Library(), RING)
    assert offer.trust.state == state and words in offer.explanation()
    assert offer.refusal() is None


def test_a_tampered_pack_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    good = pack_file(tmp_path, "1")
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(good).extractall(folder)
    (folder / "guides" / "one.md").write_text((folder / "guides" / "one.md").read_text() + "\nFalse advice.\n")
    offer = inspect_pack(folder, Library(), RING)
    assert offer.trust.state == "tampered"
    assert offer.refusal(insist=True) is not None and "Tampered" in (offer.refusal() or "")
    with pytest.raises(PackError):
        keep_in_folder(offer, tmp_path / "data" / "packs", insist=True)
    assert not (tmp_path / "data").exists()


def test_a_broken_pack_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "broken", guides={"bad": "+++\ntitle = oops\n+++\nText"})
    offer = inspect_pack(folder, Library(), RING)
    reason = offer.refusal(insist=True) or ""
    assert "bad.md:2" in reason


def test_a_truncated_archive_cannot_be_read(tmp_path: Path) -> None:
    whole = pack_file(tmp_path, "1").read_bytes()
    cut = tmp_path / "cut.safelibpack"
    cut.write_bytes(whole[: len(whole) // 2])
    offer = inspect_pack(cut, Library(), RING)
    assert offer.manifest is None and "not a readable pack archive" in (offer.refusal() or "")


def test_a_newer_version_replaces_the_older_and_says_what_changed(tmp_path: Path) -> None:
    old = pack_file(tmp_path, "2026.11.0", guides=("one", "old"))
    library = installed(tmp_path, old)
    new = pack_file(tmp_path, "2026.12.1", changes=("2026.12.1", "2026.12.0", "2026.11.0"))
    offer = inspect_pack(new, library, RING)
    assert (offer.relation, offer.refusal()) == ("newer", None)
    assert [change.version for change in offer.changes()] == ["2026.12.1", "2026.12.0"]
    assert offer.title_of("old") == "Old"  # a withdrawn guide is named by its title in the installed pack
    library.close()
    kept = keep_in_folder(offer, tmp_path / "portable" / "packs")
    reloaded = Library.load([kept.parent], keyring=RING)
    assert reloaded.pack("guides-test").manifest.version == "2026.12.1"  # type: ignore[union-attr]
    reloaded.close()


def test_a_kept_update_wins_over_an_older_copy_loaded_first(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "guides-test.safelibpack").write_bytes(pack_file(tmp_path, "2026.11.0").read_bytes())
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "guides-test.safelibpack").write_bytes(pack_file(tmp_path, "2026.12.0").read_bytes())
    library = Library.load([bundled, kept], keyring=RING)
    assert library.pack("guides-test").manifest.version == "2026.12.0"  # type: ignore[union-attr]
    assert any("replaced by the newer" in p.message for p in library.problems)
    library.close()


def test_an_older_version_is_refused_unless_the_reader_insists(tmp_path: Path) -> None:
    library = installed(tmp_path, pack_file(tmp_path, "2026.12.0"))
    offer = inspect_pack(pack_file(tmp_path, "2026.11.0"), library, RING)
    library.close()
    assert offer.relation == "older" and offer.needs_insisting
    assert "older than the version 2026.12.0" in (offer.refusal() or "")
    folder = tmp_path / "portable" / "packs"
    before = (folder / "guides-test.safelibpack").read_bytes()
    with pytest.raises(PackError):
        keep_in_folder(offer, folder)
    assert (folder / "guides-test.safelibpack").read_bytes() == before
    assert offer.refusal(insist=True) is None
    keep_in_folder(offer, folder, insist=True)
    assert (folder / "guides-test.safelibpack").read_bytes() == offer.data


def test_a_version_that_cannot_be_ordered_needs_insisting(tmp_path: Path) -> None:
    library = installed(tmp_path, pack_file(tmp_path, "2026.12.0"))
    offer = inspect_pack(pack_file(tmp_path, "winter"), library, RING)
    library.close()
    assert offer.relation == "unordered" and "cannot be ordered" in (offer.refusal() or "")
    assert offer.refusal(insist=True) is None


@pytest.mark.parametrize("key", [STRANGER, None, Ed25519PrivateKey.generate()])
def test_an_id_hijack_is_refused_even_when_insisting(tmp_path: Path, key: Ed25519PrivateKey | None) -> None:
    library = installed(tmp_path, pack_file(tmp_path, "2026.12.0"))
    offer = inspect_pack(pack_file(tmp_path, "2027.1.0", key), library, RING)
    library.close()
    assert offer.relation == "hijack"
    assert "belongs to a verified pack signed by Publisher" in (offer.refusal(insist=True) or "")
    with pytest.raises(PackError):
        keep_in_folder(offer, tmp_path / "portable" / "packs", insist=True)


def test_the_same_version_is_nothing_new(tmp_path: Path) -> None:
    pack = pack_file(tmp_path, "2026.12.0")
    library = installed(tmp_path, pack)
    offer = inspect_pack(pack, library, RING)
    library.close()
    assert offer.relation == "same" and offer.changes() == []


def test_a_pack_is_kept_in_a_vaults_items_under_its_id(tmp_path: Path) -> None:
    items: dict[str, bytes] = {}
    offer = inspect_pack(pack_file(tmp_path, "1"), Library(), RING)
    assert keep_in_vault(offer, items) == "packs/guides-test.safelibpack"
    newer = inspect_pack(pack_file(tmp_path, "2"), Library(), RING)
    keep_in_vault(newer, items)
    assert list(items) == ["packs/guides-test.safelibpack"] and items["packs/guides-test.safelibpack"] == newer.data


def test_a_file_larger_than_any_pack_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.safelibpack"
    big.write_bytes(b"\0" * 2048)
    with pytest.raises(PackError, match="at most 1,024"):
        inspect_pack(big, Library(), RING, Limits(max_pack_bytes=1024))


def test_an_older_copy_kept_under_another_name_is_removed_once_the_new_one_is_in(tmp_path: Path) -> None:
    folder = tmp_path / "portable" / "packs"
    folder.mkdir(parents=True)
    (folder / "from-a-friend.safelibpack").write_bytes(pack_file(tmp_path, "1").read_bytes())
    library = Library.load([folder], keyring=RING)
    offer = inspect_pack(pack_file(tmp_path, "2"), library, RING)
    library.close()
    keep_in_folder(offer, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["guides-test.safelibpack"]


@pytest.mark.parametrize(
    ("versions", "insist", "kind"),
    [(("2026.12.0", "2026.11.0"), False, "older"), (("2026.12.0", "winter"), False, "unordered"), (("1", "0"), True, None)],
)
def test_the_refusal_is_also_named_by_one_word_for_the_window(
    tmp_path: Path, versions: tuple[str, str], insist: bool, kind: str | None
) -> None:
    library = installed(tmp_path, pack_file(tmp_path, versions[0]))
    offer = inspect_pack(pack_file(tmp_path, versions[1]), library, RING)
    library.close()
    assert offer.refusal_kind(insist) == kind
    assert (offer.refusal(insist) is None) == (kind is None)


def test_without_a_portable_folder_a_pack_is_kept_for_this_session_only(tmp_path: Path) -> None:
    context = open_context(portable=None, bundled=False)
    offer = inspect_pack(pack_file(tmp_path, "1", key=None), context.library, RING)
    before = sorted(tmp_path.rglob("*"))
    assert keep(offer, context) is None
    assert sorted(tmp_path.rglob("*")) == before  # nothing written anywhere
    again = context.load_library_again()
    assert again.pack("guides-test") is not None and again.pack("guides-test").trust.state == "unsigned"  # type: ignore[union-attr]
    again.close()
    context.close()


def test_with_a_portable_folder_a_pack_is_kept_in_its_packs_folder(tmp_path: Path) -> None:
    context = open_context(portable=tmp_path / "data", bundled=False)
    offer = inspect_pack(pack_file(tmp_path, "1", key=None), context.library, RING)
    assert keep(offer, context) == tmp_path / "data" / "packs" / "guides-test.safelibpack"
    assert context.received == []
    again = context.load_library_again()
    assert again.pack("guides-test") is not None
    again.close()
    context.close()


def test_a_refused_pack_is_not_kept_for_the_session_either(tmp_path: Path) -> None:
    context = open_context(portable=None, bundled=False)
    library = installed(tmp_path, pack_file(tmp_path, "2026.12.0"))
    offer = inspect_pack(pack_file(tmp_path, "2026.11.0"), library, RING)
    library.close()
    with pytest.raises(PackError):
        keep(offer, context)
    assert context.received == []
    context.close()
