"""`python -m safelib.core.search.prebuilt`: index the bundled packs into the checkout's `index/`, as a build does.

A source run with no portable folder otherwise builds the bundled packs' index in memory before its
first search (5 s on the 2-core machine); with this folder it opens it (the frozen bundle carries its own).
Indexes are named by a hash of the packs' text, so a stale one is never opened, only rebuilt here.
"""

from __future__ import annotations

import sys

from safelib.core.library import Library
from safelib.core.resources import bundled_content, bundled_index
from safelib.core.search.engine import SearchEngine
from safelib.core.search.storage import IndexFolder


def main() -> int:
    """Build (or keep, when current) the index of every bundled pack; prune indexes of packs that changed."""
    content = bundled_content()
    if content is None:
        print("no bundled content/ folder: nothing to index", file=sys.stderr)
        return 1
    library = Library.load([content])
    folder = bundled_index()
    engine = SearchEngine(library, IndexFolder(folder, writable=True))
    try:
        engine.prepare()
    finally:
        engine.close()
        library.close()
    print(f"search index of {len(library.packs)} bundled packs in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
