"""`safelib pack add` and `pack export` as a trainer scripts them: keep, refuse, pass on, and add the copy elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safelib.core.vault.codes import normalise_code
from safelib.core.vault.container import Vault
from safelib.core.vault.library import key_item, pack_item
from tests.cli.test_cli import safelib
from tests.conftest import write_pack, zip_folder

pytestmark = pytest.mark.slow

MANIFEST = """format = 1
id = "workshop"
title = "Workshop guides"
language = "kmr"
version = "{version}"
publisher = "Rainbow trainers"
license = "CC0-1.0"

[[changes]]
version = "{version}"
date = 2026-12-07
summary = "Corrected advice."
corrected = ["hello"]
"""


@pytest.fixture
def trainer(tmp_path: Path) -> Path:
    """A key pair `pub` in tmp_path, trusted by the portable folder tmp_path/stick."""
    assert safelib("keys", "new", "pub", "--dir", str(tmp_path)).returncode == 0
    (tmp_path / "stick" / "keys").mkdir(parents=True)
    (tmp_path / "stick" / "keys" / "pub.pub").write_bytes((tmp_path / "pub.pub").read_bytes())
    return tmp_path


def signed(root: Path, version: str, key: Path | None) -> Path:
    folder = write_pack(root / "src" / version, "workshop", manifest=MANIFEST.format(version=version))
    target = zip_folder(folder, root / f"workshop-{version}-{key.stem if key else 'unsigned'}.safelibpack")
    if key is not None:
        assert safelib("pack", "sign", str(target), "--key", str(key)).returncode == 0
    return target


def test_add_export_and_add_the_copy_on_another_stick(trainer: Path) -> None:
    stick, other = trainer / "stick", trainer / "other"
    added = safelib("--portable", str(stick), "pack", "add", str(signed(trainer, "2026.12.0", trainer / "pub.key")))
    assert added.returncode == 0, added.stderr
    assert "Workshop guides (kmr), version 2026.12.0, 1 guides" in added.stdout
    assert "verified (signed by pub, key " in added.stdout and "a new pack" in added.stdout
    assert (stick / "packs" / "workshop.safelibpack").is_file()
    listed = safelib("--portable", str(stick), "list", "--lang", "kmr", "--json")
    assert any(row["pack"] == "workshop" for row in json.loads(listed.stdout))

    exported = safelib("--portable", str(stick), "pack", "export", "workshop", str(trainer / "for-a-friend"))
    assert exported.returncode == 0, exported.stderr
    copy = trainer / "for-a-friend" / "workshop.safelibpack"
    (other / "keys").mkdir(parents=True)
    (other / "keys" / "pub.pub").write_bytes((trainer / "pub.pub").read_bytes())
    again = safelib("--portable", str(other), "pack", "add", str(copy))
    assert again.returncode == 0 and "verified (signed by pub, key " in again.stdout


def test_an_older_version_needs_force_older_and_an_update_says_what_changed(trainer: Path) -> None:
    stick, key = trainer / "stick", trainer / "pub.key"
    old, new = signed(trainer, "2026.11.0", key), signed(trainer, "2026.12.0", key)
    assert safelib("--portable", str(stick), "pack", "add", str(old)).returncode == 0
    update = safelib("--portable", str(stick), "pack", "add", str(new))
    assert update.returncode == 0 and "a newer version of the version 2026.11.0" in update.stdout
    assert "what changed since 2026.11.0:" in update.stdout and "corrected: Hello (hello)" in update.stdout
    kept = (stick / "packs" / "workshop.safelibpack").read_bytes()
    refused = safelib("--portable", str(stick), "pack", "add", str(old))
    assert refused.returncode == 1 and "older than the version 2026.12.0" in refused.stderr
    assert "--force-older" in refused.stderr and (stick / "packs" / "workshop.safelibpack").read_bytes() == kept
    forced = safelib("--portable", str(stick), "pack", "add", str(old), "--force-older")
    assert forced.returncode == 0 and (stick / "packs" / "workshop.safelibpack").read_bytes() == old.read_bytes()


def test_an_id_hijack_is_refused_even_with_force_older(trainer: Path) -> None:
    stick = trainer / "stick"
    assert safelib("--portable", str(stick), "pack", "add", str(signed(trainer, "1", trainer / "pub.key"))).returncode == 0
    hijack = safelib("--portable", str(stick), "pack", "add", str(signed(trainer, "9", None)), "--force-older")
    assert hijack.returncode == 1 and "belongs to a verified pack signed by pub" in hijack.stderr


def test_without_a_portable_folder_or_vault_nothing_is_kept(tmp_path: Path) -> None:
    pack = zip_folder(write_pack(tmp_path, "lonely"), tmp_path / "lonely.safelibpack")
    done = safelib("pack", "add", str(pack))
    assert done.returncode == 1 and "nothing can be kept" in done.stderr
    assert "Unsigned: nothing shows who made this pack" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lonely", "lonely.safelibpack"]


def test_export_with_disguise_on_gives_neutral_names(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "settings.json").write_text(json.dumps({"remember": True, "disguise": True}), "utf-8")
    done = safelib("--portable", str(stick), "pack", "export", "--all", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) >= 4 and all(name.startswith("notes-") and name.endswith(".zip") for name in names)
    assert safelib("pack", "export", str(tmp_path / "out")).returncode == 1


def test_add_into_a_vault_and_export_from_it(trainer: Path) -> None:
    code = trainer / "code.txt"
    code.write_text("4829 1573 6048", "utf-8")
    first = signed(trainer, "2026.11.0", trainer / "pub.key")
    assert safelib("vault", "create", str(trainer / "data"), str(first), "--code-file", str(code)).returncode == 0
    vault = ("--vault", str(trainer / "data"), "--code-file", str(code))
    newer = safelib(*vault, "pack", "add", str(signed(trainer, "2026.12.0", trainer / "pub.key")))
    assert newer.returncode == 0, newer.stderr
    assert "a newer version of the version 2026.11.0" in newer.stdout and "kept in the vault" in newer.stdout
    older = safelib(*vault, "pack", "add", str(first))
    assert older.returncode == 1 and "older than the version 2026.12.0" in older.stderr
    exported = safelib(*vault, "pack", "export", "workshop", str(trainer / "out"))
    assert exported.returncode == 0, exported.stderr
    copy = str(trainer / "out" / "workshop.safelibpack")
    assert safelib("--portable", str(trainer / "stick"), "pack", "verify", copy).returncode == 0
    wrong = safelib("--vault", str(trainer / "data"), "--code-file", str(trainer / "pub.pub"), "pack", "add", str(first))
    assert wrong.returncode == 1 and "could not open the vault" in wrong.stderr and "Traceback" not in wrong.stderr


def test_vault_add_refuses_an_older_version_and_a_hijack_like_pack_add(trainer: Path) -> None:
    """`vault add` goes through inspect_pack: the vault's own trusted keys, versions and id hijacks count."""
    code, data = trainer / "code.txt", trainer / "data"
    code.write_text("4829 1573 6048", "utf-8")
    current = signed(trainer, "2026.12.0", trainer / "pub.key")
    items = {key_item("pub.pub"): (trainer / "pub.pub").read_bytes(), pack_item("workshop"): current.read_bytes()}
    Vault.create(data, normalise_code("4829 1573 6048"), items).lock()
    add = ("vault", "add", str(data), "--code-file", str(code))
    older = safelib(*add, str(signed(trainer, "2026.11.0", trainer / "pub.key")))
    assert older.returncode == 1 and "older than the version 2026.12.0" in older.stderr and "--force-older" in older.stderr
    hijack = safelib(*add, str(signed(trainer, "2027.1.0", None)), "--force-older")
    assert hijack.returncode == 1 and "belongs to a verified pack signed by pub" in hijack.stderr
    assert "nothing was saved" in hijack.stderr
    newer = safelib(*add, str(signed(trainer, "2027.1.0", trainer / "pub.key")))
    assert newer.returncode == 0 and "a newer version of the version 2026.12.0" in newer.stdout, newer.stderr
    verified = safelib("vault", "verify", str(data), "--code-file", str(code))
    assert verified.returncode == 0 and "verified (signed by pub" in verified.stdout
