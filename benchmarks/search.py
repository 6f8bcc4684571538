"""Search section: index build, index size and query latency, safelib against SQLite FTS5 on the same work."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import fts5
from benchmarks.queries import Query, full_queries, typing_queries
from benchmarks.stats import percentile, ratio, summary
from benchmarks.workspace import Corpus, Workspace, folder_bytes
from safelib.core.search.engine import SearchEngine
from safelib.core.search.storage import IndexFolder

TOP_K = 10


@dataclass(frozen=True)
class SearchOptions:
    queries: int = 200
    runs: int = 5
    build_runs: int = 3
    big_build_runs: int = 1
    seed: int = 7


def run(workspace: Workspace, options: SearchOptions, log: Callable[[str], None]) -> dict[str, Any]:
    """The search figures for the bundled library and the generated one."""
    return {corpus.name: _corpus(workspace, corpus, options, log) for corpus in workspace.corpora()}


def _corpus(workspace: Workspace, corpus: Corpus, options: SearchOptions, log: Callable[[str], None]) -> dict[str, Any]:
    library = corpus.load()
    guides = sum(len(pack.guides) for pack in library.packs)
    build_runs = options.build_runs if guides <= 2_000 else options.big_build_runs
    log(f"{corpus.name}: {guides:,} guides in {len(library.packs)} packs; building indexes ×{build_runs}")

    safelib_build, fts_build, safelib_size, fts_size = [], [], [], []
    engine: SearchEngine | None = None
    db = None
    for number in range(build_runs):
        if engine is not None:
            engine.close()
        folder = workspace.scratch(f"index-{_slug(corpus.name)}")
        gc.collect()
        started = time.perf_counter()
        engine = SearchEngine(library, IndexFolder(folder, writable=True))
        engine.prepare()
        safelib_build.append(time.perf_counter() - started)
        safelib_size.append(folder_bytes(folder))

        if db is not None:
            db.close()
        path = workspace.scratch(f"fts5-{_slug(corpus.name)}") / "guides.sqlite"
        gc.collect()
        started = time.perf_counter()
        db = fts5.build(library, path)
        fts_build.append(time.perf_counter() - started)
        fts_size.append(folder_bytes(path))
        log(f"  build {number + 1}: safelib {safelib_build[-1]:.2f} s, FTS5 {fts_build[-1]:.2f} s")
    assert engine is not None and db is not None

    result: dict[str, Any] = {
        "guides": guides,
        "packs": len(library.packs),
        "build_seconds": {
            "safelib": summary(safelib_build),
            "fts5": summary(fts_build),
            "ratio": ratio(safelib_build, fts_build),
        },
        "index_bytes": {"safelib": summary(safelib_size), "fts5": summary(fts_size), "ratio": ratio(safelib_size, fts_size)},
    }
    if corpus.generate_seconds is not None:
        result["generate_seconds"] = corpus.generate_seconds

    kinds = {
        "full": full_queries(corpus.vocabularies, options.queries, options.seed),
        "typing": typing_queries(corpus.vocabularies, options.queries, options.seed),
    }
    for kind, queries in kinds.items():
        result[kind] = _latency(engine, db, queries, options.runs)
        figures = result[kind]
        log(
            f"  {kind}: p95 safelib {figures['safelib']['p95_ms']['median']:.2f} ms,"
            f" FTS5 {figures['fts5']['p95_ms']['median']:.2f} ms, ratio {figures['ratio']['p95']['median']:.2f}"
        )
    engine.close()
    db.close()
    library.close()
    return result


def _latency(engine: SearchEngine, db: Any, queries: list[Query], runs: int) -> dict[str, Any]:
    """p50/p95 per run for both engines, run alternately so noise on the machine hits both alike."""

    def run_safelib(query: Query) -> int:
        return len(engine.search(query.text, limit=TOP_K, prefix=query.prefix).hits)

    def run_fts5(query: Query) -> int:
        return len(fts5.search(db, query.text, limit=TOP_K, prefix=query.prefix))

    engines = {"safelib": run_safelib, "fts5": run_fts5}
    hits = {name: [run(query) for query in queries] for name, run in engines.items()}  # warm-up, and hit counts
    p50: dict[str, list[float]] = {name: [] for name in engines}
    p95: dict[str, list[float]] = {name: [] for name in engines}
    for number in range(runs):
        order = list(engines) if number % 2 == 0 else list(reversed(engines))
        for name in order:
            timings = _time_each(engines[name], queries)
            p50[name].append(percentile(timings, 50))
            p95[name].append(percentile(timings, 95))
    out: dict[str, Any] = {"queries": len(queries), "runs": runs, "top_k": TOP_K}
    for name in engines:
        out[name] = {
            "p50_ms": summary(p50[name]),
            "p95_ms": summary(p95[name]),
            "mean_hits": sum(hits[name]) / len(queries),
            "no_hits": sum(1 for h in hits[name] if h == 0),
        }
    out["ratio"] = {"p50": ratio(p50["safelib"], p50["fts5"]), "p95": ratio(p95["safelib"], p95["fts5"])}
    out["examples"] = [q.text for q in queries[:5]]
    return out


def _time_each(search: Callable[[Query], int], queries: list[Query]) -> list[float]:
    timings = []
    gc.collect()
    for query in queries:
        started = time.perf_counter_ns()
        search(query)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return timings


def _slug(name: str) -> str:
    return name.split()[0]
