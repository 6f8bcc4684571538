"""Whoosh reads pickles from index files; here every one of them goes through an unpickler that builds data, never runs code.

An index folder sits on the stick, where anyone can plant a file. Whoosh keeps its table of contents,
segment list, posting blocks and stored fields as pickles, and `pickle` calls whatever a pickle names.
The schema is never read from disk (the program passes its own); what remains needs only the few
classes below, and any other name in a pickle is refused with UnpicklingError before it is looked up.
"""

from __future__ import annotations

import io
import pickle
import sys
import types
from collections import defaultdict
from typing import IO, Any

import whoosh.codec.whoosh3
import whoosh.columns
import whoosh.compat
import whoosh.filedb.structfile
import whoosh.formats
import whoosh.index
from whoosh.codec.whoosh3 import W3Codec, W3Segment


def _latin1(text: str, encoding: str = "latin1") -> bytes:
    """`_codecs.encode` as protocol 2 uses it for bytes, and only that (no other codec is looked up)."""
    if encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError(f"refused codec {encoding!r} in an index file")
    # str.encode, not codecs.encode: called for every posting's value of a block read (2 million times in
    # 200 full queries over 10,000 guides), and it skips the codec registry lookup. A non-str is a TypeError as before.
    return str.encode(text, "latin1")


def _empty_bytes(*args: object) -> bytes:
    """`bytes()` as protocol 2 writes an empty bytes object; never `bytes(n)`, which would allocate n bytes."""
    if args:
        raise pickle.UnpicklingError("refused bytes() with arguments in an index file")
    return b""


ALLOWED: dict[tuple[str, str], Any] = {
    ("whoosh.codec.whoosh3", "W3Segment"): W3Segment,
    ("whoosh.codec.whoosh3", "W3Codec"): W3Codec,
    ("collections", "defaultdict"): defaultdict,
    ("builtins", "int"): int,
    ("builtins", "bytes"): _empty_bytes,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("_codecs", "encode"): _latin1,
}


class IndexUnpickler(pickle.Unpickler):
    """An unpickler that knows only the names in ALLOWED."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "__builtin__":  # protocol 2, as written for Python 2
            module = "builtins"
        try:
            return ALLOWED[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"refused {module}.{name} in an index file") from None


# Whoosh writes posting blocks, stored fields and posting values with pickle protocol 2, where every bytes object
# (each posting's value in a block) is a call of _codecs.encode: most of a query's time at 10,000 guides went to
# those calls. Protocol 4 writes bytes as bytes; the blocks read 5× faster and are a fifth smaller.
WRITE_PROTOCOL = 4


def dumps(obj: object, protocol: int | None = None, **_: object) -> bytes:
    """`pickle.dumps` with WRITE_PROTOCOL, whatever protocol Whoosh asks for."""
    return pickle.dumps(obj, WRITE_PROTOCOL)


def loads(data: bytes, **_: object) -> Any:
    """`pickle.loads`, restricted to ALLOWED."""
    return IndexUnpickler(io.BytesIO(data)).load()


def load(stream: IO[bytes], **_: object) -> Any:
    """`pickle.load`, restricted to ALLOWED."""
    return IndexUnpickler(stream).load()


# Every reference to pickle's readers in the Whoosh modules an index is opened and searched with, and the writers of
# posting blocks, posting values and stored fields.
_PICKLE_MODULE = types.SimpleNamespace(
    loads=loads, load=load, dumps=pickle.dumps, dump=pickle.dump, PicklingError=pickle.PicklingError
)
PATCHES: tuple[tuple[types.ModuleType, str, object], ...] = (
    (whoosh.compat, "pickle", _PICKLE_MODULE),
    (whoosh.compat, "loads", loads),
    (whoosh.compat, "load", load),
    (whoosh.index, "pickle", _PICKLE_MODULE),
    (whoosh.filedb.structfile, "load_pickle", load),
    (whoosh.codec.whoosh3, "loads", loads),
    (whoosh.codec.whoosh3, "dumps", dumps),
    (whoosh.formats, "dumps", dumps),
    (whoosh.columns, "loads", loads),
    (whoosh.formats, "loads", loads),
)


def guard_whoosh() -> None:
    """Route Whoosh's unpickling through IndexUnpickler and its block writing through `dumps` (idempotent)."""
    for module, name, replacement in PATCHES:
        setattr(module, name, replacement)
    plain = {id(pickle): _PICKLE_MODULE, id(pickle.loads): loads, id(pickle.load): load}
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] == "whoosh":
            for name, value in list(vars(module).items()):
                if id(value) in plain:
                    setattr(module, name, plain[id(value)])
