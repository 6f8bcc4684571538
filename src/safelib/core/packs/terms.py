"""A pack's `search-terms.toml`: groups of words that mean the same to its readers, checked line by line."""

from __future__ import annotations

import re
from typing import Any

from safelib.core.packs.parse import _load_toml, decode_text
from safelib.core.problems import PackError, Problem
from safelib.core.search.stemmers import stemmer_for
from safelib.core.search.textnorm import WORD_PATTERN, fold_loose, normalizer_for, prepare

TERMS_FILE = "search-terms.toml"
MAX_TERMS_BYTES = 256 * 1024
MAX_GROUPS = 2_000
MAX_ENTRIES = 16
MAX_WORDS = 4
MAX_ENTRY_CHARS = 64
_WORDS = re.compile(WORD_PATTERN)
_HEADER = re.compile(r"\s*\[\[\s*terms\s*\]\]")

SearchTerms = tuple[tuple[str, ...], ...]


def entry_key(entry: str) -> tuple[str, ...]:
    """An entry's words after Unicode normalisation and case folding (the form duplicates are compared in).

    Spellings that differ by a letter (پاسۆرد, پاسوورد) stay distinct: a reader's query is matched
    against each spelling as typed.
    """
    return tuple(key for word in _WORDS.findall(entry) if fold_loose(word) and (key := prepare(word)))


def parse_search_terms(data: bytes, where: str) -> tuple[SearchTerms, list[Problem]]:
    """The groups of a `search-terms.toml`; on any error, no groups and every problem found."""
    try:
        text = decode_text(data, where)
        table = _load_toml(text, where, 1)
    except PackError as exc:
        return (), [exc.problem]
    problems: list[Problem] = []

    def error(message: str, line: int = 1) -> None:
        problems.append(Problem(where, message, line=line))

    if table.get("format") != 1:
        error(f"'format' must be 1, found {table.get('format')!r}")
    for name in sorted(set(table) - {"format", "terms"}):
        error(f"unknown key '{name}' (a search-terms file has 'format' and [[terms]] only)")
    groups = table.get("terms", [])
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        error("'terms' must be [[terms]] tables")
        return (), problems
    if len(groups) > MAX_GROUPS:
        error(f"{len(groups):,} groups; the limit is {MAX_GROUPS:,}")
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if _HEADER.match(line)]
    seen: dict[tuple[str, ...], int] = {}
    found = []
    for i, group in enumerate(groups):
        line = lines[i] if i < len(lines) else 1
        entries = _check_group(group, line, error)
        for entry in entries:
            key = entry_key(entry)
            if key in seen:
                error(f"'{entry}' is already in the group at line {seen[key]}: merge the groups", line)
            seen.setdefault(key, line)
        found.append(tuple(entries))
    if problems:
        return (), problems
    return tuple(found), problems


def _check_group(group: dict[str, Any], line: int, error: Any) -> list[str]:
    """The entries of one [[terms]] table, every breach reported at its line."""
    for name in sorted(set(group) - {"words", "note"}):
        error(f"unknown key '{name}' in [[terms]] (allowed: words, note)", line)
    if "note" in group and not isinstance(group["note"], str):
        error("'note' must be a string", line)
    words = group.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        error("'words' must be a list of strings", line)
        return []
    if not 2 <= len(words) <= MAX_ENTRIES:
        error(f"'words' has {len(words)} entries; a group needs 2 to {MAX_ENTRIES}", line)
    keys: set[tuple[str, ...]] = set()
    entries = []
    for entry in words:
        key = entry_key(entry)
        if not key:
            error(f"'{entry}' has no word in it", line)
        elif len(key) > MAX_WORDS or len(entry) > MAX_ENTRY_CHARS:
            error(f"'{entry}' is too long: at most {MAX_WORDS} words and {MAX_ENTRY_CHARS} characters", line)
        elif key in keys:
            error(f"'{entry}' appears twice in this group (after normalisation)", line)
        else:
            keys.add(key)
            entries.append(entry)
    return entries


def unmatched_groups(terms: SearchTerms, texts: list[str], language: str) -> list[tuple[str, ...]]:
    """Groups none of whose entries occurs (every word, normalised and stemmed for `language`) in `texts`."""
    normalize, stem = normalizer_for(language), stemmer_for(language)

    def words(text: str) -> set[str]:
        return {stem(normalize(word)) for word in _WORDS.findall(text)}

    present = set().union(*(words(text) for text in texts)) if texts else set()
    return [group for group in terms if not any(words(entry) <= present for entry in group)]
