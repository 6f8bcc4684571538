"""A vault's key derivation made cheap for tests: the format is the same, only Argon2id's cost differs."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from safelib.core.vault.container import KdfCost, Vault
from tests.conftest import REPO

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CODE = "482915736048"
OTHER = "739104628351"


def kill_during_saves(path: Path, saver: str, runs: int, seed: int, env: dict[str, str] | None = None) -> Vault:
    """Run `saver` (Python source that saves the vault at argv[1] over and over, printing each version saved) and
    kill -9 it at a random moment inside the next save, `runs` times; each time the vault opens with the last version
    saved or the one after it. The vault as the last run left it."""
    chance = random.Random(seed)
    for _ in range(runs):
        saver_process = subprocess.Popen(
            [sys.executable, "-c", saver, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={"PYTHONPATH": f"{REPO / 'src'}:{REPO}", **(env or {})},
        )
        assert saver_process.stdout is not None
        last = int(saver_process.stdout.readline())  # one save done
        time.sleep(chance.uniform(0, 0.08))  # a random moment inside the next save, not a wait for a result
        saver_process.kill()
        saver_process.wait()
        vault = Vault.unlock(path, CODE, CHEAP)
        assert vault is not None
        assert int(vault.items["version"]) in (last, last + 1)
    return vault
