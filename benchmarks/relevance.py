"""Relevance: does search put the right guide first? The query set in benchmarks/relevance/, safelib beside FTS5."""

from __future__ import annotations

import re
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import fts5
from benchmarks.corpus import CONTENT, REPO
from safelib.core.library import Library, language_matches
from safelib.core.search.engine import SearchEngine

QUERIES = REPO / "benchmarks" / "relevance"
KINDS = ("keyword", "question", "dialect", "synonym", "typo", "keyboard", "loanword")
LANGUAGES = ("en", "ar", "ckb", "kmr")
_QUERY_KEYS = {"text", "kind", "relevant", "note"}
TOP = 10


class QuerySetError(ValueError):
    """A query file breaks the format in benchmarks/relevance/README.md."""


@dataclass(frozen=True)
class Judged:
    """One query of the set, with the guides that answer it."""

    language: str
    text: str
    kind: str
    relevant: frozenset[str]


def _query_lines(raw: str) -> list[int]:
    """The line number of each `[[queries]]` header, in order."""
    return [n for n, line in enumerate(raw.splitlines(), start=1) if re.match(r"\s*\[\[\s*queries\s*\]\]", line)]


def load_file(path: Path, guide_ids: dict[str, set[str]]) -> list[Judged]:
    """The queries of one language file, checked; errors name the file and the query's line."""
    raw = path.read_text("utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise QuerySetError(f"{path}: {error}") from error
    language = data.get("language")
    if language != path.stem or language not in guide_ids:
        raise QuerySetError(f"{path}:1: language must be the file's name and a bundled language, found {language!r}")
    queries = data.get("queries")
    if not isinstance(queries, list) or not queries:
        raise QuerySetError(f"{path}:1: no [[queries]]")
    lines = _query_lines(raw)
    seen: set[str] = set()
    found = []
    for i, entry in enumerate(queries):
        where = f"{path}:{lines[i] if i < len(lines) else 1}"
        unknown = set(entry) - _QUERY_KEYS
        if unknown:
            raise QuerySetError(f"{where}: unknown key(s) {sorted(unknown)}")
        text, kind, relevant = entry.get("text"), entry.get("kind"), entry.get("relevant")
        if not isinstance(text, str) or not text.strip():
            raise QuerySetError(f"{where}: text must be a non-empty string")
        if kind not in KINDS:
            raise QuerySetError(f"{where}: kind must be one of {', '.join(KINDS)}, found {kind!r}")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(r, str) for r in relevant):
            raise QuerySetError(f"{where}: relevant must be a non-empty list of guide ids")
        missing = [r for r in relevant if r not in guide_ids[language]]
        if missing:
            raise QuerySetError(f"{where}: no guide {', '.join(missing)} in the bundled {language} pack")
        if text in seen:
            raise QuerySetError(f"{where}: the query {text!r} appears twice")
        seen.add(text)
        found.append(Judged(language, text, kind, frozenset(relevant)))
    return found


def load(folder: Path, library: Library) -> list[Judged]:
    """Every query file in `folder` (whatever languages exist so far)."""
    guide_ids: dict[str, set[str]] = {}
    for pack in library.packs:
        guide_ids.setdefault(pack.manifest.language, set()).update(pack.guides)
    return [judged for path in sorted(folder.glob("*.toml")) for judged in load_file(path, guide_ids)]


def _rank(found: list[str], relevant: frozenset[str]) -> int | None:
    """1-based position of the first relevant guide, or None."""
    return next((i for i, guide in enumerate(found, start=1) if guide in relevant), None)


def _scores(ranks: list[tuple[int | None, bool]]) -> dict[str, float]:
    """success@1, success@3, MRR and zero-result share of (rank, found-nothing) pairs."""
    n = len(ranks) or 1
    return {
        "queries": len(ranks),
        "success_at_1": sum(1 for r, _z in ranks if r == 1) / n,
        "success_at_3": sum(1 for r, _z in ranks if r is not None and r <= 3) / n,
        "mrr": sum(1 / r for r, _z in ranks if r is not None) / n,
        "zero_results": sum(1 for _r, zero in ranks if zero) / n,
    }


def _groups(queries: list[Judged]) -> dict[str, list[int]]:
    """Query positions grouped: all, per language, per kind."""
    groups: dict[str, list[int]] = {"all": list(range(len(queries)))}
    for name in [f"language:{lang}" for lang in LANGUAGES] + [f"kind:{kind}" for kind in KINDS]:
        field, value = name.split(":")
        members = [i for i, judged in enumerate(queries) if getattr(judged, field) == value]
        if members:
            groups[name] = members
    return groups


def run(log: Callable[[str], None], folder: Path = QUERIES, content: Path = CONTENT) -> dict[str, Any]:
    """Every query through safelib and FTS5 over the bundled library; scores per language and kind."""
    library = Library.load([content])
    queries = load(folder, library)
    log(f"relevance: {len(queries)} queries")
    engine = SearchEngine(library)
    engine.prepare()
    packs_of = {lang: [p.id for p in library.packs if language_matches(p.manifest.language, lang)] for lang in LANGUAGES}
    results: dict[str, list[tuple[int | None, bool]]] = {"safelib": [], "fts5": []}
    misses: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = fts5.build(library, Path(tmp) / "fts.db")
        try:
            for judged in queries:
                ours = [h.guide.id for h in engine.search(judged.text, lang=judged.language, limit=TOP).hits]
                peer = [h.guide for h in fts5.rank_any(db, judged.text, packs_of.get(judged.language, []), TOP)]
                rank = _rank(ours, judged.relevant)
                results["safelib"].append((rank, not ours))
                results["fts5"].append((_rank(peer, judged.relevant), not peer))
                if rank != 1:
                    misses.append(
                        {"language": judged.language, "kind": judged.kind, "text": judged.text, "rank": rank, "top": ours[:3]}
                    )
        finally:
            db.close()
    engine.close()
    scores = {
        name: {engine_name: _scores([ranks[i] for i in members]) for engine_name, ranks in results.items()}
        for name, members in _groups(queries).items()
    }
    return {"queries": len(queries), "top": TOP, "scores": scores, "misses": misses}


def table(section: dict[str, Any]) -> list[str]:
    """Markdown: one row per group, safelib and FTS5 side by side."""
    lines = [
        "",
        f"Relevance: {section['queries']} queries (benchmarks/relevance/), top {section['top']}; "
        "each cell safelib / SQLite FTS5 BM25 (any word).",
        "",
        "| queries | n | success@1 | success@3 | MRR | zero results |",
        "|---|---|---|---|---|---|",
    ]
    for name, pair in section["scores"].items():
        ours, peer = pair["safelib"], pair["fts5"]
        cells = [f"{ours[key]:.2f} / {peer[key]:.2f}" for key in ("success_at_1", "success_at_3", "mrr", "zero_results")]
        lines.append(f"| {name} | {ours['queries']} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    """Print the relevance table and the queries whose right guide was not first."""
    section = run(lambda message: print(message, file=sys.stderr))
    print("\n".join(table(section)))
    if "--misses" in sys.argv:
        for miss in section["misses"]:
            print(miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
