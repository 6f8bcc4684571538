"""One search as a value: what the window's search box and the CLI's `search` ask the engine, filters included."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class SearchRequest:
    """The query, its filters (None: every language or category) and how many guides to return at most.

    `prefix` makes the last word also match as the start of a word: the window searches as the reader types.
    """

    text: str
    lang: str | None = None
    category: str | None = None
    limit: int = DEFAULT_LIMIT
    prefix: bool = False

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"a search returns at least one guide, not {self.limit}")
