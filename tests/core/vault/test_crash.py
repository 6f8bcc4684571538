"""kill -9 while a vault is being saved leaves the old or the new library, never a broken vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.vault.container import Vault
from tests.core.vault.conftest import CHEAP, CODE, kill_during_saves

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
    vault = kill_during_saves(path, SAVER, runs=12, seed=7)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "data"]
    vault.save()
    assert [p.name for p in tmp_path.iterdir()] == ["data"], f"a save removes what a killed save left: {leftovers}"
