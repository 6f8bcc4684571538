"""kill -9 while a vault is being saved leaves the old or the new library, never a broken vault."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safelib.core.vault.container import Vault
from tests.conftest import REPO
from tests.core.vault.conftest import CHEAP, CODE

pytestmark = pytest.mark.slow

SAVER = """
import os, sys
from pathlib import Path
from safelib.core.vault.container import Vault
from tests.core.vault.conftest import CHEAP, CODE
vault = Vault.unlock(Path(sys.argv[1]), CODE, CHEAP)
version = int(vault.items["version"])
while True:
    version += 1
    vault.items["version"] = str(version).encode()
    vault.items["body"] = os.urandom(3 * 1024 * 1024)
    vault.save()
    print(version, flush=True)
"""


def test_kill_9_at_many_moments_of_a_save_leaves_a_vault_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "data"
    Vault.create(path, CODE, {"version": b"0"}, CHEAP)
    chance = random.Random(7)
    for _ in range(12):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={"PYTHONPATH": f"{REPO / 'src'}:{REPO}"},
        )
        assert saver.stdout is not None
        last = int(saver.stdout.readline())
        time.sleep(chance.uniform(0, 0.08))  # a random moment inside the next save, not a wait for a result
        saver.kill()
        saver.wait()
        vault = Vault.unlock(path, CODE, CHEAP)
        assert vault is not None
        assert int(vault.items["version"]) in (last, last + 1)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "data"]
    vault.save()
    assert [p.name for p in tmp_path.iterdir()] == ["data"], f"a save removes what a killed save left: {leftovers}"
