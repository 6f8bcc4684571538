"""The peer: the same guides, queries and top-k with snippets through SQLite FTS5 (Python's sqlite3)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from safelib.core.library import Library
from safelib.core.render import guide_text
from safelib.core.search.textnorm import WORD_PATTERN

_WORDS = re.compile(WORD_PATTERN)
# Column weights as safelib's schema boosts them: title ×3, summary ×2, body ×1 (pack and guide are not indexed).
_RANK = "bm25(guides, 0, 0, 3.0, 2.0, 1.0)"
# About safelib's 180-character snippet: 30 tokens.
_SNIPPET = "snippet(guides, 4, char(2), char(3), '…', 30)"


@dataclass(frozen=True)
class FtsHit:
    pack: str
    guide: str
    score: float
    text: str
    spans: tuple[tuple[int, int], ...]


def build(library: Library, path: Path) -> sqlite3.Connection:
    """An FTS5 table of every guide's title, summary and plain text (rendered the way safelib indexes it)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE guides USING fts5(pack UNINDEXED, guide UNINDEXED, title, summary, body,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    with db:
        db.executemany(
            "INSERT INTO guides VALUES (?, ?, ?, ?, ?)",
            (
                (pack.id, guide.id, guide.title, guide.summary, guide_text(guide))
                for pack in library.packs
                for guide in sorted(pack.guides.values(), key=lambda g: g.id)
            ),
        )
        db.execute("INSERT INTO guides(guides) VALUES ('optimize')")
    return db


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(text: str, prefix: bool, all_words: bool) -> str | None:
    """FTS5 syntax for what safelib does: every word (else any word), the last one as a prefix when typing."""
    words = _WORDS.findall(text)[:12]
    if not words:
        return None
    terms = [_quoted(w) for w in words]
    if prefix:
        terms[-1] += "*"
    return (" AND " if all_words else " OR ").join(terms)


def search(db: sqlite3.Connection, text: str, limit: int = 10, prefix: bool = False) -> list[FtsHit]:
    """Top `limit` guides with snippets; like safelib, falls back to any word when no guide has them all."""
    hits = _run(db, text, limit, prefix, all_words=True)
    if not hits and len(_WORDS.findall(text)) > 1:
        hits = _run(db, text, limit, prefix, all_words=False)
    return hits


def rank_any(db: sqlite3.Connection, text: str, packs: list[str], limit: int = 10) -> list[FtsHit]:
    """Plain BM25 over any word of `text`, in the given packs only: the relevance benchmark's peer."""
    return _run(db, text, limit, False, all_words=False, packs=packs)


def _run(
    db: sqlite3.Connection, text: str, limit: int, prefix: bool, all_words: bool, packs: list[str] | None = None
) -> list[FtsHit]:
    expression = match_expression(text, prefix, all_words)
    if expression is None:
        return []
    where = f" AND pack IN ({', '.join('?' * len(packs))})" if packs else ""
    rows = db.execute(
        f"SELECT pack, guide, {_RANK} AS rank, {_SNIPPET} FROM guides WHERE guides MATCH ?{where} ORDER BY rank LIMIT ?",
        (expression, *(packs or []), limit),
    ).fetchall()
    return [FtsHit(pack, guide, -rank, *_spans(snippet)) for pack, guide, rank, snippet in rows]


def _spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Turn snippet()'s markers into plain text plus spans, the shape safelib's Snippet has."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = 0
    for part in re.split("([\x02\x03])", marked):
        if part == "\x02":
            start = length
        elif part == "\x03":
            spans.append((start, length))
        else:
            out.append(part)
            length += len(part)
    return "".join(out), tuple(spans)
