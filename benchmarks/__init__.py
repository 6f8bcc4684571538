"""safelib's benchmark suite: search against SQLite FTS5, and memory; run with `python -m benchmarks`."""
