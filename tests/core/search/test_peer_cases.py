"""KLPT's and AsoSoft's normalisation and stemming cases, run through our analysers (data in peer_cases.toml).

Each case records what our analysers do with it today — the word meets its expected form as the same index
term, through a query-time variant, only through the loose key, or stays apart (with why) — so a change to a
normaliser or stemmer that moves any case, for better or worse, fails here and is looked at on purpose.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from safelib.core.search.analysis import analyze, language_analyzer
from safelib.core.search.stemmers import query_variants
from safelib.core.search.textnorm import WORD_PATTERN, fold_loose, normalizer_for

CASES_FILE = Path(__file__).with_name("peer_cases.toml")
OUTCOMES = ("same", "variant", "loose", "apart")
_WORDS = re.compile(WORD_PATTERN)


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]
    return cases


def _terms(family: str, text: str) -> list[str]:
    return analyze(language_analyzer(family), text)


def _variants(family: str, word: str) -> set[str]:
    return set(query_variants(family)(normalizer_for(family)(word)))


def _word_by_word(family: str, text: str, other: str) -> bool:
    """Whether each word of `text` meets the word of `other` in its place, by index term or by loose key."""
    mine, theirs = _WORDS.findall(text), _WORDS.findall(other)
    return len(mine) == len(theirs) and all(
        _terms(family, a) == _terms(family, b) or fold_loose(a) == fold_loose(b) for a, b in zip(mine, theirs, strict=True)
    )


def outcome(family: str, text: str, expect: list[str]) -> str:
    """How `text` meets the first of `expect` it meets: as the same terms, a query variant, the loose key, or not."""
    terms = _terms(family, text)
    if any(terms == _terms(family, other) for other in expect):
        return "same"
    if len(terms) == 1:
        for other in expect:
            theirs = _terms(family, other)
            if len(theirs) == 1 and (theirs[0] in _variants(family, text) or terms[0] in _variants(family, other)):
                return "variant"
    if any(_word_by_word(family, text, other) for other in expect):
        return "loose"
    return "apart"


@pytest.mark.parametrize("case", _cases(), ids=lambda case: f"{case['lang']}-{case['word']}")
def test_peer_case_meets_as_recorded(case: dict[str, Any]) -> None:
    assert outcome(case["lang"], case["word"], case["expect"]) == case["outcome"]


def test_every_case_kept_apart_says_why() -> None:
    for case in _cases():
        assert case["outcome"] in OUTCOMES
        assert (case["outcome"] in ("same", "variant")) != bool(case.get("why")), case["word"]


def test_counts_match_docs_search_md() -> None:
    # docs/search.md's table of peer cases quotes these counts; change both together.
    counts = Counter((case["lang"], case["outcome"]) for case in _cases())
    assert counts == {
        ("ckb", "same"): 26,
        ("ckb", "variant"): 1,
        ("ckb", "loose"): 2,
        ("ckb", "apart"): 40,
        ("kmr", "same"): 6,
        ("kmr", "apart"): 25,
    }
