"""The process as a whole: no core dumps of what was read, and an exit status that tells the truth."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = """
import resource, sys
from safelib.cli import main
sys.argv = ["safelib", "--version"]
try:
    main.main()
finally:
    print(resource.getrlimit(resource.RLIMIT_CORE))
    import ctypes
    print("dumpable", ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_CORE and prctl are Linux calls")
def test_the_program_turns_core_dumps_off_before_anything_else() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO / "src")}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "(0, 0)" in done.stdout and "dumpable 0" in done.stdout, done.stdout


SMOKE_WITH_A_BUSY_WORKER = """
import safelib.ui.app as app
import safelib.ui.workers as workers
workers.SearchThread.stop = lambda self, wait_ms=0: False  # an index build that will not stop in time
app.SMOKE_QUERY = "zzqxjvwk"  # finds nothing: the smoke test fails
from safelib.cli.main import main
raise SystemExit(main(["gui", "--smoke"]))
"""


def test_a_failed_smoke_test_exits_1_even_when_the_worker_is_abandoned() -> None:
    env = {
        "PYTHONPATH": str(REPO / "src"),
        "QT_QPA_PLATFORM": "offscreen",
        "SAFELIB_PACKS": "",
        "HOME": str(REPO / "nonexistent"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SMOKE_WITH_A_BUSY_WORKER], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )
    assert '"ok": false' in done.stdout, done.stdout + done.stderr[-2000:]
    assert done.returncode == 1
