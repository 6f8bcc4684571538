"""Whoosh analyzers built from the program's own normalisers; they pickle by language code only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, Token

from safelib.core.search.stemmers import stemmer_for
from safelib.core.search.textnorm import WORD_PATTERN, fold_loose, normalizer_for

# Analysis families: one set of fields each. Other languages use the generic "xx" family.
FAMILIES = ("en", "ar", "ckb", "kmr", "xx")


def family_of(base: str) -> str:
    """The analysis family for a language (`Language.base`); languages without their own rules share "xx"."""
    return base if base in FAMILIES else "xx"


class LanguageFilter(Filter):
    """Normalise and stem each token for one language, changing only token text so offsets stay true."""

    def __init__(self, family: str) -> None:
        self.family = family

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        normalize = normalizer_for(self.family)
        stem = stemmer_for(self.family)
        for token in tokens:
            text = stem(normalize(token.text))
            if text:
                token.text = text
                yield token


class LooseFilter(Filter):
    """Fold each token to the loose cross-keyboard key used for prefix, typo and variant matching."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = fold_loose(token.text)
            if text:
                token.text = text
                yield token


def tokenizer() -> RegexTokenizer:
    """Split text into words, keeping harakat, tatweel and ZWNJ inside Arabic-script words."""
    return RegexTokenizer(expression=WORD_PATTERN)


def language_analyzer(family: str) -> Analyzer:
    """The analyzer for one family's title, summary and body fields."""
    return tokenizer() | LanguageFilter(family)


def loose_analyzer() -> Analyzer:
    """The analyzer of the loosely folded fields shared by every language."""
    return tokenizer() | LooseFilter()


def analyze(analyzer: Any, text: str) -> list[str]:
    """The terms an analyzer makes of `text` (queries go through the same path as documents)."""
    return [token.text for token in analyzer(text, mode="query")]
