"""The printed table (Markdown, pasteable into the README) and the budget checks."""

from __future__ import annotations

from typing import Any

from benchmarks.panic_under_load import ORDINARY_NAME, SERIES
from benchmarks.relevance import table as relevance_table

# (what, library: "bundled" or "generated", limit, unit)
TYPING_BUDGET_MS = {"bundled": 16.0, "generated": 50.0}
FULL_RATIO_BUDGET = 3.0
RSS_BUDGET_MB = 200.0
STARTUP_BUDGET_MS = 1000.0
PANIC_BUDGET_MS = 5.0
PANIC_LOAD_BUDGET_MS = 100.0  # issue 15: while the heaviest allowed guide opens
BUNDLE_BUDGET_MB = 120.0


def _fmt(figure: dict[str, Any], digits: int = 2, scale: float = 1.0) -> str:
    median, low, high = (figure[k] * scale for k in ("median", "min", "max"))
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def _libraries(section: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, display name, figures) for each library in a section."""
    return [
        ("bundled" if name == "bundled" else "generated", name, figures)
        for name, figures in section.items()
        if isinstance(figures, dict) and name not in ("scenarios",)
    ]


def budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget of issue 7 this suite measures, with the median measured and whether it is met."""
    found: list[dict[str, Any]] = []
    for kind, name, figures in _libraries(results.get("search", {})):
        typing = figures["typing"]["safelib"]["p95_ms"]["median"]
        found.append(_budget(f"search-as-you-type p95, {name}", typing, TYPING_BUDGET_MS[kind], "ms"))
        full = figures["full"]["ratio"]["p95"]["median"]
        found.append(_budget(f"full-query p95 ÷ FTS5, {name}", full, FULL_RATIO_BUDGET, "×"))
    memory = results.get("memory", {})
    if "bundled" in memory:
        peak = max(s["peak_mb"]["median"] for s in memory["bundled"].values())
        found.append(_budget("peak RSS, bundled library (worst scenario)", peak, RSS_BUDGET_MB, "MiB"))
    frozen = results.get("startup", {}).get("frozen", {})
    if "warm" in frozen:
        warm = frozen["warm"]["since_spawn_ms"]["median"]
        found.append(_budget("start-up, frozen, warm (process start → window with library)", warm, STARTUP_BUDGET_MS, "ms"))
    if "panic" in results:
        found.append(_budget("panic p95 (key → hidden and wiped)", results["panic"]["p95_ms"]["median"], PANIC_BUDGET_MS, "ms"))
    if "panic_load" in results:
        worst = max(_worst_p95(figures) for name, figures in results["panic_load"]["guides"].items() if name != ORDINARY_NAME)
        found.append(_budget("panic p95 while the heaviest allowed guide opens (worst guide)", worst, PANIC_LOAD_BUDGET_MS, "ms"))
    for platform, key in (("Linux", "size"), ("Windows", "size_windows")):
        if "bytes" in results.get(key, {}):
            found.append(_budget(f"{platform} one-folder bundle, unpacked", results[key]["bytes"] / 1e6, BUNDLE_BUDGET_MB, "MB"))
    return found


def _worst_p95(figures: dict[str, Any]) -> float:
    """The highest p95 over the ways and moments of pressing panic, as an outside X client saw it (else the signal)."""
    series = [timing for timing in figures.values() if isinstance(timing, dict)]
    return max(float(timing.get("observed_ms", timing["signal_ms"])["p95"]) for timing in series)


def _panic_load(section: dict[str, Any] | None) -> list[str]:
    if not section:
        return []
    lines = [
        "",
        f"| panic while a guide opens ({section['session']}, {section['reps']} presses each; ms, key → window unmapped) "
        "| opens in | key at 0.1 s: p50 / p95 / max | Hide now at 0.1 s: p95 | key during the open: p95 / max "
        "| worst p95 ÷ ordinary |",
        "|---|---|---|---|---|---|",
    ]
    ordinary = _worst_p95(section["guides"][ORDINARY_NAME])
    for name, figures in section["guides"].items():
        key, button, during = (figures[label].get("observed_ms", figures[label]["signal_ms"]) for label in SERIES)
        lines.append(
            f"| {name} | {figures['open_ms']:.0f} | {key['p50']:.1f} / {key['p95']:.1f} / {key['max']:.1f} | {button['p95']:.1f} "
            f"| {during['p95']:.1f} / {during['max']:.1f} | {_worst_p95(figures) / ordinary:.1f} |"
        )
    return lines


def _budget(what: str, value: float, limit: float, unit: str) -> dict[str, Any]:
    return {"what": what, "value": value, "limit": limit, "unit": unit, "met": value <= limit}


def table(results: dict[str, Any]) -> str:
    """Markdown tables of every figure, medians with (min–max)."""
    lines: list[str] = []
    meta = results["meta"]
    m = meta["machine"]
    lines.append(
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; Python {m['python']}, "
        f"SQLite {m['sqlite']}, Whoosh-Reloaded {m['whoosh']}."
    )
    lines.append(
        f"Median of {meta['runs']} runs (min–max) of {meta['queries']} queries each, top 10 with snippets; "
        "ratio = safelib ÷ FTS5, per run."
    )
    if results.get("relevance"):
        lines += relevance_table(results["relevance"])
    search = results.get("search")
    if search:
        lines += ["", "| search | library | safelib | SQLite FTS5 | ratio |", "|---|---|---|---|---|"]
        for _kind, name, f in _libraries(search):
            lines.append(
                f"| index build (s) | {name} | {_fmt(f['build_seconds']['safelib'])} | "
                f"{_fmt(f['build_seconds']['fts5'])} | {_fmt(f['build_seconds']['ratio'], 1)} |"
            )
            mb = 1 / (1024 * 1024)
            lines.append(
                f"| index size (MiB) | {name} | {f['index_bytes']['safelib']['median'] * mb:.1f} | "
                f"{f['index_bytes']['fts5']['median'] * mb:.1f} | {f['index_bytes']['ratio']['median']:.1f} |"
            )
            for kind, label in (("full", "full query"), ("typing", "as-you-type")):
                g = f[kind]
                for p in ("p50", "p95"):
                    lines.append(
                        f"| {label} {p} (ms) | {name} | {_fmt(g['safelib'][f'{p}_ms'])} | "
                        f"{_fmt(g['fts5'][f'{p}_ms'])} | {_fmt(g['ratio'][p])} |"
                    )
    memory = results.get("memory")
    if memory:
        lines += ["", "| peak RSS (MiB) | library | median (min–max) |", "|---|---|---|"]
        for _kind, name, f in _libraries(memory):
            for scenario, g in f.items():
                lines.append(f"| {memory['scenarios'][scenario]} | {name} | {_fmt(g['peak_mb'], 0)} |")
    lines += _startup_panic_signatures(results)
    sizes = [
        (platform, results[key])
        for platform, key in (("Linux", "size"), ("Windows", "size_windows"))
        if "bytes" in results.get(key, {})
    ]
    if sizes:
        lines += ["", "| bundle | MB | files |", "|---|---|---|"]
        for platform, size in sizes:
            packed = size["compressed_bytes"]
            lines += [
                f"| {platform}, one folder, unpacked | {size['bytes'] / 1e6:.1f} | {size['files']:,} |",
                f"| {platform}, .zip (deflate) | {packed['zip'] / 1e6:.1f} | 1 |",
                f"| {platform}, .tar.gz | {packed['tar_gz'] / 1e6:.1f} | 1 |",
            ]
    lines += _panic_load(results.get("panic_load"))
    lines += _vault(results.get("vault"))
    if results.get("budgets"):
        lines += ["", "| budget | measured | limit | met |", "|---|---|---|---|"]
        for b in results["budgets"]:
            met = "yes" if b["met"] else "**no**"
            lines.append(f"| {b['what']} | {b['value']:.2f} {b['unit']} | {b['limit']:g} {b['unit']} | {met} |")
    return "\n".join(lines)


def _startup_panic_signatures(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    startup = results.get("startup")
    if startup:
        lines += ["", "| start-up (ms) | cold | warm | of which before `cli.main` (warm) |", "|---|---|---|---|"]
        for kind in ("source", "frozen"):
            f = startup.get(kind, {})
            if "warm" not in f:
                lines.append(f"| {kind} | not measured | {f.get('skipped', '')} | |")
                continue
            before = f["warm"]["since_spawn_ms"]["median"] - f["warm"]["startup_ms"]["median"]
            cold, warm = _fmt(f["cold"]["since_spawn_ms"], 0), _fmt(f["warm"]["since_spawn_ms"], 0)
            lines.append(f"| {kind} | {cold} | {warm} | {before:.0f} |")
    panic = results.get("panic")
    if panic:
        lines += [
            "",
            f"| panic, {panic['runs']} × {panic['trials']} key presses (ms) | p50 | p95 | worst |",
            "|---|---|---|---|",
            f"| Ctrl+Shift+H → every window hidden, content wiped | {_fmt(panic['p50_ms'], 3)} | {_fmt(panic['p95_ms'], 3)} "
            f"| {panic['max_ms']:.3f} |",
        ]
        for key, words in (("during_save", "arriving 5 ms into a vault settings save"), ("beside_save", "between those")):
            if key in panic:
                f = panic[key]
                lines.append(
                    f"| the same, a vault window, the key {words} (1 × {f['trials']}) "
                    f"| {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | {f['max_ms']:.1f} |"
                )
    signed = results.get("signatures")
    if signed:
        lines += [
            "",
            f"| signatures ({signed['packs']} bundled packs, {signed['files']} files, {signed['bytes'] / 1e6:.1f} MB) | ms |",
            "|---|---|",
            f"| verify every pack | {_fmt(signed['verify_all_ms'], 1)} |",
            f"| load the library, signatures checked | {_fmt(signed['load_with_keyring_ms'], 1)} |",
        ]
    return lines


def _vault(vault: dict[str, Any] | None) -> list[str]:
    if not vault:
        return []
    kdf = vault["kdf"]
    return [
        "",
        f"| vault ({vault['vault_bytes'] / 2**20:.0f} MiB; Argon2id {kdf['memory_mib']} MiB × {kdf['iterations']}, "
        f"{kdf['lanes']} lanes) | plain library | vault |",
        "|---|---|---|",
        f"| unlock, right code (ms) | – | {_fmt(vault['unlock_ms'], 0)} |",
        f"| unlock, duress code (ms); ÷ right | – | {_fmt(vault['duress_code_ms'], 0)}; {_fmt(vault['duress_over_right'])} |",
        f"| unlock, wrong code (ms); ÷ right | – | {_fmt(vault['wrong_code_ms'], 0)}; {_fmt(vault['wrong_over_right'])} |",
        f"| process start → first search done (ms) | {_fmt(vault['plain']['first_search_ms'], 0)} | "
        f"{_fmt(vault['vault']['first_search_ms'], 0)} |",
        f"| peak RSS (MiB) | {_fmt(vault['plain']['peak_mb'], 0)} | {_fmt(vault['vault']['peak_mb'], 0)} |",
    ]
