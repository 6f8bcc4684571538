"""End-to-end: the pack toolkit and signing through the real `safelib` command, as translators and trainers run it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from safelib.core.packs.keys import key_id_of, load_public_key
from tests.cli.test_cli import safelib
from tests.conftest import CONTENT, MANIFEST, write_pack

pytestmark = pytest.mark.slow


def test_keys_new_writes_a_private_key_only_the_owner_can_read(tmp_path: Path) -> None:
    done = safelib("keys", "new", "trainer", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    private, public = tmp_path / "trainer.key", tmp_path / "trainer.pub"
    if os.name == "posix":
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text("ascii").startswith("-----BEGIN PRIVATE KEY-----")
    assert 'name = "trainer"' in public.read_text("utf-8")
    again = safelib("keys", "new", "trainer", "--dir", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr


def test_keys_new_refuses_a_path_as_name(tmp_path: Path) -> None:
    done = safelib("keys", "new", "../x", "--dir", str(tmp_path))
    assert done.returncode == 1 and "error:" in done.stderr


def test_sign_and_verify_exit_codes_and_json(tmp_path: Path) -> None:
    safelib("keys", "new", "pub", "--dir", str(tmp_path))
    folder = write_pack(tmp_path / "packs", "signed-pack")
    assert safelib("pack", "sign", str(folder), "--key", str(tmp_path / "pub.key")).returncode == 0
    unknown = safelib("pack", "verify", str(folder), "--json")
    assert unknown.returncode == 1
    [row] = json.loads(unknown.stdout)
    assert row["state"] == "unknown-signer" and "pub" in row["reason"]

    portable = tmp_path / "portable"
    (portable / "keys").mkdir(parents=True)
    (portable / "keys" / "pub.pub").write_bytes((tmp_path / "pub.pub").read_bytes())
    verified = safelib("--portable", str(portable), "pack", "verify", str(folder))
    assert (
        verified.returncode == 0
        and verified.stdout.strip()
        == f"{folder}: verified (signed by pub, key {key_id_of(load_public_key(tmp_path / 'pub.pub').key)})"
    )

    (folder / "guides" / "hello.md").write_text("+++\nchanged", "utf-8")
    tampered = safelib("--portable", str(portable), "pack", "verify", str(folder), str(tmp_path / "missing"))
    assert tampered.returncode == 1
    assert f"{folder}: tampered: changed since signing: guides/hello.md" in tampered.stdout
    assert "unreadable" in tampered.stdout and "Traceback" not in tampered.stderr


def test_tampered_pack_is_left_out_of_list_with_the_reason(tmp_path: Path) -> None:
    safelib("keys", "new", "pub", "--dir", str(tmp_path))
    folder = write_pack(tmp_path / "packs", "evil-pack", guides={"evil": "Original text."})
    safelib("pack", "sign", str(folder), "--key", str(tmp_path / "pub.key"))
    (folder / "guides" / "evil.md").write_text((folder / "guides" / "evil.md").read_text("utf-8") + "Bad advice.", "utf-8")
    done = safelib("--packs", str(tmp_path / "packs"), "list", "--json")
    assert done.returncode == 0
    assert "evil-pack" not in {g["pack"] for g in json.loads(done.stdout)}
    assert "does not match its signature" in done.stderr and "guides/evil.md" in done.stderr


def test_status_new_build_usage_errors(tmp_path: Path) -> None:
    missing = safelib("pack", "new", "--from", "no-such-pack", "--lang", "sdh", str(tmp_path / "x"))
    assert missing.returncode == 1 and "no such pack folder, file or installed pack id" in missing.stderr
    not_translation = safelib("pack", "status", str(CONTENT / "guides-en"))
    assert not_translation.returncode == 1 and "not a translation" in not_translation.stderr
    bad_output = safelib("pack", "build", str(CONTENT / "guides-en"), "-o", str(tmp_path / "x.zip"))
    assert bad_output.returncode == 1 and "*.safelibpack" in bad_output.stderr


def test_build_twice_gives_identical_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.safelibpack", tmp_path / "two.safelibpack"
    assert safelib("pack", "build", str(CONTENT / "guides-en"), "-o", str(one)).returncode == 0
    assert safelib("pack", "build", str(CONTENT / "guides-en"), "-o", str(two)).returncode == 0
    assert one.read_bytes() == two.read_bytes()


TRANSLATED = """+++
title = "Parastina telefonê li xalên kontrolê (test)"
category = "security"
summary = "Kurteya wergerandî ya ji bo ceribandinê."
tags = ["telefon"]
updated = 2026-11-21
translation_of = "{guide}"
source_revision = "{revision}"
+++

Ev nivîsa wergerandî ye, bi zimanê ceribandinê hatiye nivîsandin.

Paragrafa duyem jî hatiye wergerandin û ji çavkaniyê cuda ye.
"""


def test_translating_content_walkthrough(tmp_path: Path) -> None:
    """Follow docs/translating-content.md with a made-up language, from scaffold to a verified pack on a stick."""
    work = tmp_path / "work"
    work.mkdir()
    pack = work / "guides-kmr-x-test"

    # 1. Start from the source pack.
    done = safelib("pack", "new", "--from", "guides-en", "--lang", "kmr-x-test", str(pack))
    assert done.returncode == 0, done.stderr
    assert safelib("pack", "new", "--from", "guides-en", "--lang", "kmr-x-test", str(pack)).returncode == 1  # never overwrite

    status = safelib("pack", "status", str(pack), "--json")
    assert status.returncode == 1, status.stderr
    before = json.loads(status.stdout)
    assert before["percent"] == 0 and before["pack"] == "guides-kmr-x-test" and before["source_pack"] == "guides-en"
    assert all(g["untranslated"] for g in before["guides"])

    # 2. Fill in the manifest.
    manifest = (pack / "pack.toml").read_text("utf-8")
    manifest = manifest.replace(manifest.split("publisher = ")[1].split("\n")[0], '"Test translators"')
    manifest = manifest.replace(manifest.split("title = ")[1].split("\n")[0], '"Rêbernameyên safelib (test)"')
    manifest = "\n".join(line for line in manifest.split("\n") if not line.startswith("description"))
    (pack / "pack.toml").write_text(manifest, "utf-8")

    # 3. Translate one guide (the front matter keeps translation_of and source_revision).
    guide = before["guides"][0]["guide"]
    text = (pack / "guides" / f"{guide}.md").read_text("utf-8")
    revision = text.split('source_revision = "')[1].split('"')[0]
    (pack / "guides" / f"{guide}.md").write_text(TRANSLATED.format(guide=guide, revision="0" * 16), "utf-8")

    # 4. Check the work.
    validate = safelib("pack", "validate", str(pack))
    assert validate.returncode == 0, validate.stderr
    stale = json.loads(safelib("pack", "status", str(pack), "--json").stdout)["guides"][0]
    assert stale["untranslated"] == [] and stale["stale"]

    # 5. Mark it current: only that guide; the others still hold source text.
    marked = safelib("pack", "mark-current", str(pack))
    assert marked.returncode == 0, marked.stderr
    assert f"marked   {guide}: {'0' * 16} → {revision}" in marked.stdout
    assert (pack / "guides" / f"{guide}.md").read_text("utf-8") == TRANSLATED.format(guide=guide, revision=revision)
    after = json.loads(safelib("pack", "status", str(pack), "--json").stdout)
    assert after["done"] == 1 and after["percent"] == 100 // after["total"] and after["manifest"] == []

    # 6. Preview in the real program.
    stick = tmp_path / "stick"
    listed = safelib("--packs", str(work), "list", "--lang", "kmr-x-test", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == after["total"]

    # 7. Build, sign with a fresh key, and trust that key on a stick's portable folder.
    built = stick / "safelib-data" / "packs" / "guides-kmr-x-test.safelibpack"
    built.parent.mkdir(parents=True)
    incomplete = safelib("pack", "build", str(pack), "-o", str(built))
    assert incomplete.returncode == 1 and "--allow-incomplete" in incomplete.stderr and not built.exists()
    assert safelib("pack", "build", str(pack), "-o", str(built), "--allow-incomplete").returncode == 0
    assert safelib("keys", "new", "test-translators", "--dir", str(tmp_path)).returncode == 0
    key = str(tmp_path / "test-translators.key")
    signed = safelib("pack", "sign", str(built), "--key", key, "--allow-incomplete")
    assert signed.returncode == 0, signed.stderr
    portable = stick / "safelib-data"
    (portable / "keys").mkdir()
    (portable / "keys" / "test-translators.pub").write_bytes((tmp_path / "test-translators.pub").read_bytes())

    on_stick = safelib("--portable", str(portable), "--packs", str(built), "list", "--json")
    assert on_stick.returncode == 0, on_stick.stderr
    titles = {g["title"] for g in json.loads(on_stick.stdout) if g["pack"] == "guides-kmr-x-test"}
    assert len(titles) == after["total"] and "Parastina telefonê li xalên kontrolê (test)" in titles

    verify = safelib("--portable", str(portable), "pack", "verify", str(built))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.strip().startswith(f"{built}: verified (signed by test-translators, key ")


def test_pack_changes_lists_what_each_version_corrected(tmp_path: Path) -> None:
    manifest = MANIFEST.format(id="changed", lang="en") + (
        '\n[[changes]]\nversion = "2"\ndate = 2026-12-07\nsummary = "Safer arrest advice."\ncorrected = ["hello"]\n'
    )
    folder = write_pack(tmp_path / "packs", "changed", manifest=manifest)
    done = safelib("pack", "changes", str(folder))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["2 (2026-12-07): Safer arrest advice.", "  corrected: Hello (hello)"]
    listed = json.loads(safelib("pack", "changes", str(folder), "--json").stdout)
    assert listed == [
        {
            "version": "2",
            "date": "2026-12-07",
            "summary": "Safer arrest advice.",
            "added": [],
            "corrected": ["hello"],
            "withdrawn": [],
        }
    ]
