"""Run the real program as a child with a memory ceiling and a hang guard, in a home made of empty folders."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

# Address space, not resident memory: Qt and Python map far more than they touch.
ADDRESS_SPACE = 2 * 1024**3
HANG_SECONDS = 120
HOST_FOLDERS = ("HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


@dataclass
class Finished:
    """What a child did: exit status, output, and its peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mib: float
    seconds: float


def host_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment with HOME, TMPDIR and every XDG folder pointed at fresh empty folders under `root`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "QT_", "DBUS_", "SAFELIB_"))}
    for name in HOST_FOLDERS:
        folder = root / name.lower()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env[name] = str(folder)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=f"{REPO / 'src'}{os.pathsep}{REPO}", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def leftovers(root: Path) -> list[str]:
    """Everything the program left in the host folders `host_env` made."""
    return [str(path) for name in HOST_FOLDERS for path in (root / name.lower()).rglob("*")]


def safelib_command(*args: str) -> list[str]:
    """The program run from source, as `python -m safelib`."""
    return [sys.executable, "-m", "safelib", *args]


def run_limited(command: list[str], env: dict[str, str], cwd: Path, address_space: int = ADDRESS_SPACE) -> Finished:
    """Run `command` under RLIMIT_AS; kill it after HANG_SECONDS (a hang is a failure, never a timing)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd, preexec_fn=limit)
        deadline = started + HANG_SECONDS
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Finished(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,
            seconds,
        )
