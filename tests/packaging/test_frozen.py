"""End-to-end: build the real one-folder bundle once, then run the frozen program as a reader would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(bundle: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    executable = bundle / ("safelib.exe" if os.name == "nt" else "safelib")
    return subprocess.run([str(executable), *args], capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)


def test_bundle_has_no_symlinks_for_fat_sticks(bundle: Path) -> None:
    assert not [p for p in bundle.rglob("*") if p.is_symlink()]


def test_frozen_version(bundle: Path) -> None:
    done = run(bundle, "--version")
    assert done.returncode == 0 and done.stdout.startswith("safelib ")


def test_frozen_search_uses_the_bundled_library(bundle: Path) -> None:
    done = run(bundle, "search", "PEP", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert results and results[0]["guide"] == "pep-72-hours"


def test_bundled_packs_are_signed_and_verified(bundle: Path) -> None:
    packs = sorted(str(p) for p in (bundle / "_internal" / "content").iterdir())
    done = run(bundle, "pack", "verify", *packs)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("verified") == 4


def test_bundled_index_is_used_not_rebuilt(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run(bundle, "--portable", str(data), "search", "checkpoint", "--json")
    assert done.returncode == 0, done.stderr
    assert not (data / "index").exists() or not any((data / "index").iterdir())


@pytest.mark.parametrize("screen", ["offscreen", "xvfb"])
def test_frozen_window_smoke(bundle: Path, tmp_path: Path, screen: str) -> None:
    """The real frozen window starts, searches, opens a guide, switches language and panics."""
    empty = {name: tmp_path / name for name in ("home", "tmp", "config", "cache", "data", "state")}
    for folder in empty.values():
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(empty["home"]),
        "TMPDIR": str(empty["tmp"]),
        "XDG_CONFIG_HOME": str(empty["config"]),
        "XDG_CACHE_HOME": str(empty["cache"]),
        "XDG_DATA_HOME": str(empty["data"]),
        "XDG_STATE_HOME": str(empty["state"]),
    }
    executable = str(bundle / "safelib")
    if screen == "xvfb":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            pytest.skip("xvfb-run is not installed (apt-get install xvfb xauth)")
        env.pop("QT_QPA_PLATFORM", None)
        command = [xvfb, "-a", "-s", "-screen 0 1280x800x24", executable, "gui", "--smoke"]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
        command = [executable, "gui", "--smoke"]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    assert timings["ok"] is True and timings["startup_ms"] > 0 and timings["panic_ms"] > 0
    leftovers = [str(p) for folder in empty.values() for p in folder.rglob("*")]
    assert leftovers == [], "the frozen program wrote to the host"
