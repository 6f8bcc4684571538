"""The decoy library: complete in four languages, faithful to its English source, and revealing nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from safelib.core.packs.loader import LoadResult, load_pack
from safelib.core.packs.model import CATEGORIES, LIBRARY_CATEGORIES, Guide, Pack
from safelib.core.packs.revision import guide_revision
from tests.conftest import CONTENT, REPO
from tests.content.test_bundled_library import LANGUAGES, guides, headings, links, numbers, packs, script_share

DECOY = REPO / "decoy"
DECOY_DIRS = sorted(p for p in DECOY.iterdir() if (p / "pack.toml").exists())
DECOY_CATEGORIES = set(CATEGORIES) - set(LIBRARY_CATEGORIES)

# Words that would tell an onlooker what the real library is about. Stems match anywhere in a word
# (so "refugees" and «اللاجئين» are caught); the short or ambiguous words in _WORDS match only whole
# words, so that "transport", Kurmanji "bi" or Sorani «گەیشتن» are not mistaken for them.
# fmt: off
_STEMS = (
    # English
    "lgbt", "homosexu", "bisexu", "lesbian", "transgender", "transsexu", "queer", "intersex", "non-binary",
    "nonbinary", "asylum", "refugee", "unhcr", "resettle", "deport", "checkpoint", "condom", "syphilis", "gonorr",
    "encrypt", "safelib", "grindr", "blackmail", "militia", "interrogat", "smuggl", "human rights", "forced marriage",
    "coming out", "sexual", "same-sex", "homophob", "transphob", "persecut", "tortur", "traffick", "stalkerware",
    "surveillance",
    # Kurmanji
    "penaber", "îltîca", "lezbiyen", "homoseksu", "biseksu", "transseksu", "zayendî", "seks", "polîs", "kondom",
    "koçber", "binçav", "qaçaxç", "sînorder", "mafên mirovan", "zewaca bi zorê", "nebînerî", "ne-binary", "frengî",
    "şîfrekirin", "homofob", "transfob", "îşkence", "çewisandin",
    # Arabic
    "مثلي", "مجتمع الميم", "كوير", "متحول", "عابر جنسي", "عابرة جنسي", "جنسي", "جنسان", "الجندر", "النوع الاجتماعي",
    "لجوء", "لاجئ", "مفوضية", "توطين", "ترحيل", "مهرب", "تهريب", "تفتيش", "شرطة", "اعتقال", "معتقل", "احتجاز",
    "إلقاء القبض", "ميليشي", "ابتزاز", "تشفير", "مشفر", "الإيدز", "نقص المناعة", "واقي ذكري", "الواقي الذكري",
    "الزهري", "السيلان", "حقوق الإنسان", "مواعدة", "زواج قسري", "الزواج القسري", "إكراه", "سيطرة",
    "اضطهاد", "تعذيب", "شواذ",
    # Sorani
    "پەنابەر", "ئاوارە", "هاوڕەگەز", "ڕەگەزی", "سێکس", "ترانس", "کوییەر", "لێزبیەن", "پۆلیس", "بازگە", "خاڵی پشکنین",
    "دەستگیر", "زیندان", "ئاسایش", "میلیشیا", "بلاکمەیڵ", "کۆندۆم", "ئایدز", "کەمی بەرگری", "سیفلیس", "مافی مرۆڤ",
    "مافەکانی مرۆڤ", "کۆچبەر", "قاچاخچی", "دیپۆرت", "هاوسەرگیری زۆرەملێ", "ئەشکەنجە", "چەوساندنەوە",
)
_WORDS = (
    "gay", "gays", "trans", "sex", "sexuality", "gender", "hiv", "aids", "prep", "pep", "sti", "stis", "std", "police",
    "arrest", "arrested", "arrests", "detention", "detained", "migrant", "migrants", "vpn", "vault", "duress", "decoy",
    "hidden", "secret", "panic", "dating", "outing", "activist", "activists", "rainbow", "pride", "border", "borders",
    "honour", "mpox", "doxy", "amnesty", "euaa", "ilga", "tor", "gey", "girtîgeh", "veşartî", "nepenî", "گەی",
    "گەیەکان",
)
# fmt: on
_REVEALING = re.compile("|".join([*map(re.escape, _STEMS), *(rf"\b{re.escape(w)}\b" for w in _WORDS)]), re.IGNORECASE)


@pytest.fixture(scope="module")
def results() -> Iterator[dict[str, LoadResult]]:
    loaded = {p.name: load_pack(p) for p in DECOY_DIRS}
    yield loaded
    for result in loaded.values():
        if result.pack:
            result.pack.source.close()


def english(results: dict[str, LoadResult]) -> Pack:
    return next(p for p in packs(results) if p.manifest.language == "en")


def revealing(text: str) -> list[str]:
    return _REVEALING.findall(text)


def visible_text(guide: Guide) -> str:
    return "\n".join([guide.title, guide.summary, *guide.tags, *guide.sources, guide.body])


def test_one_decoy_pack_per_language_outside_the_real_library(results: dict[str, LoadResult]) -> None:
    assert {p.manifest.language for p in packs(results)} == LANGUAGES
    assert all(p.id.startswith("everyday-") for p in packs(results))
    assert not any((CONTENT / d.name).exists() for d in DECOY_DIRS)


def test_every_decoy_pack_loads_without_problems(results: dict[str, LoadResult]) -> None:
    assert [p.format() for r in results.values() for p in r.problems] == []
    assert len(packs(results)) == len(DECOY_DIRS)


def test_decoy_guides_are_everyday_subjects_dated_and_sourced(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        assert guide.category in DECOY_CATEGORIES, guide.path
        assert guide.sources and guide.checked, guide.path
        assert "Last reviewed" not in guide.body, guide.path


def test_english_decoy_guides_are_full_length(results: dict[str, LoadResult]) -> None:
    for guide in english(results).guides.values():
        assert 500 <= len(guide.body.split()) <= 1000, guide.path


def test_every_translation_matches_its_source(results: dict[str, LoadResult]) -> None:
    source_pack = english(results)
    for pack in packs(results):
        if pack is source_pack:
            continue
        assert pack.manifest.source_pack == source_pack.id
        assert set(pack.guides) == set(source_pack.guides), pack.id
        for guide in pack.guides.values():
            source = source_pack.guides[guide.original_id]
            assert guide.category == source.category, guide.path
            for measure in (numbers, headings, links):
                assert measure(guide.body) == measure(source.body), f"{guide.path}: {measure.__name__} differ"
            assert guide.source_revision == guide_revision(source), f"{guide.path} is stale"


def test_decoy_links_stay_inside_the_decoy(results: dict[str, LoadResult]) -> None:
    for pack in packs(results):
        for guide in pack.guides.values():
            assert set(links(guide.body)) <= set(pack.guides), guide.path


def test_decoy_scripts_and_letters_match_languages(results: dict[str, LoadResult]) -> None:
    for guide in guides(results):
        text = guide.title + guide.summary + guide.body
        share = script_share(text)
        assert share > 0.8 if guide.language in ("ar", "ckb") else share < 0.01, guide.path
        if guide.language == "ckb":
            assert not re.search("[كيى]", text), f"{guide.path}: Arabic ك/ي/ى in Sorani"
        if guide.language == "ar":
            assert not re.search("[کیۆێڵڕە]", text), f"{guide.path}: Kurdish letters in Arabic"
        assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", text), f"{guide.path}: use digits 0-9"


def test_no_decoy_text_reveals_the_real_library(results: dict[str, LoadResult]) -> None:
    for pack in packs(results):
        manifest = pack.manifest
        assert revealing(" ".join([manifest.title, manifest.description, manifest.publisher])) == [], pack.id
        for guide in pack.guides.values():
            assert revealing(visible_text(guide)) == [], guide.path


@pytest.mark.parametrize(
    "text",
    [
        "UNHCR registration",
        "Refugees",
        "trans people",
        "دليل اللاجئين",
        "مجتمع الميم",
        "مافی پەنابەران",
        "گەی",
        "mafên penaberan",
        "seksa vajînal",
    ],
)
def test_the_scan_catches_revealing_words_in_every_language(text: str) -> None:
    assert revealing(text)


@pytest.mark.parametrize("text", ["transport", "bi ewlehî", "گەیشتن", "first aid", "سيطرت"])
def test_the_scan_leaves_ordinary_words_alone(text: str) -> None:
    assert revealing(text) == []


def test_the_scan_flags_every_guide_of_the_real_library() -> None:
    real = [load_pack(p) for p in sorted(CONTENT.iterdir()) if (p / "pack.toml").exists()]
    try:
        missed = [g.path for r in real if r.pack for g in r.pack.guides.values() if not revealing(visible_text(g))]
    finally:
        for r in real:
            if r.pack:
                r.pack.source.close()
    assert missed == []
