"""Percentiles and median-with-range summaries: every figure is the median of several runs, with min/max."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(runs: Sequence[float]) -> dict[str, Any]:
    """Median of the runs with their min and max, and the runs themselves."""
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": list(runs)}


def ratio(numerators: Sequence[float], denominators: Sequence[float]) -> dict[str, Any]:
    """Per-run ratios (each pair measured in the same run), summarised like any other figure."""
    return summary([n / d if d else math.inf for n, d in zip(numerators, denominators, strict=True)])
