"""Ranking: any word counts, covering more of the query counts more, function words are weak, tags are searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from tests.conftest import write_pack

TAGGED = """+++
title = "{title}"
category = "security"
summary = "A guide."
tags = [{tags}]
updated = 2026-11-01
+++

{body}
"""


def guide(title: str, body: str, tags: str = "") -> str:
    return TAGGED.format(title=title, body=body, tags=tags)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("ranking")
    write_pack(
        root,
        "en-rank",
        "en",
        {
            "chatty": guide("Questions", "What can I do about it? I do not know what I can do about it, can I?"),
            "blackmail": guide("Threats", "Blackmail is a crime. Keep the messages."),
            "tagged": guide("Crossing safely", "Plan the trip.", '"checkpoint"'),
            "phones": guide("Phones", "Phone phone phone. Phones phones. Phone again, phone."),
            "both": guide("Travel", "A phone at a barrier: what a soldier may look at. " + "Road trip words. " * 20),
            "filler": guide("Filler", "The the the and and of of with with everything."),
        },
    )
    terms = 'format = 1\n[[terms]]\nwords = ["سيطرة", "نقطة تفتيش"]\n[[terms]]\nwords = ["بريب", "العلاج الوقائي"]\n'
    write_pack(
        root,
        "ar-rank",
        "ar",
        {
            "prevention": guide("الحماية", "الوقاية من الفيروس ممكنة. الوصمة مؤذية."),
            "checkpoints": guide("الهاتف", "عند نقاط التفتيش قد يفتشون الهاتف. نقطة تفتيش أخرى."),
            "prep": guide("دواء", "العلاج الوقائي قبل التعرض."),
        },
        extra={"search-terms.toml": terms.encode()},
    )
    write_pack(root, "kmr-rank", "kmr", {"phones": guide("Ewlehî", "Telefona te li bazgehan.")})
    return SearchEngine(Library.load([root]))


def top(engine: SearchEngine, text: str, lang: str) -> list[str]:
    return [hit.guide.id for hit in engine.search(text, lang=lang).hits]


def test_function_words_do_not_outrank_the_content_word(engine: SearchEngine) -> None:
    assert top(engine, "what can I do about blackmail", "en")[0] == "blackmail"


def test_a_guide_covering_more_of_the_query_ranks_first(engine: SearchEngine) -> None:
    # "phones" repeats one word; "both" has each word once among many others.
    assert top(engine, "phone soldier barrier", "en")[0] == "both"


def test_tags_are_searched(engine: SearchEngine) -> None:
    assert top(engine, "checkpoint", "en") == ["tagged"]


def test_a_query_of_function_words_alone_still_searches(engine: SearchEngine) -> None:
    assert "chatty" in top(engine, "what can I do", "en")


def test_arabic_word_with_initial_waw_finds_it_with_the_article(engine: SearchEngine) -> None:
    assert top(engine, "وقاية", "ar") == ["prevention"]
    assert top(engine, "وصمة", "ar") == ["prevention"]


def test_kurmanji_inflections_find_the_guide(engine: SearchEngine) -> None:
    assert top(engine, "telefonên bazgeh", "kmr") == ["phones"]
    assert top(engine, "telefon bazgehen", "kmr") == ["phones"]


def test_no_suggestion_that_is_a_function_word(engine: SearchEngine) -> None:
    assert engine.search("whta", lang="en").suggestion is None


def test_a_misspelt_word_finds_its_guide_and_no_suggestion_that_finds_nothing_more(engine: SearchEngine) -> None:
    results = engine.search("blackmial", lang="en")
    assert [hit.guide.id for hit in results.hits] == ["blackmail"]
    assert results.suggestion is None  # "blackmail" would find the same single guide


def test_search_terms_expand_within_the_pack(engine: SearchEngine) -> None:
    assert top(engine, "سيطرة", "ar") == ["checkpoints"]
    assert top(engine, "بالسيطرة", "ar") == ["checkpoints"]  # matched after stemming
    assert top(engine, "بريب", "ar") == ["prep"]
    assert top(engine, "العلاج الوقائي", "ar")[0] == "prep"
    assert top(engine, "سيطرة", "en") == []  # nothing crosses into another pack's language


def test_query_words_next_to_each_other_rank_above_the_same_words_apart(tmp_path: Path) -> None:
    filler = "we walk by the river at noon and talk of many things " * 3
    # The same words, as often, in guides of the same length: only their order differs; "Apart" sorts first by title.
    write_pack(
        tmp_path,
        "en-near",
        "en",
        {
            "apart": guide("Apart", f"safe {filler} house"),
            "together": guide("Together", f"safe house {filler}"),
        },
    )
    near = SearchEngine(Library.load([tmp_path]))
    assert top(near, "safe house", "en") == ["together", "apart"]
