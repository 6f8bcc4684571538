"""Where a query's words (or a phrase) are in a text, compared as search compares them: letter variants, diacritics, stems.

The reader marks the words a search matched and the words the find bar looks for with this, so a guide found by
typing "اللاجی" on a Persian keyboard also shows "اللاجئ" marked, and "ewlehi" marks "ewlehî".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safelib.core.languages import parse_language
from safelib.core.search.analysis import analyze, family_of, language_analyzer
from safelib.core.search.engine import MIN_BODY_PREFIX, Snippet
from safelib.core.search.function_words import is_function_word
from safelib.core.search.textnorm import WORD_PATTERN, fold_loose

_WORDS = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class WordMatcher:
    """The words to find, as the index keeps them: stems in the text's language and loosely folded forms.

    `prefix`, when set, is the loose form of a last word still being typed: any word starting with it matches.
    """

    family: str
    stems: frozenset[str]
    loose: frozenset[str]
    prefix: str = ""

    def matches(self, word: str) -> bool:
        """Whether one word of a text is one of these words."""
        loose = fold_loose(word)
        return bool(loose) and (
            loose in self.loose
            or bool(self.prefix and loose.startswith(self.prefix))
            or not self.stems.isdisjoint(analyze(language_analyzer(self.family), word))
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The character spans of every matching word of `text`, in order."""
        if not (self.stems or self.loose or self.prefix):
            return []
        return [word.span() for word in _WORDS.finditer(text) if self.matches(word.group())]


@dataclass(frozen=True)
class PhraseMatcher:
    """Words in a row, each matched as WordMatcher matches it: what the find bar looks for."""

    words: tuple[WordMatcher, ...]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The character spans of every run of words that matches the phrase, from its first word to its last."""
        size = len(self.words)
        tokens = [word for word in _WORDS.finditer(text) if fold_loose(word.group())]
        found: list[tuple[int, int]] = []
        start = 0
        while size and start + size <= len(tokens):
            if all(matcher.matches(tokens[start + k].group()) for k, matcher in enumerate(self.words)):
                found.append((tokens[start].start(), tokens[start + size - 1].end()))
                start += size
            else:
                start += 1
        return found


def _family(language: str) -> str:
    try:
        return family_of(parse_language(language).base)
    except ValueError:
        return "xx"


def word_matcher(query: str, language: str, prefix: bool = False, min_prefix: int = MIN_BODY_PREFIX) -> WordMatcher:
    """What to mark for `query` in a text in `language`; with `prefix`, the last word also matches as a beginning
    (from `min_prefix` letters). Function words ("the", "في") are left out unless the query has nothing else."""
    family = _family(language)
    words = [word for word in _WORDS.findall(query) if fold_loose(word)]
    strong = [word for word in words if not is_function_word(family, word)] or words
    last = fold_loose(words[-1]) if prefix and words and words[-1] in strong else ""
    analyzer = language_analyzer(family)
    return WordMatcher(
        family,
        frozenset(stem for word in strong for stem in analyze(analyzer, word)),
        frozenset(fold_loose(word) for word in strong),
        last if len(last) >= min_prefix else "",
    )


def phrase_matcher(phrase: str, language: str) -> PhraseMatcher:
    """What the find bar marks for `phrase`: its words in a row, the last one also as the start of a word."""
    family = _family(language)
    analyzer = language_analyzer(family)
    words = [word for word in _WORDS.findall(phrase) if fold_loose(word)]
    return PhraseMatcher(
        tuple(
            WordMatcher(
                family,
                frozenset(analyze(analyzer, word)),
                frozenset({fold_loose(word)}),
                fold_loose(word) if i == len(words) - 1 else "",
            )
            for i, word in enumerate(words)
        )
    )


def matched_words(query: str, snippet: Snippet) -> str:
    """The query and the words its snippet marked: search may have matched a respelling or a listed synonym."""
    return " ".join([query, *(snippet.text[start:end] for start, end in snippet.spans)])
