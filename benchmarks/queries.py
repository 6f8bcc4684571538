"""Benchmark queries drawn from the corpus vocabulary: whole queries, and prefixes as a typist produces them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.corpus import Vocabulary, WordSampler


@dataclass(frozen=True)
class Query:
    """What is typed, and whether its last word is still being typed (search-as-you-type)."""

    text: str
    prefix: bool


def _samplers(vocabularies: dict[str, Vocabulary], rng: random.Random) -> list[WordSampler]:
    samplers = []
    for lang in sorted(vocabularies):
        words, counts = vocabularies[lang].query_words()
        samplers.append(WordSampler(Vocabulary(tuple(words), tuple(counts)), rng))
    return samplers


def full_queries(vocabularies: dict[str, Vocabulary], count: int, seed: int) -> list[Query]:
    """`count` queries of 1-3 words of one language, drawn with corpus frequencies (stop words left out)."""
    rng = random.Random(f"{seed}-full")
    samplers = _samplers(vocabularies, rng)
    return [Query(" ".join(rng.choice(samplers).draw(rng.randint(1, 3))), False) for _ in range(count)]


def typing_queries(vocabularies: dict[str, Vocabulary], count: int, seed: int) -> list[Query]:
    """`count` search-as-you-type states: 0-1 finished words, then the last word's first 1-6 letters, letter by letter."""
    rng = random.Random(f"{seed}-typing")
    samplers = _samplers(vocabularies, rng)
    found: list[Query] = []
    while len(found) < count:
        words = rng.choice(samplers).draw(rng.randint(1, 2))
        head, last = " ".join(words[:-1]), words[-1]
        for letters in range(1, min(6, len(last)) + 1):
            found.append(Query(f"{head} {last[:letters]}".strip(), True))
    return found[:count]
