"""Memory section: peak RSS of a fresh process that loads a library, indexes it and searches it.

Run as `python -m benchmarks.memory SCENARIO INDEX_FOLDER QUERIES_JSON PACK_FOLDER...` it is the measured
process itself and prints its figures as JSON; `run` starts one such process per measurement.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import REPO
from benchmarks.queries import full_queries, typing_queries
from benchmarks.stats import summary
from benchmarks.workspace import Corpus, Workspace

SCENARIOS = {
    "build-cached": "first start: index built into the portable folder's cache",
    "open-cached": "later starts: cached index opened, then searched",
    "build-in-memory": "no portable folder: index built in memory, then searched",
}
BUDGET_MB = 200


def peak_rss_mb() -> float:
    """VmHWM (the process's peak resident set) in MiB; getrusage where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def measure(scenario: str, index: Path, queries: Path, packs: list[Path]) -> dict[str, Any]:
    """What one scenario does, in this process."""
    from safelib.core.library import Library
    from safelib.core.search.engine import SearchEngine
    from safelib.core.search.storage import IndexFolder

    baseline = peak_rss_mb()
    started = time.perf_counter()
    library = Library.load(packs)
    loaded = peak_rss_mb()
    cache = None if scenario == "build-in-memory" else IndexFolder(index, writable=True)
    engine = SearchEngine(library, cache)
    engine.prepare()
    prepared = peak_rss_mb()
    if scenario != "build-cached":
        for text, prefix in json.loads(queries.read_text("utf-8")):
            engine.search(text, limit=10, prefix=prefix)
    return {
        "scenario": scenario,
        "after_imports_mb": baseline,
        "after_load_mb": loaded,
        "after_prepare_mb": prepared,
        "peak_mb": peak_rss_mb(),
        "seconds": time.perf_counter() - started,
    }


def _child(scenario: str, index: Path, queries: Path, packs: list[Path]) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [sys.executable, "-m", "benchmarks.memory", scenario, str(index), str(queries), *map(str, packs)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"memory probe {scenario} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(workspace: Workspace, runs: int, big_runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Peak RSS per corpus and scenario, each measurement in a fresh process."""
    out: dict[str, Any] = {"budget_mb": BUDGET_MB, "scenarios": SCENARIOS}
    for corpus in workspace.corpora():
        if corpus.name == "bundled":
            out[corpus.name] = _corpus(workspace, corpus, runs, list(SCENARIOS), log)
        else:
            # Building 10,000 guides takes minutes: build once (or reuse the search section's index), then open it.
            index = workspace.root / f"index-{corpus.name.split()[0]}"
            scenarios = ["open-cached"] if index.is_dir() else ["build-cached", "open-cached"]
            out[corpus.name] = _corpus(workspace, corpus, big_runs, scenarios, log, index)
    return out


def _corpus(
    workspace: Workspace,
    corpus: Corpus,
    runs: int,
    scenarios: list[str],
    log: Callable[[str], None],
    index: Path | None = None,
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    queries = workspace.root / "memory-queries.json"
    chosen = full_queries(corpus.vocabularies, 50, 1) + typing_queries(corpus.vocabularies, 50, 1)
    queries.write_text(json.dumps([(q.text, q.prefix) for q in chosen]), "utf-8")
    index = index or workspace.root / f"memory-index-{corpus.name.split()[0]}"
    for scenario in scenarios:
        peaks, detail = [], []
        for _ in range(runs):
            if scenario != "open-cached":
                index = workspace.scratch(index.name)
            measured = _child(scenario, index, queries, corpus.folders)
            peaks.append(measured["peak_mb"])
            detail.append(measured)
        figures[scenario] = {"peak_mb": summary(peaks), "last": detail[-1]}
        log(f"{corpus.name}: {scenario}: peak RSS {figures[scenario]['peak_mb']['median']:.0f} MiB")
    return figures


def main(argv: list[str]) -> None:
    scenario, index, queries, *packs = argv
    print(json.dumps(measure(scenario, Path(index), Path(queries), [Path(p) for p in packs])))


if __name__ == "__main__":
    main(sys.argv[1:])
