"""`python -m benchmarks`: run the suite, print a table and write the figures as JSON."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sqlite3
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import memory, panic, panic_under_load, relevance, search, signatures, size, startup, vault
from benchmarks.corpus import REPO
from benchmarks.report import budgets, table
from benchmarks.workspace import Workspace

SECTIONS = ("relevance", "search", "startup", "panic", "panic_load", "signatures", "memory", "size", "vault")
# --quick: the two guides that waited longest before pictures were decoded off the GUI thread.
QUICK_HEAVY = ["table cells", "pictures at the pixel limit"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small corpus, few queries and runs: for CI, well under a minute")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json", help="where to write the JSON")
    parser.add_argument("--guides", type=int, help="guides in the generated library (10,000; --quick: 200)")
    parser.add_argument("--queries", type=int, help="queries of each kind (200; --quick: 40)")
    parser.add_argument("--runs", type=int, help="timed runs over the queries (5; --quick: 2)")
    parser.add_argument("--build-runs", type=int, help="index builds of the bundled library (3; --quick: 1)")
    parser.add_argument("--memory-runs", type=int, help="fresh processes per memory figure, bundled library (3; --quick: 1)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated library and the queries")
    parser.add_argument("--bundle", type=Path, default=_default_bundle(), help="the frozen one-folder bundle (start-up, size)")
    parser.add_argument("--windows-bundle", type=Path, default=_default_windows_bundle(), help="the Windows bundle (size)")
    parser.add_argument("--panic-trials", type=int, help="panic key presses per run (200; --quick: 20)")
    parser.add_argument("--panic-load-reps", type=int, help="presses per heavy guide, way and moment (20; --quick: 2)")
    args = parser.parse_args(argv)
    defaults = {
        "guides": (10_000, 200),
        "queries": (200, 40),
        "runs": (5, 2),
        "build_runs": (3, 1),
        "memory_runs": (3, 1),
        "panic_trials": (200, 20),
        "panic_load_reps": (20, 2),
    }
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    return args


def _default_bundle() -> Path | None:
    """SAFELIB_BUNDLE, else dist/safelib when packaging/build.py made one."""
    given = os.environ.get("SAFELIB_BUNDLE")
    built = REPO / "dist" / "safelib"
    return Path(given) if given else built if built.is_dir() else None


def _default_windows_bundle() -> Path | None:
    """SAFELIB_WINDOWS_BUNDLE, else dist/windows/safelib when `make dist-windows` made one (measured for size only)."""
    given = os.environ.get("SAFELIB_WINDOWS_BUNDLE")
    built = REPO / "dist" / "windows" / "safelib"
    return Path(given) if given else built if built.is_dir() else None


def _proc_field(path: str, name: str) -> str:
    """A `name: value` line's value from a /proc file, or "" where there is none."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "")


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor()
    memory = _proc_field("/proc/meminfo", "MemTotal")
    memory_kb = int(memory.split()[0]) if memory else 0

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": version("Whoosh-Reloaded"),
        "pystemmer": version("PyStemmer"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sections = args.only or list(SECTIONS)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "meta": {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
            "quick": args.quick,
            "guides": args.guides,
            "queries": args.queries,
            "runs": args.runs,
            "build_runs": args.build_runs,
            "memory_runs": args.memory_runs,
            "seed": args.seed,
            "machine": machine(),
        }
    }
    workspace = Workspace(guides=args.guides, seed=args.seed)
    try:
        if "relevance" in sections:
            results["relevance"] = relevance.run(log)
        if "search" in sections:
            options = search.SearchOptions(queries=args.queries, runs=args.runs, build_runs=args.build_runs, seed=args.seed)
            results["search"] = search.run(workspace, options, log)
        if "startup" in sections:
            results["startup"] = startup.run(args.bundle, workspace.root, args.runs, log)
        if "panic" in sections:
            results["panic"] = panic.run(args.panic_trials, args.runs, log)
        if "panic_load" in sections:
            results["panic_load"] = panic_under_load.run(args.panic_load_reps, log, QUICK_HEAVY if args.quick else None)
        if "signatures" in sections:
            results["signatures"] = signatures.run(workspace.root / "signed", args.runs, log)
        if "memory" in sections:
            results["memory"] = memory.run(workspace, args.memory_runs, 1, log)
        if "size" in sections:
            results["size"] = size.run(args.bundle)
            if args.windows_bundle is not None:
                results["size_windows"] = size.run(args.windows_bundle)
        if "vault" in sections:
            results["vault"] = vault.run(workspace.root / "vault", args.runs, log)
    finally:
        workspace.close()
    results["budgets"] = budgets(results)
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(table(results))
    print(f"\nJSON written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
