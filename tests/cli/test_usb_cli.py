"""`safelib usb` as a trainer types it: clear one-line errors and exit codes, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from safelib.cli.main import main
from safelib.core.packs.keys import DEVELOPMENT_KEY_NAME, generate_key_pair
from tests.core.usb.test_kit import fake_bundle


def test_without_a_bundle_it_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("safelib.core.usb.bundles.program_root", lambda: tmp_path)
    assert main(["usb", "build", str(tmp_path / "stick")]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{tmp_path / 'dist' / 'safelib'}: error: no program to put on the stick: run `make dist` first, or pass --bundle DIR"
    )


def test_a_bad_disguise_is_refused_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "safelib"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "safelib").write_bytes(b"\x7fELF")
    assert main(["usb", "build", str(tmp_path / "stick"), "--bundle", str(bundle), "--disguise", "../evil"]) == 1
    assert "error: a disguise is a plain name" in capsys.readouterr().err
    assert not (tmp_path / "stick").exists()


def test_verify_of_a_folder_that_is_no_kit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["usb", "verify", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().err.strip()
        == f"{tmp_path}: error: not a USB kit: expected one *-portable.txt file at the top, found 0"
    )


@pytest.mark.parametrize("key_name", [DEVELOPMENT_KEY_NAME, "project"])
def test_a_development_kit_is_said_loudly_at_build_and_plainly_at_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key_name: str
) -> None:
    key = generate_key_pair(key_name, tmp_path)
    bundles = [str(fake_bundle(tmp_path / "dist", platform, key)) for platform in ("linux", "windows")]
    assert main(["usb", "build", str(tmp_path / "kit"), *(f"--bundle={bundle}" for bundle in bundles)]) == 0
    warned = "WARNING: THIS IS A DEVELOPMENT KIT, NOT A RELEASE" in capsys.readouterr().err
    assert main(["usb", "verify", str(tmp_path / "kit"), "--trust", str(key[1])]) == 0
    out = capsys.readouterr().out
    assert "Result: OK." in out
    development = key_name == DEVELOPMENT_KEY_NAME
    assert warned == ("Development kit: its programs trust safelib-development-build" in out) == development
    assert main(["usb", "verify", str(tmp_path / "kit"), "--trust", str(key[1]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["development"] is development


def test_a_vault_kit_then_its_own_code_for_each_copied_stick(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The trainer's flow of docs/usb-kit.md, "Vault sticks": build once, copy, re-key each stick with the card."""
    key = generate_key_pair("project", tmp_path)
    bundles = [f"--bundle={fake_bundle(tmp_path / 'dist', platform, key)}" for platform in ("linux", "windows")]
    kit, card = tmp_path / "KIT", tmp_path / "KIT.code-card.txt"
    assert main(["usb", "build", str(kit), *bundles, "--vault", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"code card: {card} (NOT on the stick" in out and "Calculator-data/data.bin holds the packs" in out
    assert main(["--vault", str(kit / "Calculator-data" / "data.bin"), "--code-file", str(card), "list", "--json"]) == 0
    assert {row["pack"] for row in json.loads(capsys.readouterr().out)} == {"guides-en"}

    stick = tmp_path / "stick-07"
    shutil.copytree(kit, stick)
    vault, own = str(stick / "Calculator-data" / "data.bin"), tmp_path / "stick-07.code.txt"
    assert main(["vault", "rekey", vault, "--code-file", str(card), "--new-code-file", str(own)]) == 0
    assert own.is_file() and f"wrote a new code to {own}" in capsys.readouterr().out
    assert main(["--vault", vault, "--code-file", str(card), "list"]) == 1
    assert capsys.readouterr().err == "safelib: could not open the vault\n"
    assert main(["--vault", vault, "--code-file", str(own), "list"]) == 0
    capsys.readouterr()
    assert main(["usb", "verify", str(stick), "--sums", str(kit / "SHA256SUMS"), "--trust", str(key[1])]) == 0
    assert "Vault: Calculator-data/data.bin, changed since the kit was built" in capsys.readouterr().out


def test_vault_options_without_vault_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = str(fake_bundle(tmp_path / "dist", "linux", generate_key_pair("project", tmp_path)))
    assert main(["usb", "build", str(tmp_path / "kit"), "--bundle", bundle, "--code-file", str(tmp_path / "code")]) == 1
    assert "error: --code-file, --duress-code-file and --decoy go with --vault" in capsys.readouterr().err
    assert main(["usb", "build", str(tmp_path / "kit"), "--bundle", bundle, "--vault", "--decoy", bundle]) == 1
    assert "a decoy library needs a duress code" in capsys.readouterr().err
    assert not (tmp_path / "kit").exists() and not (tmp_path / "code").exists()
