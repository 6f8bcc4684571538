"""The real program as a subprocess: a whole session leaves nothing in HOME, TMPDIR or any XDG folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safelib.ui.bootstrap import SCRATCH_PREFIX

REPO = Path(__file__).resolve().parents[2]
FOLDERS = ("HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


def everything_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.slow
def test_smoke_session_writes_nothing_on_the_host(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "QT_", "DBUS_"))}
    for name in FOLDERS:
        folder = tmp_path / name.lower()
        folder.mkdir(mode=0o700)
        env[name] = str(folder)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO / "src")
    with subprocess.Popen(
        [sys.executable, "-m", "safelib", "gui", "--smoke"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as program:
        stdout, stderr = program.communicate(timeout=120)
    assert program.returncode == 0, stderr
    lines = stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["ok"] is True
    for key in ("startup_ms", "first_search_ms", "panic_ms"):
        assert isinstance(report[key], (int, float)) and report[key] >= 0
    for name in FOLDERS:
        assert everything_in(tmp_path / name.lower()) == [], name
    assert not [entry for entry in everything_in(tmp_path) if "/" not in entry and entry not in {n.lower() for n in FOLDERS}]
    if os.path.isdir("/dev/shm"):  # the RAM folder (`qt-<pid>-…`, this program's pid: other Qt programs may run) was removed
        assert [e for e in os.listdir("/dev/shm") if e.startswith(f"{SCRATCH_PREFIX}{program.pid}-")] == []


def test_bare_safelib_means_gui() -> None:
    from safelib.cli.main import default_to_gui

    assert default_to_gui([]) == ["gui"]
    assert default_to_gui(["--lang", "ckb"]) == ["gui", "--lang", "ckb"]
    assert default_to_gui(["--packs", "x", "--search", "hiv"]) == ["--packs", "x", "gui", "--search", "hiv"]
    assert default_to_gui(["--portable=x"]) == ["--portable=x", "gui"]
    assert default_to_gui(["list", "--json"]) == ["list", "--json"]
    assert default_to_gui(["--version"]) == ["--version"]


def test_bootstrap_points_every_cache_at_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from safelib.ui.bootstrap import NOWHERE, prepare_environment

    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)  # prepare_environment moves it; restore afterwards

    env: dict[str, str] = {"QT_QPA_PLATFORMTHEME": "gtk3", "XDG_CURRENT_DESKTOP": "GNOME"}
    ram = tmp_path / "shm"
    ram.mkdir()
    scratch = prepare_environment(None, environ=env, ram_root=ram)
    try:
        assert scratch.path.parent == ram and oct(scratch.path.stat().st_mode & 0o777) == "0o700"
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR"):
            assert env[name].startswith(str(scratch.path))
        assert env["DBUS_SESSION_BUS_ADDRESS"] == "disabled:"
        assert env["QT_DISABLE_SHADER_DISK_CACHE"] == "1" and env["MESA_SHADER_CACHE_DISABLE"] == "true"
        assert "QT_QPA_PLATFORMTHEME" not in env and "XDG_CURRENT_DESKTOP" not in env
    finally:
        scratch.remove()
    assert not scratch.path.exists()
    missing = prepare_environment(None, environ={}, ram_root=tmp_path / "no-shm")
    assert missing.path == NOWHERE and not missing.owned
    (tmp_path / "stick").mkdir()
    portable = prepare_environment(tmp_path / "stick", environ={}, ram_root=tmp_path / "no-shm")
    assert portable.path.parent == tmp_path / "stick" / "runtime"
    portable.remove()
    accessible: dict[str, str] = {}
    prepare_environment(None, accessibility=True, environ=accessible, ram_root=tmp_path / "no-shm")
    assert "DBUS_SESSION_BUS_ADDRESS" not in accessible


def test_the_ram_folder_has_a_neutral_name_and_a_killed_runs_folder_is_removed(tmp_path: Path) -> None:
    from safelib.ui.bootstrap import remove_stale_scratch, scratch_folder

    scratch = scratch_folder(None, tmp_path)
    try:
        assert scratch.owned and scratch.path.parent == tmp_path
        assert scratch.path.name.startswith(f"{SCRATCH_PREFIX}{os.getpid()}-") and "safelib" not in scratch.path.name
    finally:
        scratch.remove()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    killed = tmp_path / f"{SCRATCH_PREFIX}{dead.stdout.strip()}-abcd1234"
    (killed / "cache").mkdir(parents=True)
    other = tmp_path / f"{SCRATCH_PREFIX}{dead.stdout.strip()}-someone-elses"
    other.mkdir()
    remove_stale_scratch(tmp_path)
    assert not killed.exists() and other.exists()


@pytest.mark.slow
def test_smoke_on_a_vault_it_cannot_open_fails_at_once(tmp_path: Path) -> None:
    """Random bytes look like a vault; with no code the smoke run must say it failed, not wait at the calculator."""
    vault = tmp_path / "data.bin"
    vault.write_bytes(os.urandom(1 << 20))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "safelib", "--vault", str(vault), "gui", "--smoke"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"ok": False, "failed": ["vault opened"]}
