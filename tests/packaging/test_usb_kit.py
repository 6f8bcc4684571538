"""End-to-end from the real bundle: a disguised kit (run, verify, tamper) and a vault kit (the attacker's scan, run)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from safelib.core.usb.checksums import Scan, fat_problems, scan
from tests.cli.test_cli import safelib
from tests.packaging.revealing import Finding, scan_stick

pytestmark = pytest.mark.slow
VAULT_CODE, DURESS_CODE = "4829 1573 6048 2291", "6150 2938 4756 1108"


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


# What a vault kit made from the real Linux bundle still shows to an examiner, and why (docs/usb-kit.md, "What a
# vault stick does not hide"). Each is (file, word) as regular expressions; anything else the scan finds fails.
KNOWN_TO_SHOW = {
    (r"linux/Calculator", "safelib"): "the program's own code archive (PyInstaller) names its Python modules, safelib.core…",
    (r"linux/_internal/base_library\.zip", "PK\x03\x04"): "Python's standard library, stored as a zip",
    (r"linux/_internal/libbrotlicommon\.so\.1", "(homo)?sexual|lesbian"): "Brotli's built-in dictionary of English words",
    (r"linux/_internal/nh3/nh3\.abi3\.so", "queer"): "HTML entity names packed end to end ('…ltquest', 'rarr')",
}


def unexplained(findings: list[Finding]) -> list[Finding]:
    """The findings no entry of KNOWN_TO_SHOW explains."""
    return [
        finding
        for finding in findings
        if not any(re.fullmatch(path, finding.path) and re.fullmatch(word, finding.word) for path, word in KNOWN_TO_SHOW)
    ]


@pytest.fixture(scope="module")
def vault_kit(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A vault kit for Linux with a duress code, from the real bundle, with the code in code.txt beside it."""
    folder = tmp_path_factory.mktemp("vault-stick")
    (folder / "code.txt").write_text(VAULT_CODE, "utf-8")
    (folder / "duress.txt").write_text(DURESS_CODE, "utf-8")
    done = safelib(
        "usb", "build", str(folder / "kit"), "--bundle", str(bundle), "--vault", "--lang", "en,ckb",
        "--code-file", str(folder / "code.txt"), "--duress-code-file", str(folder / "duress.txt"),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    yield folder / "kit"


def test_a_vault_kit_of_the_real_bundle_shows_only_what_is_documented(vault_kit: Path) -> None:
    findings = scan_stick(vault_kit)
    assert unexplained(findings) == []
    assert sorted(p.name for p in vault_kit.iterdir()) == ["Calculator-data", "Calculator-portable.txt", "SHA256SUMS", "linux"]
    internal = {p.name for p in (vault_kit / "linux" / "_internal").iterdir()}
    assert not internal & {"content", "index", "keys", "translations", "everyday"}


def test_the_program_on_a_vault_stick_reads_its_vault_and_writes_nothing_to_the_host(vault_kit: Path, tmp_path: Path) -> None:
    env = empty_host(tmp_path)
    card = vault_kit.parent / "kit.code-card.txt"
    vault = vault_kit / "Calculator-data" / "data.bin"
    program = [str(vault_kit / "linux" / "Calculator"), "--vault", str(vault), "--code-file"]
    done = subprocess.run([*program, str(card), "search", "PEP", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert results and results[0]["guide"] == "pep-72-hours", "packs verified with the keys inside the vault"
    decoy = subprocess.run(
        [*program, str(vault_kit.parent / "duress.txt"), "list", "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert decoy.returncode == 0, decoy.stderr
    assert {row["pack"] for row in json.loads(decoy.stdout)} == {"everyday-en", "everyday-ckb"}
    leftovers = [str(p) for name in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME") for p in Path(env[name]).rglob("*")]
    assert leftovers == [], "the program wrote to the host"


def test_the_frozen_program_finds_its_bundled_decoy(bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "code.txt").write_text(VAULT_CODE, "utf-8")
    program = str(bundle / "safelib")
    env = empty_host(tmp_path)
    made = subprocess.run(
        [program, "vault", "create", str(tmp_path / "data.bin"), "--code-file", str(tmp_path / "code.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    duress = [
        program,
        "vault",
        "set-duress",
        str(tmp_path / "data.bin"),
        "--code-file",
        str(tmp_path / "code.txt"),
        "--duress-code-file",
        str(tmp_path / "duress.txt"),
    ]
    done = subprocess.run(duress, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0 and "the duress code opens 4 decoy packs" in done.stdout, done.stderr
