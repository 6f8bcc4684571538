"""One Whoosh index per pack: its schema, how it is built, and the key that says when to rebuild it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import Storage

import safelib
from safelib.core.languages import parse_language
from safelib.core.packs.model import Pack
from safelib.core.render import guide_text
from safelib.core.search.analysis import family_of, language_analyzer, loose_analyzer
from safelib.core.search.codec import SafelibCodec
from safelib.core.search.pickles import guard_whoosh

guard_whoosh()

# 4: table cells apart in the stored text; 5: pickle protocol 4 (pickles.py); 6: codec.py; 7: no positions in short fields
SCHEMA_VERSION = "7"
INDEX_NAME = "GUIDES"
Progress = Callable[[int, int], None]


def pack_family(pack: Pack) -> str:
    """The analysis family of a pack's language."""
    try:
        return family_of(parse_language(pack.manifest.language).base)
    except ValueError:
        return "xx"


def make_schema(family: str) -> Schema:
    """Fields for one pack: language-analysed title/summary/tags/body plus loosely folded title/body."""
    analyzer = language_analyzer(family)
    loose = loose_analyzer()
    return Schema(
        guide=ID(stored=True, unique=True),
        category=ID(stored=True),
        # Word positions are read in the text only (proximity, snippets): the short fields keep frequencies alone.
        title=TEXT(analyzer=analyzer, field_boost=3.0, phrase=False),
        summary=TEXT(analyzer=analyzer, field_boost=2.0, phrase=False),
        tags=TEXT(analyzer=analyzer, field_boost=2.0, phrase=False),  # the words readers use, chosen by the authors
        body=TEXT(analyzer=analyzer, chars=True),
        loose_title=TEXT(analyzer=loose, field_boost=1.5, phrase=False),
        loose_body=TEXT(analyzer=loose, chars=True, field_boost=0.5, spelling=True),
        # The plain text the offsets refer to: rendering Markdown again for each hit's snippet
        # cost ~5 ms a hit, most of a query's time once the library outgrows a text cache.
        text=STORED(),
    )


def pack_key(pack: Pack) -> str:
    """Changes whenever the pack's text, the program version or the schema changes."""
    digest = hashlib.sha256(f"{safelib.__version__}|{SCHEMA_VERSION}|{pack.id}|{pack.manifest.language}".encode())
    for guide in sorted(pack.guides.values(), key=lambda g: g.id):
        for part in (guide.id, guide.category, guide.title, guide.summary, " ".join(guide.tags), guide.body):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    return f"{pack.id}-{digest.hexdigest()[:20]}"


@dataclass
class PackIndex:
    """A pack's opened index and the plain text its offsets refer to."""

    pack: Pack
    family: str
    index: whoosh_index.Index


def build(pack: Pack, storage: Storage, progress: Progress | None = None) -> whoosh_index.Index:
    """Index every guide of `pack` into `storage` (plain text, the same text snippets will quote)."""
    family = pack_family(pack)
    index = storage.create_index(make_schema(family), indexname=INDEX_NAME)
    writer = index.writer(limitmb=64, procs=1, codec=SafelibCodec())
    guides = sorted(pack.guides.values(), key=lambda g: g.id)
    for done, guide in enumerate(guides, start=1):
        body = guide_text(guide)
        writer.add_document(
            guide=guide.id,
            category=guide.category,
            title=guide.title,
            summary=guide.summary,
            tags=" ".join(guide.tags),
            body=body,
            loose_title=guide.title,
            loose_body=body,
            text=body,
        )
        if progress:
            progress(done, len(guides))
    writer.commit()
    return index


def open_existing(storage: Storage, pack: Pack) -> whoosh_index.Index:
    """Open a cached index with the program's own schema for `pack`; the one pickled in the index is never read."""
    return storage.open_index(indexname=INDEX_NAME, schema=make_schema(pack_family(pack)))
