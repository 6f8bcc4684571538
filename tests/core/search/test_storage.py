"""Where indexes live: a cached index is read from its folder as needed, never loaded whole into memory."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from safelib.core.library import Library
from safelib.core.search import pickles
from safelib.core.search.engine import SearchEngine
from safelib.core.search.storage import IndexFolder
from tests.conftest import write_pack


def _pack_of_many_words(root: Path, guides: int = 20, words: int = 1_000) -> Path:
    """A pack whose index is a few megabytes: many different words, so postings and terms take room."""
    rng = random.Random(5)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))) for _ in range(4_000)]
    bodies = {f"g{n}": " ".join(rng.choice(vocabulary) for _ in range(words)) for n in range(guides)}
    return write_pack(root, "many", "en", bodies)


def test_opening_a_cached_index_does_not_copy_its_segment_into_memory(tmp_path: Path) -> None:
    library = Library.load([_pack_of_many_words(tmp_path / "packs")])
    folder = IndexFolder(tmp_path / "index", writable=True)
    SearchEngine(library, folder).prepare()
    segment = max(path.stat().st_size for path in (tmp_path / "index").rglob("*.seg"))
    assert segment > 500_000

    tracemalloc.start()
    engine = SearchEngine(library, folder)
    engine.prepare()
    assert engine.search("checkpoint phone").hits == ()  # words of no guide: lookups only
    word = next(iter(library.packs[0].guides.values())).body.split()[0]
    assert engine.search(word).hits
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine.close()
    # Memory-mapped, Whoosh copied the postings and term files whole into BytesIO buffers: a peak above the segment's size.
    assert peak < segment / 2


def test_posting_blocks_and_values_hold_bytes_without_a_call_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Protocol 2 pickles each bytes value as a call of _codecs.encode, the bulk of reading a block at 10,000 guides.
    library = Library.load([write_pack(tmp_path / "packs", "p", "en", {"g": "Lock your phone at a checkpoint."})])
    engine = SearchEngine(library, IndexFolder(tmp_path / "index", writable=True))
    engine.prepare()
    monkeypatch.delitem(pickles.ALLOWED, ("_codecs", "encode"))
    reader = engine._opened["p"].searcher.reader()
    for fieldname in ("body", "loose_body"):
        for term in reader.lexicon(fieldname):
            assert reader.postings(fieldname, term).value_as("characters")
    assert reader.stored_fields(0)["text"] == "Lock your phone at a checkpoint."
    engine.close()
