"""Run the real program as a child with a memory ceiling and a hang guard, in a home made of empty folders."""

from __future__ import annotations

import os
import signal
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


# Sets the limit, runs the command as its own child and writes that child's peak RSS (KiB) to argv[2]. A
# direct child of the test would count the test process it was forked from (Linux keeps the larger
# high-water mark across exec); this small parent is all the child starts as.
_MEASURE = """
import os, resource, sys
limit, report, *command = sys.argv[1:]
resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
pid = os.fork()
if pid == 0:
    os.execvp(command[0], command)
_pid, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    handle.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_limited(command: list[str], env: dict[str, str], cwd: Path, address_space: int = ADDRESS_SPACE) -> Finished:
    """Run `command` under RLIMIT_AS and report its peak RSS; a hang past HANG_SECONDS fails (it is not a timing)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        started = time.monotonic()
        measured = [sys.executable, "-c", _MEASURE, str(address_space), str(report), *command]
        child = subprocess.Popen(
            measured, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True
        )
        try:
            out, err = child.communicate(timeout=HANG_SECONDS)
        except subprocess.TimeoutExpired as hung:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise AssertionError(f"{command} did not finish within {HANG_SECONDS} s") from hung
        peak = int(report.read_text()) / 1024 if report.exists() else 0.0
        return Finished(
            child.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), peak, time.monotonic() - started
        )
