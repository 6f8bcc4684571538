"""The bundled library: complete, sourced, dated, linked and in the right script in every language."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable

import pytest

from safelib.core.library import Library
from safelib.core.markdown_work import page_weight
from safelib.core.packs.limits import DEFAULT_LIMITS
from safelib.core.packs.loader import LoadResult, load_pack
from safelib.core.packs.model import LIBRARY_CATEGORIES, Guide, Pack
from safelib.core.packs.revision import guide_revision
from safelib.core.render import render_guide
from tests.conftest import CONTENT

PACK_DIRS = sorted(p for p in CONTENT.iterdir() if (p / "pack.toml").exists())
LANGUAGES = {"en", "ar", "ckb", "kmr"}
_LINK = re.compile(r"\]\(guide:([a-z0-9-]+)")
_NUMBER = re.compile(r"\d{1,3}(?:[,.\u066c]\d{3})+(?!\d)|\d+")
_HEADING = re.compile(r"^(#{1,6}) ", re.MULTILINE)


@pytest.fixture(scope="module")
def results() -> dict[str, LoadResult]:
    loaded = {p.name: load_pack(p) for p in PACK_DIRS}
    yield loaded
    for result in loaded.values():
        if result.pack:
            result.pack.source.close()


def packs(results: dict[str, LoadResult]) -> list[Pack]:
    return [r.pack for r in results.values() if r.pack is not None]


def guides(results: dict[str, LoadResult]) -> list[Guide]:
    return [g for p in packs(results) for g in p.guides.values()]


def script_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return arabic / max(1, len(letters))


def test_one_pack_per_language(results: dict[str, LoadResult]) -> None:
    assert {p.manifest.language for p in packs(results)} == LANGUAGES


def test_every_pack_loads_without_problems(results: dict[str, LoadResult]) -> None:
    problems = [p.format() for r in results.values() for p in r.problems]
    assert problems == []


def test_enough_guides_in_every_language_and_category(results: dict[str, LoadResult]) -> None:
    for pack in packs(results):
        counts = Counter(g.category for g in pack.guides.values())
        assert len(pack.guides) >= 42, pack.id
        assert all(counts[c] >= 10 for c in LIBRARY_CATEGORIES), (pack.id, counts)
        assert set(counts) <= set(LIBRARY_CATEGORIES), (pack.id, counts)


def test_every_guide_has_sources_and_the_date_its_facts_were_checked(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        assert guide.sources, guide.path
        assert guide.checked is not None, f"{guide.path}: no 'checked' date"
        assert guide.updated <= guide.checked <= datetime.date.today(), guide.path
        assert "Last reviewed" not in guide.body, f"{guide.path}: the program prints the date; drop the closing line"


def numbers(body: str) -> Counter[str]:
    """The numbers written in digits, thousands separators dropped: 1,000, 1.000 (Kurmanji) and 1000 are one number."""
    return Counter(re.sub("[,.\u066c]", "", n) for n in _NUMBER.findall(body))


def headings(body: str) -> Counter[int]:
    """How many headings of each level."""
    return Counter(len(marks) for marks in _HEADING.findall(body))


def links(body: str) -> Counter[str]:
    """How many times each guide is linked."""
    return Counter(_LINK.findall(body))


@pytest.mark.parametrize("measure", [numbers, headings, links])
def test_translations_keep_the_sources_numbers_headings_and_links(results: dict[str, LoadResult], measure: Callable) -> None:
    english = next(p for p in packs(results) if p.manifest.language == "en")
    differences = []
    for guide in guides(results):
        if guide.language != "en":
            source, translated = measure(english.guides[guide.original_id].body), measure(guide.body)
            if source != translated:
                differences.append(f"{guide.path}: lacks {dict(source - translated)}, adds {dict(translated - source)}")
    assert differences == []


def test_digits_are_western_in_every_language(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        eastern = re.search("[\u0660-\u0669\u06f0-\u06f9]", guide.title + guide.summary + guide.body) is not None
        assert not eastern, f"{guide.path}: Arabic-Indic digits; write 0-9"


def test_every_guide_link_resolves_in_its_pack(results: dict[str, LoadResult]) -> None:
    for pack in packs(results):
        for guide in pack.guides.values():
            missing = set(_LINK.findall(guide.body)) - set(pack.guides)
            assert not missing, (guide.path, missing)


def test_every_translation_has_its_source_guide(results: dict[str, LoadResult]) -> None:
    english = next(p for p in packs(results) if p.manifest.language == "en")
    for pack in packs(results):
        if pack is english:
            continue
        assert pack.manifest.source_pack == english.id
        assert set(pack.guides) == set(english.guides), pack.id
        for guide in pack.guides.values():
            assert guide.translation_of in english.guides, guide.path
            source = english.guides[guide.original_id]
            assert guide.category == source.category, guide.path
            assert len(_LINK.findall(guide.body)) == len(_LINK.findall(source.body)), (
                f"{guide.path}: links differ from the source"
            )


def test_scripts_match_languages(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        share = script_share(guide.title + guide.summary + guide.body)
        if guide.language in ("ar", "ckb"):
            assert share > 0.8, f"{guide.path}: only {share:.0%} Arabic script"
        else:
            assert share < 0.01, f"{guide.path}: {share:.0%} Arabic script in a Latin-script guide"


def test_sorani_uses_kurdish_letters_and_arabic_uses_arabic_letters(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        text = guide.title + guide.summary + guide.body
        if guide.language == "ckb":
            assert not re.search("[كيى]", text), f"{guide.path}: Arabic ك/ي/ى in Sorani"
        if guide.language == "ar":
            assert not re.search("[کیۆێڵڕە]", text), f"{guide.path}: Kurdish letters in Arabic"


def test_titles_unique_within_each_pack(results: dict[str, LoadResult]) -> None:
    for pack in packs(results):
        titles = Counter(g.title.casefold() for g in pack.guides.values())
        assert max(titles.values()) == 1, [t for t, n in titles.items() if n > 1]


def test_english_guides_are_full_length(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        if guide.language == "en":
            assert 600 <= len(guide.body.split()) <= 1600, guide.path


def test_no_web_links_or_html(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        assert not re.search(r"\]\((?!guide:)", guide.body), guide.path
        assert not re.search(r"<[a-zA-Z/]", re.sub(r"`[^`]*`", "", guide.body)), guide.path


def test_library_offers_every_guide_in_four_languages() -> None:
    library = Library.load([CONTENT])
    english = library.guides(lang="en")
    for guide in english:
        assert set(library.translations(guide)) == LANGUAGES, guide.id
    library.close()


def test_every_translation_is_up_to_date_with_its_source(results: dict[str, LoadResult]) -> None:
    english = next(p for p in packs(results) if p.manifest.language == "en")
    for guide in guides(results):
        if guide.language != "en":
            assert guide.source_revision == guide_revision(english.guides[guide.original_id]), f"{guide.path} is stale"


def test_every_guide_weighs_at_most_half_of_what_a_page_may(results: dict[str, LoadResult]) -> None:
    """Room for longer translations under the page limit that keeps panic instant (the heaviest weighed 1,289)."""
    for pack in packs(results):
        for guide in pack.guides.values():
            weight = page_weight(render_guide(guide, pack).html)
            assert weight <= DEFAULT_LIMITS.max_page_weight // 2, f"{guide.path} weighs {weight:,}"
