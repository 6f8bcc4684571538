"""`safelib usb` as a trainer types it: clear one-line errors and exit codes, never a traceback."""

from __future__ import annotations

import json
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
