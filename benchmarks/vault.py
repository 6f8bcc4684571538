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
DURESS = "615029384756"
WRONG = "739104628351"


def _items(root: Path) -> dict[str, bytes]:
    from safelib.core.vault.library import add_pack, pack_bytes

    items: dict[str, bytes] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "pack.toml").exists()):
        add_pack(items, pack_bytes(folder), folder.name)
    return items


def _make_vault(path: Path) -> None:
    """The bundled library in a vault, with the bundled decoy behind a duress code."""
    from safelib.core.vault.container import Vault

    vault = Vault.create(path, CODE, _items(CONTENT))
    vault.set_duress(DURESS, _items(REPO / "decoy"))
    vault.lock()


def _timed_unlocks(path: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds per unlock with each code, interleaved so the machine's load falls on all three alike.

    The duress code erases the real library, so it is timed on a copy made fresh for every run.
    """
    from safelib.core.vault.container import Vault

    times: dict[str, list[float]] = {"real": [], "duress": [], "wrong": []}
    copy = path.with_name("vault-copy")
    for _ in range(runs):
        for name, code in (("real", CODE), ("duress", DURESS), ("wrong", WRONG)):
            target = path
            if name == "duress":
                copy.write_bytes(path.read_bytes())
                target = copy
            started = time.perf_counter()
            opened = Vault.unlock(target, code)
            times[name].append((time.perf_counter() - started) * 1000)
            assert (opened is None) == (name == "wrong")
    return times


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
    from safelib.core.vault.container import DEFAULT_COST

    root.mkdir(parents=True, exist_ok=True)
    path = root / "vault"
    _make_vault(path)
    times = _timed_unlocks(path, max(runs, 3))
    right, duress, wrong = times["real"], times["duress"], times["wrong"]
    probes = {scenario: [_child(scenario, path) for _ in range(runs)] for scenario in ("plain", "vault")}
    out: dict[str, Any] = {
        "kdf": {
            "memory_mib": DEFAULT_COST.memory_kib // 1024,
            "iterations": DEFAULT_COST.iterations,
            "lanes": DEFAULT_COST.lanes,
        },
        "vault_bytes": path.stat().st_size,
        "unlock_ms": summary(right),
        "duress_code_ms": summary(duress),
        "wrong_code_ms": summary(wrong),
        "duress_over_right": summary([d / r for d, r in zip(duress, right, strict=True)]),
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
