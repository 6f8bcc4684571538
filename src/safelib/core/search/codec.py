"""Whoosh's index format with each posting block's values (positions, character offsets) packed apart from its ids.

Whoosh stores a block of up to 128 postings as one compressed pickle of (ids, weights, values). Scoring needs
only ids and weights, yet reading them decompressed and unpickled every posting's positions and character
offsets too: most of a full query's time over 10,000 guides, where a common word has a posting in most of a
pack's guides and only the top 30 guides' positions are ever looked at. Here the values are one compressed
pickle inside the block, opened only when a value is asked for; ids and weights are read as before.
Building a segment also reads each document's field lengths once instead of once per posting.
"""

from __future__ import annotations

import zlib
from typing import Any, cast

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PerDocReader, W3PostingsWriter

from safelib.core.search.pickles import ALLOWED, dumps, loads

VALUES_COMPRESSION = 3  # zlib level, as Whoosh compresses whole blocks


class _ValuesApartWriter(W3PostingsWriter):
    """Writes a block's values as one compressed pickle (bytes) inside the block's own (uncompressed) pickle."""

    def _mini_values(self) -> bytes:
        return zlib.compress(dumps(super()._mini_values()), VALUES_COMPRESSION)


class _ValuesApartMatcher(W3LeafMatcher):
    """Reads a block's values only when a posting's value is asked for."""

    _data: tuple[Any, Any, Any] | None
    _packed: bytes | None = None

    def _read_data(self) -> None:
        super()._read_data()
        ids, weights, self._packed = cast(tuple[Any, Any, Any], self._data)
        self._data = (ids, weights, None)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        if self._packed is not None:
            ids, weights, _none = self._data or (None, None, None)
            self._data = (ids, weights, loads(zlib.decompress(self._packed)))
            self._packed = None
        super()._read_values()


class _LengthsOnceReader(W3PerDocReader):
    """Reads each field's lengths once for all documents: writing a segment asks for one at every posting."""

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        known: dict[tuple[str, int], list[int]] = self.__dict__.setdefault("_all_lengths", {})
        lengths = known.get((fieldname, default))
        if lengths is None:
            read = super().doc_field_length
            lengths = known[fieldname, default] = [read(n, fieldname, default) for n in range(self._doccount)]
        return lengths[docnum]


class SafelibCodec(W3Codec):
    """W3Codec with values apart; blocks themselves uncompressed (ids and weights are small, values compressed)."""

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _ValuesApartWriter(
            dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=self._compression, inlinelimit=self._inlinelimit
        )

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _LengthsOnceReader(storage, segment)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _ValuesApartMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


# The index's segment list names its codec: this one is data like W3Codec (no code runs to rebuild it).
ALLOWED[SafelibCodec.__module__, SafelibCodec.__name__] = SafelibCodec
