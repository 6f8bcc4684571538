"""Files planted in a stick's cached search index: whatever they hold, searching never runs code from them."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh.filedb.structfile import StructFile

from safelib.core.library import Library
from safelib.core.search.engine import default_engine
from safelib.core.search.pickles import IndexUnpickler, loads
from safelib.core.search.storage import DONE, fingerprint
from tests.conftest import write_pack


class Planted:
    """Pickles to a call of Path.write_text: unpickling it with plain `pickle` writes the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return Path.write_text, (self.marker, "planted code ran")


def write_toc(path: Path, schema: bytes, segments: bytes) -> None:
    """A Whoosh TOC as Whoosh writes it, with the given schema string and segments pickle."""
    import whoosh.index as wi

    with path.open("wb") as handle:
        stream = StructFile(handle)
        for size in (wi._INT_SIZE, wi._LONG_SIZE, wi._FLOAT_SIZE):
            stream.write_varint(size)
        stream.write_int(-12345)
        stream.write_int(wi._CURRENT_TOC_VERSION)
        for number in wi.__version__[:3]:
            stream.write_varint(number)
        stream.write_string(schema)
        stream.write_int(int(path.stem.rsplit("_", 1)[1]))
        stream.write_int(0)
        handle.write(segments)


@pytest.mark.parametrize("where", ["schema", "segments"])
def test_a_pickle_planted_in_the_index_never_runs(where: str, tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "indexed", guides={"one": "Checkpoint phones and passwords."})
    portable = tmp_path / "data"
    library = Library.load([pack])
    engine = default_engine(library, portable, None)
    assert engine.search("checkpoint").hits
    engine.close()
    (built,) = (portable / "index").iterdir()
    (toc,) = built.glob("*.toc")
    marker = tmp_path / "ran"
    evil = pickle.dumps(Planted(marker))
    schema = evil if where == "schema" else pickle.dumps("not read", 2)
    segments = evil if where == "segments" else pickle.dumps([], -1)
    write_toc(toc, schema, segments)
    (built / DONE).write_text(fingerprint(built), "utf-8")  # the attacker fixes the fingerprint too
    engine = default_engine(library, portable, None)
    try:
        hits = [hit.guide.id for hit in engine.search("checkpoint").hits]
    finally:
        engine.close()
        library.close()
    assert not marker.exists()
    # A refused pickle is a damaged index, rebuilt from the pack; a schema is never read (an empty list of segments
    # read beside it hides results: see SECURITY.md, and `usb verify` flags any index on a stick).
    assert hits == (["one"] if where == "segments" else [])


def test_the_index_unpickler_refuses_every_name_it_does_not_know(tmp_path: Path) -> None:
    with pytest.raises(pickle.UnpicklingError, match="refused pathlib"):
        loads(pickle.dumps(Planted(tmp_path / "ran")))
    with pytest.raises(pickle.UnpicklingError, match="refused codec"):
        loads(b"\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00xX\x05\x00\x00\x00utf-7\x86R.")
    assert loads(pickle.dumps({"a": [1, b"b", frozenset({2})]}, 2)) == {"a": [1, b"b", frozenset({2})]}
    assert not (tmp_path / "ran").exists()
    assert issubclass(IndexUnpickler, pickle.Unpickler)


def test_no_whoosh_module_keeps_a_plain_unpickler() -> None:
    import sys

    import safelib.core.search.index  # noqa: F401 - installs the guard

    plain = {id(pickle), id(pickle.loads), id(pickle.load)}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "whoosh":
            assert not plain & {id(value) for value in vars(module).values()}, name
