"""A generated library, deterministic from a seed, whose words follow the bundled guides' vocabularies."""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from safelib.core.library import Library
from safelib.core.packs.model import CATEGORIES
from safelib.core.render import guide_text
from safelib.core.search.textnorm import WORD_PATTERN

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
LANGUAGES = ("en", "ar", "ckb", "kmr")
_WORDS = re.compile(WORD_PATTERN)

MANIFEST = """format = 1
id = "{id}"
title = "Generated benchmark pack {id}"
language = "{lang}"
version = "1"
publisher = "safelib benchmarks"
license = "CC0-1.0"
"""

GUIDE = """+++
title = "{title}"
category = "{category}"
summary = "{summary}"
updated = 2026-11-01
+++

{body}
"""


@dataclass(frozen=True)
class Vocabulary:
    """One language's words with their counts in the bundled guides, most frequent first."""

    words: tuple[str, ...]
    counts: tuple[int, ...]

    @classmethod
    def from_texts(cls, texts: list[str]) -> Vocabulary:
        counter = Counter(word for text in texts for word in _WORDS.findall(text))
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        return cls(tuple(w for w, _ in ranked), tuple(c for _, c in ranked))

    def sampler(self, rng: random.Random) -> WordSampler:
        return WordSampler(self, rng)

    def query_words(self, min_letters: int = 3, skip_most_common: int = 50) -> tuple[list[str], list[int]]:
        """Words a reader might type: no stop words (the most common), none shorter than `min_letters`."""
        pairs = [(w, c) for w, c in zip(self.words[skip_most_common:], self.counts[skip_most_common:], strict=True)]
        kept = [(w, c) for w, c in pairs if len(w) >= min_letters]
        return [w for w, _ in kept], [c for _, c in kept]


class WordSampler:
    """Draws words with the frequencies they have in the bundled guides (Zipf's law included)."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.words = vocabulary.words
        self.cumulative = list(accumulate(vocabulary.counts))
        self.rng = rng

    def draw(self, k: int) -> list[str]:
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, self.rng.random() * total)] for _ in range(k)]


def bundled_vocabularies(library: Library) -> dict[str, Vocabulary]:
    """Each bundled language's vocabulary, from the same plain text search indexes."""
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for pack in library.packs:
        lang = pack.manifest.language.split("-")[0]
        if lang in texts:
            texts[lang] += [f"{g.title} {g.summary} {guide_text(g)}" for g in pack.guides.values()]
    return {lang: Vocabulary.from_texts(found) for lang, found in texts.items() if found}


def _sentence(sampler: WordSampler, rng: random.Random, low: int, high: int) -> list[str]:
    return sampler.draw(rng.randint(low, high))


def _toml_string(words: list[str]) -> str:
    return " ".join(words).replace("\\", "").replace('"', "")


def make_guide(sampler: WordSampler, rng: random.Random, words: int) -> str:
    """One guide of about `words` words: title, summary, headings, paragraphs, a list, some bold."""
    title = _toml_string(_sentence(sampler, rng, 3, 7))
    summary = _toml_string(_sentence(sampler, rng, 15, 25))
    blocks: list[str] = []
    written = 0
    while written < words:
        kind = rng.random()
        if kind < 0.12:
            heading = _sentence(sampler, rng, 2, 5)
            blocks.append("## " + " ".join(heading))
            written += len(heading)
        elif kind < 0.30:
            items = [_sentence(sampler, rng, 4, 12) for _ in range(rng.randint(2, 5))]
            blocks.append("\n".join("- " + " ".join(item) + "." for item in items))
            written += sum(len(item) for item in items)
        else:
            sentences = [_sentence(sampler, rng, 6, 20) for _ in range(rng.randint(2, 6))]
            text = []
            for sentence in sentences:
                if rng.random() < 0.15:
                    sentence[0] = f"**{sentence[0]}**"
                text.append(" ".join(sentence) + ".")
            blocks.append(" ".join(text))
            written += sum(len(s) for s in sentences)
    category = CATEGORIES[rng.randrange(len(CATEGORIES))]
    return GUIDE.format(title=title, category=category, summary=summary, body="\n\n".join(blocks))


def generate(root: Path, vocabularies: dict[str, Vocabulary], guides: int, seed: int, words: int = 800) -> list[Path]:
    """Write `guides` guides as pack folders under `root`, one pack per language, the same bytes for the same seed."""
    langs = [lang for lang in LANGUAGES if lang in vocabularies]
    folders = []
    for number, lang in enumerate(langs):
        count = guides // len(langs) + (1 if number < guides % len(langs) else 0)
        rng = random.Random(f"{seed}-{lang}")
        sampler = vocabularies[lang].sampler(rng)
        pack_id = f"bench-{lang}"
        folder = root / pack_id
        (folder / "guides").mkdir(parents=True, exist_ok=True)
        (folder / "pack.toml").write_text(MANIFEST.format(id=pack_id, lang=lang), "utf-8")
        for i in range(count):
            (folder / "guides" / f"g{i:05d}.md").write_text(make_guide(sampler, rng, words), "utf-8")
        folders.append(folder)
    return folders
