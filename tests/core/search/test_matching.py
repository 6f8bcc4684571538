"""Marking a query's words in a text the way search matches them: letter variants, diacritics, stems, prefixes."""

from __future__ import annotations

import pytest

from safelib.core.search.engine import Snippet
from safelib.core.search.matching import matched_words, phrase_matcher, word_matcher


def marked(query: str, language: str, text: str, prefix: bool = False, min_prefix: int = 3) -> list[str]:
    return [text[start:end] for start, end in word_matcher(query, language, prefix, min_prefix).spans(text)]


@pytest.mark.parametrize("typed", ["اللاجئ", "اللاجىء", "اللَّاجِئ", "الـلاجئ", "اللاجی"])
def test_arabic_letter_variants_and_diacritics(typed: str) -> None:
    assert marked(typed, "ar", "من هو اللاجئ؟ قال اللَّاجِئ: لا.") == ["اللاجئ", "اللَّاجِئ"]


def test_sorani_typed_on_an_arabic_keyboard_and_with_suffixes() -> None:
    text = "پەنابەرەکان لە کوردستاندا ترسیان هەیە. پەنابەر"
    assert marked("پەنابەر", "ckb", text) == ["پەنابەرەکان", "پەنابەر"]
    assert marked("كوردستان", "ckb", text) == ["کوردستاندا"]


def test_kurmanji_without_diacritics_and_english_stems() -> None:
    assert marked("ewlehi", "kmr", "Ewlehî girîng e; ewlehiya te.") == ["Ewlehî", "ewlehiya"]
    assert marked("checkpoint", "en", "Checkpoints and a checkpoint, not a check.") == ["Checkpoints", "checkpoint"]


def test_function_words_are_not_marked_unless_they_are_all_there_is() -> None:
    assert marked("how to get pep", "en", "How to get PEP: take PEP to a clinic.") == ["PEP", "PEP"]
    assert marked("how", "en", "How to get PEP") == ["How"]


def test_a_last_word_still_being_typed_matches_as_a_beginning() -> None:
    assert marked("chec", "en", "checkpoints and a check", prefix=True) == ["checkpoints", "check"]
    assert marked("ch", "en", "checkpoints", prefix=True) == []
    assert marked("ch", "en", "checkpoints and ch", prefix=True, min_prefix=1) == ["checkpoints", "ch"]
    assert marked("chec", "en", "checkpoints", prefix=False) == []


def test_nothing_to_mark_for_an_empty_or_symbol_query() -> None:
    assert marked("", "en", "anything") == []
    assert marked("?! …", "ckb", "هەر شتێک") == []


def test_an_unknown_language_tag_still_marks_the_words() -> None:
    assert marked("phone", "zz-not-a-tag", "A phone.") == ["phone"]


def test_a_results_words_include_what_its_snippet_marked() -> None:
    snippet = Snippet("…take PEP within 72 hours", ((6, 9),))
    assert matched_words("پێپ", snippet) == "پێپ PEP"


def test_a_phrase_matches_its_words_in_a_row_each_as_search_would() -> None:
    text = 'The "window period": a window and a period. Windows periods.'
    assert [text[s:e] for s, e in phrase_matcher("window per", "en").spans(text)] == ["window period", "Windows periods"]
    sorani = "پشکنینەکان و پشکنین"
    assert [sorani[s:e] for s, e in phrase_matcher("پشكنين", "ckb").spans(sorani)] == ["پشکنینەکان", "پشکنین"]
    assert phrase_matcher("", "en").spans("anything") == []
