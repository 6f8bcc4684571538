"""The index format: posting values (positions, offsets) are read only when asked for, and nothing else changes."""

from __future__ import annotations

import random
from typing import Any

import pytest
from whoosh import query as q
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.filedb.filestore import RamStorage

from safelib.core.search import codec
from safelib.core.search.index import make_schema
from safelib.core.search.scoring import CachedLengthBM25F

WORDS = [f"w{n}" for n in range(40)]


def _index(chosen_codec: W3Codec) -> Any:
    """300 documents of 60 words drawn from 40: every word has postings in several blocks of 128."""
    rng = random.Random(3)
    index = RamStorage().create_index(make_schema("en"))
    writer = index.writer(codec=chosen_codec)
    for n in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        writer.add_document(guide=f"g{n}", category="security", title=rng.choice(WORDS), body=text, loose_body=text, text=text)
    writer.commit()
    return index


def test_scoring_reads_no_values(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = _index(codec.SafelibCodec()).reader()

    def refuse(data: bytes) -> object:
        raise AssertionError("a block's values were unpacked")

    monkeypatch.setattr(codec, "loads", refuse)
    postings = reader.postings("body", "w1")
    assert isinstance(postings, codec._ValuesApartMatcher)
    seen = 0
    while postings.is_active():
        assert postings.weight() > 0
        postings.next()
        seen += 1
    assert seen > 128  # more than one block walked
    monkeypatch.undo()
    postings = reader.postings("body", "w1")
    assert all(start < end for _pos, start, end in postings.value_as("characters"))


def _postings(index: Any, fieldname: str, word: str) -> list[tuple[int, Any]]:
    return list(index.reader().postings(fieldname, word).items_as("characters" if "body" in fieldname else "frequency"))


def test_same_postings_and_scores_as_whoosh_format() -> None:
    ours, theirs = _index(codec.SafelibCodec()), _index(W3Codec())
    for fieldname in ("body", "loose_body", "title"):
        for word in WORDS:
            if (fieldname, word) in theirs.reader():
                assert _postings(ours, fieldname, word) == _postings(theirs, fieldname, word)
    query = q.Or([q.Term("body", "w3"), q.Term("title", "w5"), q.Term("loose_body", "w7")])
    with ours.searcher(weighting=CachedLengthBM25F()) as a, theirs.searcher(weighting=CachedLengthBM25F()) as b:
        assert [(r.docnum, r.score) for r in a.search(query, limit=50)] == [
            (r.docnum, r.score) for r in b.search(query, limit=50)
        ]


def test_positions_kept_in_the_text_fields_only() -> None:
    # Proximity and snippets read positions and offsets from body and loose_body; the short fields need frequencies.
    schema = make_schema("ar")
    assert all(schema[name].format.supports("characters") for name in ("body", "loose_body"))
    assert not any(schema[name].format.supports("positions") for name in ("title", "summary", "tags", "loose_title"))


def test_writing_a_segment_reads_each_field_length_once_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, str]] = []
    read = W3PerDocReader.doc_field_length

    def counted(self: W3PerDocReader, docnum: int, fieldname: str, default: int = 0) -> int:
        calls.append((docnum, fieldname))
        return int(read(self, docnum, fieldname, default))

    monkeypatch.setattr(W3PerDocReader, "doc_field_length", counted)
    _index(codec.SafelibCodec())
    assert calls and len(calls) == len(set(calls))  # Whoosh's own reader is asked once for every posting
