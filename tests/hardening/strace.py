"""Run a program under `strace -ff` and list what it wrote to the file system and which sockets it opened."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from safelib.ui.bootstrap import SCRATCH_PREFIX

# Every system call that can create, change or remove a name in the file system.
WRITING_CALLS = {
    "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2", "link", "linkat",
    "symlink", "symlinkat", "truncate", "chmod", "fchmodat", "chown", "fchownat", "lchown", "mknod", "mknodat",
    "setxattr", "lsetxattr",
}  # fmt: skip
OPENING_CALLS = {"open", "openat", "openat2", "creat"}
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
_CALL = re.compile(r"^(?P<name>\w+)\((?P<args>.*)\)\s+=\s+(?P<result>-?\d+|0x[0-9a-f]+)")
_PATH_ARG = re.compile(r'(?:(?:AT_FDCWD|-?\d+)<(?P<dir>[^>]*)>,\s*)?"(?P<path>(?:[^"\\]|\\.)*)"')
# Where the program may write: its RAM scratch folder, and the device files everyone writes.
ALWAYS_ALLOWED = (
    re.compile(rf"^/dev/shm/{SCRATCH_PREFIX}[^/]+(/|$)"),
    re.compile(r"^/dev/(null|tty|pts/)"),
    re.compile(r"^/proc/"),
)


@dataclass(frozen=True)
class Traced:
    """What one traced run did: files written (absolute paths, with the call) and sockets created."""

    writes: list[tuple[str, str]]
    sockets: list[str]
    returncode: int


def require_strace() -> str:
    """The strace executable, or skip the test saying why."""
    found = shutil.which("strace")
    if found is None:
        pytest.skip("strace is not installed (apt-get install strace); .ci/run installs it")
    probe = subprocess.run([found, "-f", "-o", "/dev/null", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (ptrace not permitted?): {probe.stderr.decode(errors='replace')[:200]}")
    return found


def strace_command(log_prefix: Path, command: list[str]) -> list[str]:
    """`command` under strace: every child followed, one log per process, file descriptors shown as paths."""
    return [require_strace(), "-ff", "-y", "-qq", "-s", "4096", "-e", "trace=%file,%network", "-o", str(log_prefix), *command]


def parse(log_prefix: Path, returncode: int) -> Traced:
    """Read every per-process log strace wrote next to `log_prefix`."""
    writes: list[tuple[str, str]] = []
    sockets: list[str] = []
    for log in sorted(log_prefix.parent.glob(log_prefix.name + ".*")):
        for line in log.read_text("utf-8", "replace").splitlines():
            call = _CALL.match(line)
            if call is None or call["result"].startswith("-"):
                continue  # failed calls change nothing
            name, args = call["name"], call["args"]
            if name == "socket":
                if not args.startswith(("AF_UNIX", "AF_LOCAL")):
                    sockets.append(line)
                continue
            if name in OPENING_CALLS and not WRITE_FLAGS.search(args):
                continue
            if name in OPENING_CALLS or name in WRITING_CALLS:
                for found in _PATH_ARG.finditer(args):
                    path = found["path"]
                    if not path.startswith("/") and found["dir"]:
                        path = f"{found['dir'].rstrip('/')}/{path}"
                    writes.append((name, path))
    return Traced(writes, sockets, returncode)


def outside(traced: Traced, allowed: list[Path]) -> list[tuple[str, str]]:
    """Writes to anywhere but the `allowed` folders and ALWAYS_ALLOWED."""
    roots = [str(folder.resolve()) for folder in allowed]
    return [
        (name, path)
        for name, path in traced.writes
        if not any(pattern.match(path) for pattern in ALWAYS_ALLOWED)
        and not any(path == root or path.startswith(root + "/") for root in roots)
    ]
