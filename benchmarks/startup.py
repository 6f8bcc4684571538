"""Start-up section: process start to the window shown with the library listed (`gui --smoke`), cold and warm.

"Cold" without root: before each cold run every file the program reads from (the source tree and the
venv's site-packages, or a fresh copy of the bundle) is written back and dropped from the page cache
with posix_fadvise(DONTNEED); the system's own libraries stay cached. Every run has an empty
home, temp and XDG folders, so Qt's and fontconfig's caches are cold in both kinds of run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import REPO
from benchmarks.stats import summary

TIMEOUT_SECONDS = 180
FIGURES = ("since_spawn_ms", "startup_ms", "first_search_ms")


def drop_from_cache(folder: Path) -> int:
    """Flush and evict every file under `folder` from the page cache (no root needed); returns the files touched."""
    if not hasattr(os, "posix_fadvise"):
        return 0
    touched = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fdatasync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            touched += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return touched


def smoke(command: list[str], env_extra: dict[str, str] | None = None) -> dict[str, Any]:
    """One `gui --smoke` run in empty home/temp/XDG folders, offscreen; its JSON line, with the wall time."""
    with tempfile.TemporaryDirectory(prefix="safelib-startup-") as scratch:
        env = {**os.environ, **(env_extra or {}), "QT_QPA_PLATFORM": "offscreen"}
        for name in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            env[name] = str(Path(scratch) / name.lower())
            Path(env[name]).mkdir()
        env["SAFELIB_SPAWNED_AT"] = repr(time.time())
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def _source_command() -> tuple[list[str], dict[str, str], list[Path]]:
    pythonpath = os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    folders = [REPO / "src", REPO / "content", REPO / "index", Path(sysconfig.get_paths()["purelib"])]
    return [sys.executable, "-m", "safelib", "gui", "--smoke"], {"PYTHONPATH": pythonpath}, folders


def _frozen_command(bundle: Path) -> list[str]:
    return [str(bundle / ("safelib.exe" if os.name == "nt" else "safelib")), "gui", "--smoke"]


def _summarise(reports: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {name: summary([r[name] for r in reports]) for name in FIGURES if all(r.get(name) for r in reports)}
    out["runs"] = len(reports)
    return out


def _cold_and_warm(
    cold_command: Callable[[int], list[str]], warm_command: list[str], env: dict[str, str], runs: int
) -> dict[str, Any]:
    """`runs` cold runs (`cold_command(n)` drops the caches first), one untimed warm-up, `runs` warm runs."""
    cold = [smoke(cold_command(number), env) for number in range(runs)]
    smoke(warm_command, env)
    warm = [smoke(warm_command, env) for _ in range(runs)]
    return {"cold": _summarise(cold), "warm": _summarise(warm)}


def _line(kind: str, figures: dict[str, Any]) -> str:
    cold, warm = (figures[k]["since_spawn_ms"]["median"] for k in ("cold", "warm"))
    return f"start-up, {kind}: cold {cold:.0f} ms, warm {warm:.0f} ms"


def run(bundle: Path | None, workspace_root: Path, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Cold and warm start-up of the source run and, when a bundle is given, of the frozen program."""
    command, env, folders = _source_command()

    def source_cold(_number: int) -> list[str]:
        for folder in folders:
            drop_from_cache(folder)
        return command

    out: dict[str, Any] = {"source": _cold_and_warm(source_cold, command, env, runs)}
    log(_line("source", out["source"]))
    if bundle is None:
        out["frozen"] = {"skipped": "no bundle: pass --bundle DIR or set SAFELIB_BUNDLE (packaging/build.py makes one)"}
        return out

    def frozen_cold(number: int) -> list[str]:
        copy = workspace_root / f"bundle-copy-{number}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(bundle, copy, symlinks=True)
        drop_from_cache(copy)
        return _frozen_command(copy)

    out["frozen"] = {"bundle": str(bundle), **_cold_and_warm(frozen_cold, _frozen_command(bundle), {}, runs)}
    log(_line("frozen", out["frozen"]))
    return out
