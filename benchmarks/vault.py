"""Vault section: unlock time (right and wrong code), first search after unlock, and peak memory, beside the plain library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import CONTENT, REPO
from benchmarks.memory import peak_rss_mb
from benchmarks.stats import summary

CODE = "482915736048"
WRONG = "739104628351"


def _make_vault(path: Path) -> None:
    from safelib.core.vault.container import Vault
    from safelib.core.vault.library import add_pack, pack_bytes

    items: dict[str, bytes] = {}
    for folder in sorted(p for p in CONTENT.iterdir() if (p / "pack.toml").exists()):
        add_pack(items, pack_bytes(folder), folder.name)
    Vault.create(path, CODE, items).lock()


def measure(scenario: str, path: Path) -> dict[str, Any]:
    """One fresh process: open the library (plain folders, or the vault with its code) and run a first search."""
    from safelib.core.library import Library
    from safelib.core.search.engine import SearchEngine
    from safelib.core.vault.container import Vault
    from safelib.core.vault.library import vault_library

    started = time.perf_counter()
    unlock_ms = 0.0
    if scenario == "vault":
        vault = Vault.unlock(path, CODE)
        assert vault is not None
        unlock_ms = (time.perf_counter() - started) * 1000
        library = vault_library(vault)
        vault.lock()
    else:
        library = Library.load([CONTENT])
    engine = SearchEngine(library, None)
    hits = engine.search("lawyer", limit=10).hits
    return {
        "unlock_ms": unlock_ms,
        "first_search_ms": (time.perf_counter() - started) * 1000,
        "hits": len(hits),
        "peak_mb": peak_rss_mb(),
    }


def _child(scenario: str, path: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]))
    command = [sys.executable, "-m", "benchmarks.vault", scenario, str(path)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"vault probe {scenario} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(root: Path, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Figures for the bundled library in a vault and as plain folders, each in fresh processes."""
    from safelib.core.vault.container import DEFAULT_COST, Vault

    root.mkdir(parents=True, exist_ok=True)
    path = root / "vault"
    _make_vault(path)
    right, wrong = [], []
    for _ in range(runs):
        started = time.perf_counter()
        assert Vault.unlock(path, CODE) is not None
        right.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert Vault.unlock(path, WRONG) is None
        wrong.append((time.perf_counter() - started) * 1000)
    probes = {scenario: [_child(scenario, path) for _ in range(runs)] for scenario in ("plain", "vault")}
    out: dict[str, Any] = {
        "kdf": {
            "memory_mib": DEFAULT_COST.memory_kib // 1024,
            "iterations": DEFAULT_COST.iterations,
            "lanes": DEFAULT_COST.lanes,
        },
        "vault_bytes": path.stat().st_size,
        "unlock_ms": summary(right),
        "wrong_code_ms": summary(wrong),
        "wrong_over_right": summary([w / r for w, r in zip(wrong, right, strict=True)]),
    }
    for scenario, reports in probes.items():
        out[scenario] = {key: summary([r[key] for r in reports]) for key in ("unlock_ms", "first_search_ms", "peak_mb")}
    log(
        f"vault: unlock {out['unlock_ms']['median']:.0f} ms, first search {out['vault']['first_search_ms']['median']:.0f} ms "
        f"(plain {out['plain']['first_search_ms']['median']:.0f} ms), peak {out['vault']['peak_mb']['median']:.0f} MiB "
        f"(plain {out['plain']['peak_mb']['median']:.0f} MiB)"
    )
    return out


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
