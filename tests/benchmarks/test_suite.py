"""The benchmark suite still runs end to end and writes every section (figures are checked for sanity, never timed)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from benchmarks.__main__ import QUICK_HEAVY, main
from benchmarks.panic_under_load import ORDINARY_NAME, SERIES


def _positive(figure: dict[str, Any]) -> None:
    assert figure["min"] <= figure["median"] <= figure["max"]
    assert figure["min"] > 0 and math.isfinite(figure["max"])


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, bundle: Path) -> dict[str, Any]:
    """A quick run over the bundle this test session built (never a stale dist/ left from an older build)."""
    out = tmp_path_factory.mktemp("bench") / "results.json"
    argv = ["--quick", "--guides", "8", "--queries", "6", "--runs", "1", "--build-runs", "1", "--memory-runs", "1"]
    argv += ["--panic-trials", "5", "--bundle", str(bundle)]
    assert main([*argv, "--out", str(out)]) == 0
    loaded: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return loaded


@pytest.mark.slow
def test_every_section_is_written(results: dict[str, Any]) -> None:
    assert {
        "meta",
        "relevance",
        "search",
        "startup",
        "panic",
        "panic_load",
        "signatures",
        "memory",
        "size",
        "vault",
        "budgets",
    } <= results.keys()
    assert results["meta"]["machine"]["cores"] >= 1
    assert set(results["search"]) == {"bundled", "generated (8 guides)"}


@pytest.mark.slow
def test_search_figures_are_sane(results: dict[str, Any]) -> None:
    for name, library in results["search"].items():
        assert library["guides"] > 0, name
        for figure in ("build_seconds", "index_bytes"):
            for engine in ("safelib", "fts5", "ratio"):
                _positive(library[figure][engine])
        for kind in ("full", "typing"):
            assert library[kind]["queries"] == 6
            for engine in ("safelib", "fts5"):
                _positive(library[kind][engine]["p50_ms"])
                _positive(library[kind][engine]["p95_ms"])
                assert library[kind][engine]["mean_hits"] > 0, (name, kind, engine)
            _positive(library[kind]["ratio"]["p50"])
            _positive(library[kind]["ratio"]["p95"])


@pytest.mark.slow
def test_memory_figures_are_sane(results: dict[str, Any]) -> None:
    assert set(results["memory"]["bundled"]) == set(results["memory"]["scenarios"])
    for name in ("bundled", "generated (8 guides)"):
        assert "open-cached" in results["memory"][name]
        for measured in results["memory"][name].values():
            _positive(measured["peak_mb"])
            assert measured["last"]["peak_mb"] >= measured["last"]["after_imports_mb"] > 0


@pytest.mark.slow
def test_startup_panic_and_signature_figures_are_sane(results: dict[str, Any]) -> None:
    for kind in ("cold", "warm"):
        source = results["startup"]["source"][kind]
        _positive(source["since_spawn_ms"])
        assert source["since_spawn_ms"]["median"] > source["startup_ms"]["median"]  # the interpreter starts first
    assert results["panic"]["trials"] == 5
    _positive(results["panic"]["p95_ms"])
    assert results["panic"]["p50_ms"]["median"] <= results["panic"]["p95_ms"]["median"]
    assert results["panic"]["during_save"]["trials"] == 5 and results["panic"]["during_save"]["p50_ms"] > 0
    assert results["signatures"]["packs"] == 4 and results["signatures"]["trust"] == ["verified"]
    _positive(results["signatures"]["verify_all_ms"])


@pytest.mark.slow
def test_panic_under_load_figures_are_sane(results: dict[str, Any]) -> None:
    section = results["panic_load"]
    assert set(section["guides"]) == {ORDINARY_NAME, *QUICK_HEAVY} and section["reps"] == 2
    for name, figures in section["guides"].items():
        assert figures["open_ms"] > 0, name
        for label in SERIES:
            for key in ("signal_ms", "observed_ms") if section["session"] != "offscreen" else ("signal_ms",):
                latency = figures[label][key]
                assert 0 < latency["p50"] <= latency["p95"] <= latency["max"], (name, label, key)


@pytest.mark.slow
def test_size_and_frozen_start_up_are_measured(results: dict[str, Any]) -> None:
    size = results["size"]
    assert "skipped" not in size and "skipped" not in results["startup"]["frozen"]
    assert size["files"] > 0 and size["compressed_bytes"]["zip"] < size["bytes"]


@pytest.mark.slow
def test_vault_figures_are_sane(results: dict[str, Any]) -> None:
    vault = results["vault"]
    assert vault["vault_bytes"] >= 32 * 2**20 and vault["kdf"]["memory_mib"] == 256
    for figure in ("unlock_ms", "duress_code_ms", "wrong_code_ms", "duress_over_right", "wrong_over_right"):
        _positive(vault[figure])
    assert vault["plain"]["unlock_ms"]["median"] == 0 < vault["vault"]["unlock_ms"]["median"]
    for scenario in ("plain", "vault"):
        _positive(vault[scenario]["first_search_ms"])
        _positive(vault[scenario]["peak_mb"])


@pytest.mark.slow
def test_budgets_are_listed(results: dict[str, Any]) -> None:
    assert len(results["budgets"]) >= 6
    assert all(isinstance(b["met"], bool) and b["value"] > 0 for b in results["budgets"])


def test_generated_library_is_deterministic(tmp_path: Path) -> None:
    from benchmarks.corpus import Vocabulary, generate

    vocabularies = {"en": Vocabulary(("the", "phone", "lock", "safe"), (40, 10, 5, 2)), "ar": Vocabulary(("في", "هاتف"), (9, 3))}
    first = generate(tmp_path / "a", vocabularies, 6, seed=3, words=50)
    second = generate(tmp_path / "b", vocabularies, 6, seed=3, words=50)
    for a, b in zip(first, second, strict=True):
        files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
        assert files == sorted(p.relative_to(b) for p in b.rglob("*.md"))
        assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert len(list((tmp_path / "a").rglob("*.md"))) == 6
