"""A crash of the program holding what was read must not leave a core dump on systems that keep them."""

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
