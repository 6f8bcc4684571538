"""Search: ranking, filters, prefixes, snippets, suggestions and index caching, on small made-up packs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whoosh.spelling import Corrector

from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine, Snippet
from safelib.core.search.storage import IndexFolder, MemoryStorage
from tests.conftest import GUIDE, write_pack


def guide(title: str, body: str, category: str = "security", summary: str = "Summary.") -> str:
    return GUIDE.format(title=title, category=category, summary=summary, body=body)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("packs")
    write_pack(
        root,
        "en-pack",
        "en",
        {
            "phones": guide("Phones at checkpoints", "Lock your phone before a checkpoint. Phones hold messages and photos."),
            "pep": guide(
                "Emergency medicine", "PEP must start within 72 hours of an exposure.", "sexual-health", "PEP after exposure."
            ),
            "refugee": guide("Who is a refugee", "A refugee fears persecution. Checkpoints are mentioned once.", "asylum"),
        },
    )
    write_pack(
        root,
        "ar-pack",
        "ar",
        {
            "pep": guide("الدواء الطارئ", "يجب أن يبدأ العلاج الوقائي خلال ٧٢ ساعة. المُستشفى قد يساعد.", "sexual-health"),
            "refugee": guide("من هو اللاجئ", "اللاجئون يخافون من الاضطهاد في بلدانهم.", "asylum"),
        },
    )
    write_pack(
        root,
        "ckb-pack",
        "ckb",
        {
            "refugee": guide("پەنابەر کێیە", "پەنابەرەکان لە کوردستاندا ترسیان هەیە. ئەمە ڕێنماییەکی کوردییە.", "asylum"),
        },
    )
    write_pack(
        root,
        "kmr-pack",
        "kmr",
        {
            "phones": guide("Telefon û ewlehî", "Ewlehiya telefonê li ser xalên kontrolê girîng e.", "security"),
        },
    )
    return Library.load([root])


@pytest.fixture(scope="module")
def engine(library: Library) -> SearchEngine:
    return SearchEngine(library)


def ids(results: object) -> list[str]:
    return [f"{h.guide.pack_id}/{h.guide.id}" for h in results.hits]  # type: ignore[attr-defined]


def test_english_stemming_finds_plural_and_singular(engine: SearchEngine) -> None:
    assert ids(engine.search("checkpoint"))[0] == "en-pack/phones"
    assert "en-pack/phones" in ids(engine.search("phone"))


def test_title_outranks_body(engine: SearchEngine) -> None:
    found = ids(engine.search("checkpoints", lang="en"))
    assert found == ["en-pack/phones", "en-pack/refugee"]


def test_all_words_must_match_then_any(engine: SearchEngine) -> None:
    assert ids(engine.search("PEP exposure")) == ["en-pack/pep"]
    assert "en-pack/pep" in ids(engine.search("PEP zzzzunknown"))


def test_filters_by_language_and_category(engine: SearchEngine) -> None:
    assert ids(engine.search("refugee", lang="en")) == ["en-pack/refugee"]
    assert engine.search("checkpoint", category="asylum").hits[0].guide.id == "refugee"


@pytest.mark.parametrize("typed", ["اللاجئ", "اللاجىء", "اللَّاجِئ", "الـلاجئ", "اللاجی"])
def test_arabic_variants_find_the_same_guide(engine: SearchEngine, typed: str) -> None:
    assert "ar-pack/refugee" in ids(engine.search(typed, lang="ar")), typed


def test_arabic_indic_digits_match_ascii(engine: SearchEngine) -> None:
    assert "ar-pack/pep" in ids(engine.search("72", lang="ar"))


def test_arabic_keyboard_finds_sorani(engine: SearchEngine) -> None:
    for typed in ("كوردستان", "کوردستان", "کوردستاندا"):
        assert ids(engine.search(typed, lang="ckb")) == ["ckb-pack/refugee"], typed


def test_sorani_suffixes_are_stemmed(engine: SearchEngine) -> None:
    assert ids(engine.search("پەنابەر", lang="ckb")) == ["ckb-pack/refugee"]


def test_kurmanji_without_diacritics(engine: SearchEngine) -> None:
    assert ids(engine.search("ewlehi", lang="kmr")) == ["kmr-pack/phones"]
    assert ids(engine.search("EWLEHÎ", lang="kmr")) == ["kmr-pack/phones"]


def test_prefix_search_as_you_type(engine: SearchEngine) -> None:
    assert ids(engine.search("checkp", prefix=True, lang="en"))[0] == "en-pack/phones"
    assert ids(engine.search("checkp", prefix=False, lang="en")) == []
    assert "ar-pack/refugee" in ids(engine.search("اللاج", prefix=True))


def test_snippet_highlights_original_text(engine: SearchEngine) -> None:
    hit = engine.search("مستشفى", lang="ar").hits[0]
    marked = hit.snippet.marked("[", "]")
    assert "[المُستشفى]" in marked


def test_snippet_marking() -> None:
    assert Snippet("abc def", ((4, 7),)).marked("<", ">") == "abc <def>"


def test_a_typo_finds_the_word_and_did_you_mean_only_offers_more(engine: SearchEngine) -> None:
    results = engine.search("chekpoint")
    assert ids(results)[0] == "en-pack/phones"  # the nearest indexed word is searched too
    assert results.suggestion is None  # "checkpoint" would find nothing more
    typing = engine.search("chekpoint", prefix=True)  # no respelling while typing: the suggestion finds more
    assert typing.hits == ()
    assert typing.suggestion == "checkpoint"


def test_no_suggestion_for_known_words(engine: SearchEngine) -> None:
    assert engine.search("refugee").suggestion is None


def test_empty_and_symbol_queries(engine: SearchEngine) -> None:
    assert engine.search("").hits == ()
    assert engine.search("  !!! ؟؟ ").hits == ()
    assert engine.search('"*" ( ) : ~ ^').hits == ()
    # Query syntax is not interpreted: AND is just the word "and".
    assert "en-pack/phones" in ids(engine.search("AND"))


def test_index_cached_in_portable_folder_and_reused(library: Library, tmp_path: Path) -> None:
    folder = IndexFolder(tmp_path / "index", writable=True)
    first = SearchEngine(library, folder)
    first.prepare()
    built = sorted(p.name for p in (tmp_path / "index").iterdir())
    assert len(built) == len(library.packs)
    stamps = {p: os.stat(tmp_path / "index" / p / "DONE").st_mtime_ns for p in built}
    second = SearchEngine(library, folder)
    second.prepare()
    assert {p: os.stat(tmp_path / "index" / p / "DONE").st_mtime_ns for p in built} == stamps
    assert ids(second.search("checkpoint"))[0] == "en-pack/phones"
    first.close()
    second.close()


def test_corrupt_cached_index_is_rebuilt(library: Library, tmp_path: Path) -> None:
    folder = IndexFolder(tmp_path / "index", writable=True)
    SearchEngine(library, folder).prepare()
    for toc in (tmp_path / "index").glob("*/_GUIDES_*.toc"):
        toc.write_bytes(b"garbage")
    engine = SearchEngine(library, folder)
    assert ids(engine.search("checkpoint"))[0] == "en-pack/phones"


def test_changed_pack_gets_a_new_index(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "p", "en", {"g": guide("Alpha", "first text")})
    folder = IndexFolder(tmp_path / "index", writable=True)
    SearchEngine(Library.load([pack]), folder).prepare()
    (pack / "guides" / "g.md").write_text(guide("Alpha", "second text"), "utf-8")
    engine = SearchEngine(Library.load([pack]), folder)
    assert ids(engine.search("second")) == ["p/g"]
    assert len(list((tmp_path / "index").iterdir())) == 1


def test_memory_storage_keeps_scratch_in_memory() -> None:
    assert isinstance(MemoryStorage().temp_storage(), MemoryStorage)


def test_progress_is_reported(library: Library) -> None:
    seen: list[tuple[str, int, int]] = []
    SearchEngine(library).prepare(lambda pack, done, total: seen.append((pack, done, total)))
    assert ("en-pack", 3, 3) in seen and ("ckb-pack", 1, 1) in seen


def test_one_or_two_typed_letters_match_titles_only(engine: SearchEngine) -> None:
    assert ids(engine.search("lo", prefix=True, lang="en")) == []
    assert ids(engine.search("loc", prefix=True, lang="en")) == ["en-pack/phones"]
    assert ids(engine.search("ph", prefix=True, lang="en")) == ["en-pack/phones"]


def test_no_spelling_suggestion_for_a_word_still_being_typed(engine: SearchEngine) -> None:
    assert engine.search("chec", prefix=True).suggestion is None
    assert engine.search("chekpoint", prefix=True).suggestion == "checkpoint"


@pytest.mark.parametrize(("text", "prefix"), [("phone", False), ("safe phone lock", False), ("pho", True), ("lock ph", True)])
def test_lazy_unions_in_small_indexes_rank_exactly_as_preloaded_ones(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, text: str, prefix: bool
) -> None:
    from safelib.core.search import engine as engine_module

    lazy = [(h.guide.id, round(h.score, 6), h.snippet) for h in engine.search(text, prefix=prefix).hits]
    monkeypatch.setattr(engine_module, "LAZY_UNION_BELOW", 0)  # Whoosh's own choice: preloaded arrays
    preloaded = [(h.guide.id, round(h.score, 6), h.snippet) for h in engine.search(text, prefix=prefix).hits]
    assert lazy == preloaded


def test_only_small_indexes_get_lazy_unions() -> None:
    from whoosh import query as q

    from safelib.core.search.engine import LAZY_UNION_BELOW, _with_lazy_unions

    query = q.And([q.Or([q.Term("body", "a"), q.Term("body", "b")]), q.Term("body", "c")])
    small = _with_lazy_unions(query, LAZY_UNION_BELOW - 1)
    assert [s.matcher_type for s in small.subqueries if isinstance(s, q.Or)] == [q.Or.DEFAULT_MATCHER]
    big = _with_lazy_unions(query, LAZY_UNION_BELOW)
    assert [s.matcher_type for s in big.subqueries if isinstance(s, q.Or)] == [q.Or.AUTO_MATCHER]


def test_words_longer_than_any_real_word_are_never_spell_corrected(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 10,000-character query spent 35 s building the corrector's automaton for one "word"."""
    asked: list[str] = []
    suggest = Corrector.suggest
    monkeypatch.setattr(Corrector, "suggest", lambda self, text, **kw: asked.append(text) or suggest(self, text, **kw))
    results = engine.search("chekpoint" + "x" * 10_000)
    assert results.hits == () and results.suggestion is None and asked == []
    assert engine.search("chekpoint").hits and asked, "a real misspelling is still looked up (and found by its neighbours)"


def test_snippets_keep_table_cells_and_headings_apart(tmp_path: Path) -> None:
    table = "| Cost | Where |\n|---|---|\n| Free | Clinic on Main St |\n| Low | Pharmacy |\n"
    body = "Read this first.\n\n## Where to get PEP\n\n" + table
    engine = SearchEngine(Library.load([write_pack(tmp_path, "t", "en", {"pep": guide("PEP", body)}).parent]))
    snippet = engine.search("clinic").hits[0].snippet
    assert "first. Where to get PEP · Cost · Where · Free · Clinic on Main St · Low · Pharmacy" in snippet.text
    assert "[Clinic]" in snippet.marked("[", "]")
