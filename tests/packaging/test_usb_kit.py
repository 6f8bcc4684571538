"""End-to-end: build a disguised USB kit from the real bundle, run the renamed program from it, verify it, tamper with it."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from safelib.core.usb.checksums import Scan, fat_problems, scan
from tests.cli.test_cli import safelib

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kit(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kit for Linux, disguised as Notes, with the English and Sorani packs."""
    root = tmp_path_factory.mktemp("stick") / "kit"
    done = safelib("usb", "build", str(root), "--bundle", str(bundle), "--disguise", "Notes", "--lang", "en,ckb")
    assert done.returncode == 0, done.stdout + done.stderr
    yield root


def build_key(bundle: Path) -> Path:
    """The key the bundle's packs were signed with: the release key, or the build's throw-away development key."""
    return next(p for p in sorted((bundle / "_internal" / "keys").glob("*.pub")) if p.name != "safelib-dev.pub")


def empty_host(tmp_path: Path) -> dict[str, str]:
    """An environment whose home, temp and XDG folders are fresh and empty, so any trace left is seen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SAFELIB_PACKS": ""}
    for name in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        (tmp_path / name).mkdir()
        env[name] = str(tmp_path / name)
    return env


def test_kit_can_go_on_a_fat_stick(kit: Path) -> None:
    found = scan(kit, "Notes-data")
    assert not found.links and fat_problems(kit, Scan(found.files)) == []
    assert not [p for p in kit.rglob("*") if p.is_symlink()]


def test_renamed_program_runs_from_the_kit_on_its_data_folder(kit: Path, tmp_path: Path) -> None:
    env = empty_host(tmp_path)
    program = kit / "linux" / "Notes"
    done = subprocess.run([str(program), "search", "PEP", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    # The bundle inside the kit carries no packs: results can only come from Notes-data/packs, found one folder up.
    assert results and results[0]["guide"] == "pep-72-hours"
    assert {hit["pack"] for hit in results} <= {"guides-en", "guides-ckb"}
    smoke = subprocess.run([str(program), "gui", "--smoke"], capture_output=True, text=True, env=env, timeout=180)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    report = json.loads(smoke.stdout.strip().splitlines()[-1])
    assert report["ok"] is True and report["title"] == "Notes"
    leftovers = [str(p) for name in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME") for p in Path(env[name]).rglob("*")]
    assert leftovers == [], "the program wrote to the host"


def test_verify_passes_then_fails_on_each_kind_of_tampering(kit: Path, bundle: Path) -> None:
    key = str(build_key(bundle))
    done = safelib("usb", "verify", str(kit), "--trust", key)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Result: OK." in done.stdout and "verified (signed by" in done.stdout

    pack = kit / "Notes-data" / "packs" / "guides-ckb.safelibpack"
    original = pack.read_bytes()
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0xFF
    pack.write_bytes(bytes(tampered))
    (kit / "linux" / "_internal" / "libextra.so").write_bytes(b"\x7fELF")
    library = next((kit / "linux" / "_internal").glob("libQt6Core.so*"))
    removed = library.read_bytes()
    library.unlink()
    try:
        failed = safelib("usb", "verify", str(kit), "--trust", key)
        assert failed.returncode == 1
        lines = failed.stdout.splitlines()
        assert "  changed  Notes-data/packs/guides-ckb.safelibpack" in lines
        assert "  added    linux/_internal/libextra.so" in lines
        assert f"  missing  linux/_internal/{library.name}" in lines
        assert any(line.startswith("  FAIL  Notes-data/packs/guides-ckb.safelibpack: ") for line in lines)
        assert "copy the kit again from a trusted source" in failed.stdout and "Traceback" not in failed.stderr
        as_json = json.loads(safelib("usb", "verify", str(kit), "--trust", key, "--json").stdout)
        assert as_json["ok"] is False and as_json["files"]["missing"] == [f"linux/_internal/{library.name}"]
    finally:
        pack.write_bytes(original)
        (kit / "linux" / "_internal" / "libextra.so").unlink()
        library.write_bytes(removed)
    assert safelib("usb", "verify", str(kit), "--trust", key).returncode == 0, "putting the files back makes it whole again"
