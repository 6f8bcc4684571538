"""Under strace, a whole session, and one ended by `kill -9`, writes only to the portable folder and opens no network socket."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safelib.core.settings import SETTINGS_FILE
from safelib.ui.bootstrap import SCRATCH_PREFIX
from tests.hardening.process import host_env, leftovers, safelib_command
from tests.hardening.strace import outside, parse, strace_command

pytestmark = pytest.mark.slow
SESSIONS = (("search", "PEP", "--json"), ("show", "pep-72-hours", "--lang", "ar"), ("gui", "--smoke"))


@pytest.fixture(params=["source", "frozen"])
def program(request: pytest.FixtureRequest) -> list[str]:
    """The program as run from source, or the frozen one-folder bundle."""
    if request.param == "source":
        return safelib_command()
    bundle: Path = request.getfixturevalue("bundle")
    return [str(bundle / "safelib")]


def remembering_stick(root: Path) -> Path:
    """A portable folder whose settings say "remember": the session then really writes there."""
    data = root / "stick" / "safelib-data"
    data.mkdir(parents=True)
    (data / SETTINGS_FILE).write_text(json.dumps({"remember": True}), "utf-8")
    return data


def scratch_folders(traced_writes: list[tuple[str, str]]) -> set[str]:
    return {path for name, path in traced_writes if name == "mkdir" and path.startswith(f"/dev/shm/{SCRATCH_PREFIX}")}


def test_a_whole_session_writes_only_to_the_stick(program: list[str], tmp_path: Path) -> None:
    data = remembering_stick(tmp_path)
    env = host_env(tmp_path / "host")
    seen: set[str] = set()
    for number, args in enumerate(SESSIONS):
        log = tmp_path / f"trace-{number}" / "log"
        log.parent.mkdir()
        done = subprocess.run(
            strace_command(log, [*program, "--portable", str(data), *args]), env=env, cwd=tmp_path / "host" / "home",
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        traced = parse(log, done.returncode)
        assert outside(traced, [data]) == [], args
        seen.update(path for _name, path in traced.writes)
        assert traced.sockets == [], args
        for folder in scratch_folders(traced.writes):
            assert not Path(folder).exists(), "the RAM folder was not removed"
    assert json.loads((data / SETTINGS_FILE).read_text("utf-8"))["first_run_done"] is True
    assert str((data / SETTINGS_FILE).resolve()) in seen  # the trace does see writes: the one allowed place
    assert leftovers(tmp_path / "host") == []


def _program_pid(tracer: subprocess.Popen[bytes]) -> int | None:
    children = Path(f"/proc/{tracer.pid}/task/{tracer.pid}/children")
    found = children.read_text().split() if children.exists() else []
    return int(found[0]) if found else None


def test_kill_9_leaves_nothing_outside_the_stick(program: list[str], tmp_path: Path) -> None:
    """Killed while the window is open: only the RAM folder stays, and the next start removes it."""
    data = remembering_stick(tmp_path)
    settings = data / SETTINGS_FILE
    before = settings.read_text("utf-8")
    env = host_env(tmp_path / "host")
    log = tmp_path / "trace" / "log"
    log.parent.mkdir()
    tracer = subprocess.Popen(
        strace_command(log, [*program, "--portable", str(data), "gui"]), env=env, cwd=tmp_path / "host" / "home"
    )
    deadline = time.monotonic() + 120
    while settings.read_text("utf-8") == before and time.monotonic() < deadline and tracer.poll() is None:
        time.sleep(0.1)  # the window saves "first run done" once it is up
    pid = _program_pid(tracer)
    assert pid is not None and settings.read_text("utf-8") != before, "the window never came up"
    time.sleep(random.uniform(0, 1))  # somewhere during indexing or idle
    os.kill(pid, signal.SIGKILL)
    tracer.wait(timeout=60)
    traced = parse(log, tracer.returncode)
    assert outside(traced, [data]) == []
    assert traced.sockets == []
    assert json.loads(settings.read_text("utf-8"))["remember"] is True
    stale = scratch_folders(traced.writes)
    again = subprocess.run([*program, "--portable", str(data), "gui", "--smoke"], env=env, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert not [folder for folder in stale if Path(folder).exists()], "the next start did not remove the killed run's RAM folder"
    assert leftovers(tmp_path / "host") == []


WRITER = """
import sys
from pathlib import Path
from safelib.core.settings import Settings
settings = Settings(Path(sys.argv[1]), {"remember": True})
settings.save()
size = 8
print("ready", flush=True)
while True:
    size = 8 + (size - 7) % 32
    settings.set("font_size", size)
"""


def test_settings_are_old_or_new_whatever_moment_kill_9_strikes(tmp_path: Path) -> None:
    """A child saves settings in a loop and is killed at random moments: the file always parses, whole."""
    data = tmp_path / "safelib-data"
    data.mkdir()
    env = host_env(tmp_path / "host")
    for _round in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(data)], env=env, stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(random.uniform(0.0, 0.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        saved = json.loads((data / SETTINGS_FILE).read_text("utf-8"))
        assert saved["remember"] is True and 8 <= saved["font_size"] <= 40
    assert leftovers(tmp_path / "host") == []
