"""The program's search interface: ranked hits with highlighted snippets and a "did you mean" suggestion."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from safelib.core.library import Library, language_matches
from safelib.core.packs.model import Guide, Pack
from safelib.core.portable import INDEX_FOLDER
from safelib.core.render import guide_text
from safelib.core.search import index as pack_index
from safelib.core.search.analysis import analyze, language_analyzer
from safelib.core.search.function_words import is_function_word
from safelib.core.search.request import SearchRequest
from safelib.core.search.scoring import CachedLengthBM25F
from safelib.core.search.stemmers import query_variants
from safelib.core.search.storage import IndexFolder, IndexSource, MemoryStorage
from safelib.core.search.textnorm import WORD_PATTERN, fold_loose, normalizer_for

_WORDS = re.compile(WORD_PATTERN)
SNIPPET_CHARS = 180
LINE_SEPARATOR = " · "
SENTENCE_ENDS = frozenset(".!?؟:;…۔")
MIN_BODY_PREFIX = 3
MAX_PREFIX_TERMS = 16
# No word in any of the four languages is longer; the corrector's automaton grows with the word
# (a 10,000-character query spent 35 s in it), so longer "words" are never corrected.
MAX_CORRECTED_LENGTH = 40
LAZY_UNION_BELOW = 1_000
LANGUAGE_FIELDS = ("title", "summary", "tags", "body")
RERANK_DEPTH = 30  # BM25's best guides that the coverage reward may reorder
FUNCTION_WORD_WEIGHT = 0.1
VARIANT_WEIGHT = 0.5
EXPANSION_WEIGHT = 0.8
MAX_ENTRY_WORDS = 4
TYPO_MIN_LETTERS = 4
TYPO_TWO_EDITS_FROM = 7
TYPO_CANDIDATES = 2
TYPO_WEIGHT = 0.7
COVERAGE_FLOOR = 0.25  # a guide with one of four equal words keeps 0.25 + 0.75/16 of its score
COVERAGE_POWER = 2.0
# Query words next to each other in a guide's text (a phrase of the query) multiply its score by up to 1.2;
# on the 703 relevance queries this was neutral to slightly helpful (MRR 0.848 → 0.851; windows of 3-16 words no better).
PROXIMITY_WEIGHT = 0.2
PROXIMITY_WINDOW = 2
TEXT_FIELDS = ("body", "loose_body")
BuildProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of a guide's text with the character spans of the matched words."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str, after: str) -> str:
        """The excerpt with each match wrapped in `before`/`after` (escape first if they are markup)."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


@dataclass(frozen=True)
class Hit:
    """One guide that matched a query."""

    guide: Guide
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    """What a search found, best first, and a suggested spelling when it found little."""

    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None = None


@dataclass
class _Opened:
    pack: Pack
    key: str  # pack_index.pack_key of the text this index was built from
    family: str
    analyzer: object
    index: whoosh_index.Index
    searcher: Searcher
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The pack's search terms: an entry's analysed words → the other entries of its group(s)
    expansions: dict[tuple[str, ...], list[str]] = field(default_factory=dict)


class SearchEngine:
    """Search over every loaded pack; each pack has its own index, built once and cached by content."""

    def __init__(self, library: Library, cache: IndexFolder | None = None, bundled: IndexSource | None = None) -> None:
        self.library = library
        self.cache = cache
        self.bundled = bundled
        self._opened: dict[str, _Opened] = {}

    def pending(self) -> list[Pack]:
        """Packs whose index is not open yet."""
        return [pack for pack in self.library.packs if pack.id not in self._opened]

    def prepare(self, progress: BuildProgress | None = None) -> None:
        """Open or build the index of every pack; safe to call from a worker thread."""
        keys = set()
        for pack in self.pending():
            key = pack_index.pack_key(pack)
            keys.add(key)
            index = self._open_cached(pack, key) or self._build(pack, key, progress)
            searcher = index.searcher(weighting=CachedLengthBM25F())
            family = pack_index.pack_family(pack)
            analyzer = language_analyzer(family)
            opened = _Opened(pack, key, family, analyzer, index, searcher, expansions=_expansions(analyzer, pack.search_terms))
            self._opened[pack.id] = opened
        if self.cache is not None and keys:
            self.cache.prune(keys | {o.key for o in self._opened.values()})

    def _open_cached(self, pack: Pack, key: str) -> whoosh_index.Index | None:
        for folder in (self.bundled, self.cache):
            storage = folder.existing(key) if folder is not None else None
            if storage is None or folder is None:
                continue
            try:
                return pack_index.open_existing(storage, pack)
            except Exception:  # noqa: BLE001 - a damaged cache of ours is rebuilt, whatever broke it
                folder.discard(key)
        return None

    def _build(self, pack: Pack, key: str, progress: BuildProgress | None) -> whoosh_index.Index:
        def report(done: int, total: int) -> None:
            if progress:
                progress(pack.id, done, total)

        if self.cache is not None and self.cache.writable:
            staged: Path | None = None
            try:
                staged, storage = self.cache.staging(key)
                pack_index.build(pack, storage, report)
                return pack_index.open_existing(self.cache.publish(key, staged), pack)
            except Exception:  # noqa: BLE001 - a full stick fails inside Whoosh as OSError, NameError, …: use memory
                if staged is not None:
                    self.cache.abandon(staged)  # a half-built index would only fill the stick further
        return pack_index.build(pack, MemoryStorage(), report)

    def refresh(self, library: Library) -> None:
        """Follow a reloaded library: unchanged packs keep their open index, changed or removed ones are dropped.

        The next `prepare()` builds what is missing, so a translator's edit re-indexes one pack, not all.
        """
        current = {pack.id: pack for pack in library.packs}
        for pack_id, opened in list(self._opened.items()):
            pack = current.get(pack_id)
            if pack is not None and pack_index.pack_key(pack) == opened.key:
                opened.pack = pack
            else:
                opened.searcher.close()
                del self._opened[pack_id]
        self.library = library

    def close(self) -> None:
        """Close every searcher."""
        for opened in self._opened.values():
            opened.searcher.close()
        self._opened.clear()

    def answer(self, request: SearchRequest) -> SearchResults:
        """The results of one typed request: the way the window and the CLI search."""
        return self.search(request.text, request.lang, request.category, request.limit, request.prefix)

    def search(
        self,
        text: str,
        lang: str | None = None,
        category: str | None = None,
        limit: int = 20,
        prefix: bool = False,
    ) -> SearchResults:
        """Ranked hits for `text`; with `prefix`, the last word also matches as the start of a word."""
        self.prepare()
        words = [w for w in _WORDS.findall(text) if fold_loose(w)][:12]
        if not words:
            return SearchResults(text, ())
        packs = [o for o in self._opened.values() if not lang or language_matches(o.pack.manifest.language, lang)]
        typed = words[:-1] if prefix else words  # a word still being typed is never respelled
        unknown = {word for word in typed if not _known(packs, word, False)}
        hits = self._run(packs, words, category, limit, prefix, unknown)
        suggestion = self._suggest(packs, words, prefix, category, len(hits)) if len(hits) < 3 else None
        return SearchResults(text, tuple(hits), suggestion)

    def _run(
        self,
        packs: Iterable[_Opened],
        words: list[str],
        category: str | None,
        limit: int,
        prefix: bool,
        unknown: frozenset[str] | set[str] = frozenset(),
    ) -> list[Hit]:
        """Each pack's best guides for `words`; `unknown` words (in no searched pack) also search their nearest words."""
        hits: list[Hit] = []
        for opened in packs:
            reader = opened.searcher.reader()
            weights = _word_weights(opened.family, words)
            alternatives = _alternatives(opened, words)
            parts = [
                _word_query(opened, reader, word, prefix and i == len(words) - 1, weight, alternatives[i], word in unknown)
                for i, (word, weight) in enumerate(zip(words, weights, strict=True))
            ]
            query = q.Or(_leaves([query for query, _core in parts]))
            if next(query.iter_all_terms(), None) is None:
                continue  # no word of the query occurs in this pack (a pack of another language, mostly)
            query = _with_lazy_unions(query, reader.doc_count_all())
            filter_ = q.Term("category", category) if category else None
            with opened.lock:
                # Not `terms=True`: recording matched terms makes Whoosh score every matching guide
                # (no skipping of blocks that cannot reach the top); spans are found for the top hits only.
                # One word: every hit covers all of the query, so there is nothing to reorder.
                depth = max(limit, RERANK_DEPTH) if len(words) > 1 else limit
                results = opened.searcher.search(query, limit=depth, filter=filter_)
                scored = [(r.docnum, float(r.score or 0.0)) for r in results]
                if len(words) > 1:
                    scored = _rerank(reader, [core for _query, core in parts], weights, scored)
                ranked = [(score, docnum) for docnum, score in scored[:limit]]
                spans = _match_spans(opened.searcher, query, sorted(docnum for _score, docnum in ranked))
                for score, docnum in ranked:
                    # Stored fields hold the guide's whole text: read them for the guides shown only, once.
                    stored = opened.searcher.stored_fields(docnum)
                    guide = opened.pack.guides.get(stored["guide"])
                    if guide is not None:
                        text = stored.get("text")
                        snippet = _snippet(text if isinstance(text, str) else None, spans.get(docnum, set()), guide)
                        hits.append(Hit(guide, score, snippet))
        hits.sort(key=lambda h: (-h.score, h.guide.title))
        return hits[:limit]

    def _suggest(self, packs: list[_Opened], words: list[str], prefix: bool, category: str | None, found: int) -> str | None:
        """A respelling of the query's unknown words, offered only when it would find more guides."""
        changed = False
        suggested = []
        for i, word in enumerate(words):
            typing = prefix and i == len(words) - 1
            better = None
            if not _weak(packs, word) and len(fold_loose(word)) >= MIN_BODY_PREFIX and not _known(packs, word, typing):
                better = _best_correction(packs, word)
                if better is not None and _weak(packs, better):
                    better = None
            suggested.append(better or word)
            changed = changed or better is not None
        if not changed:
            return None
        more = self._run(packs, suggested, category, found + 1, prefix)
        return " ".join(suggested) if len(more) > found else None


def _weak(packs: list[_Opened], word: str) -> bool:
    """Whether `word` is a function word in any of the searched packs' languages."""
    return any(is_function_word(opened.family, word) for opened in packs)


def _word_weights(family: str, words: list[str]) -> list[float]:
    """Each query word's weight: function words are weak, unless the query has nothing else."""
    weak = [is_function_word(family, word) for word in words]
    if all(weak):
        return [1.0] * len(words)
    return [FUNCTION_WORD_WEIGHT if w else 1.0 for w in weak]


def _word_query(
    opened: _Opened, reader: IndexReader, word: str, prefix: bool, weight: float, alternatives: list[str], unknown: bool
) -> tuple[q.Query, q.Query]:
    """Every way one typed word may match, and the core of it (without variants) that counts as covering the word.

    Per-language analysed fields, tags, loose fields and prefixes make the core; the language's
    query variants (a stem with or without و, ي, ‑ان …) that the pack's guides contain are added
    at a lower weight. A word still being typed that is shorter than MIN_BODY_PREFIX is matched in
    titles only: one or two letters are not yet a word, and as a word ("و", "a") they are in every
    guide's text.
    """
    loose = fold_loose(word)
    if prefix and len(loose) < MIN_BODY_PREFIX:
        title = _present(reader, [q.Term("loose_title", loose, boost=weight)])
        core = q.Or(title + _prefix_terms(reader, "loose_title", loose, weight))
        return core, core
    stems = list(dict.fromkeys(analyze(opened.analyzer, word)))
    parts = [q.Term(field, term, boost=weight) for term in stems for field in LANGUAGE_FIELDS]
    parts = _present(reader, [*parts, q.Term("loose_title", loose, boost=weight), q.Term("loose_body", loose, boost=weight)])
    if prefix:
        parts += _prefix_terms(reader, "loose_title", loose, weight) + _prefix_terms(reader, "loose_body", loose, weight)
    if unknown and not alternatives and not parts:
        parts += _present(reader, _typo_terms(opened, loose, weight))
    entries = (_entry_query(opened, reader, entry, weight * EXPANSION_WEIGHT) for entry in alternatives)
    parts += [entry for entry in entries if entry is not None]
    core = q.Or(parts)
    variants = [
        q.Term(field, variant, boost=weight * VARIANT_WEIGHT)
        for variant in _variants(opened.family, word, stems)
        for field in LANGUAGE_FIELDS
        if (field, variant) in reader
    ]
    return (q.Or([core, *variants]) if variants else core), core


def _expansions(analyzer: object, terms: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], list[str]]:
    """Map each search-term entry, as the analysed words a query must contain, to the other entries of its group."""
    found: dict[tuple[str, ...], list[str]] = {}
    for group in terms:
        for entry in group:
            key = _entry_key(analyzer, entry)
            if key:
                found.setdefault(key, []).extend(other for other in group if other != entry)
    return found


def _entry_key(analyzer: object, text: str) -> tuple[str, ...]:
    """The first analysed form of each word of `text`."""
    return tuple(stems[0] for word in _WORDS.findall(text) if (stems := analyze(analyzer, word)))


def _alternatives(opened: _Opened, words: list[str]) -> list[list[str]]:
    """For each query word, the search-term entries to try as well: those of every entry its words-in-a-row match."""
    found: list[list[str]] = [[] for _ in words]
    if not opened.expansions:
        return found
    keys = [_entry_key(opened.analyzer, word)[:1] or (fold_loose(word),) for word in words]
    flat = [key[0] for key in keys]
    for start in range(len(words)):
        for length in range(1, min(MAX_ENTRY_WORDS, len(words) - start) + 1):
            for other in opened.expansions.get(tuple(flat[start : start + length]), []):
                for i in range(start, start + length):
                    if other not in found[i]:
                        found[i].append(other)
    return found


def _entry_query(opened: _Opened, reader: IndexReader, entry: str, weight: float) -> q.Query | None:
    """A search-term entry as a query: each of its words in any language field or loosely; all of them (None: not in the pack)."""
    words = [
        _present(
            reader,
            [q.Term(field, stem, boost=weight) for stem in analyze(opened.analyzer, word) for field in LANGUAGE_FIELDS]
            + [q.Term("loose_title", fold_loose(word), boost=weight), q.Term("loose_body", fold_loose(word), boost=weight)],
        )
        for word in _WORDS.findall(entry)
        if fold_loose(word)
    ]
    if not words or not all(words):
        return None
    return q.Or(words[0]) if len(words) == 1 else q.And([q.Or(terms) for terms in words])


def _present(reader: IndexReader, terms: list[q.Query]) -> list[q.Query]:
    """The terms that occur in the pack: an absent one finds nothing but costs a lookup in every matcher built from it."""
    return [term for term in terms if not isinstance(term, q.Term) or (term.fieldname, term.text) in reader]


def _typo_terms(opened: _Opened, loose: str, weight: float) -> list[q.Query]:
    """For a word no guide of the pack has: the pack's nearest words (one letter off, two in long words), weaker.

    Function words and words shorter than four letters are never respelled: their neighbours are other words; nor
    are words longer than any real word (MAX_CORRECTED_LENGTH), whose automaton alone would take seconds.
    """
    if not TYPO_MIN_LETTERS <= len(loose) <= MAX_CORRECTED_LENGTH or is_function_word(opened.family, loose):
        return []
    maxdist = 1 if len(loose) < TYPO_TWO_EDITS_FROM else 2
    # prefix=1: the first letter is rarely the wrong one, and it spares a walk of the whole dictionary.
    nearest = opened.searcher.corrector("loose_body").suggest(loose, limit=TYPO_CANDIDATES, maxdist=maxdist, prefix=1)
    return [q.Term(field, word, boost=weight * TYPO_WEIGHT) for word in nearest for field in ("loose_title", "loose_body")]


def _variants(family: str, word: str, stems: list[str]) -> list[str]:
    """The language's query-time variants of a typed word, other than its own stems."""
    find = query_variants(family)
    normalized = normalizer_for(family)(word)
    return [v for v in find(normalized) if v not in stems]


def _rerank(
    reader: IndexReader, cores: list[q.Query], weights: list[float], scored: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """BM25's best guides reordered: covering more of the query's words, and having them close together, count more."""
    wanted = sorted(docnum for docnum, _score in scored)
    found = [_presence(reader, core, wanted) for core in cores]
    total = sum(weights) or 1.0
    strong = [i for i, weight in enumerate(weights) if weight == max(weights)]
    rescored = []
    for docnum, score in scored:
        coverage = sum(weight for weight, where in zip(weights, found, strict=True) if docnum in where) / total
        near = _nearness([found[i].get(docnum, set()) for i in strong])
        rescored.append((docnum, score * _coverage_factor(coverage) * (1.0 + PROXIMITY_WEIGHT * near)))
    return sorted(rescored, key=lambda pair: -pair[1])


def _presence(reader: IndexReader, query: q.Query, wanted: list[int]) -> dict[int, set[int]]:
    """Which of `wanted` (ascending) a query of terms, Ors and Ands matches, with the word positions of its text matches.

    Read from raw postings: a Whoosh matcher would also set up a BM25 scorer for every term, most of
    the cost for a yes or no.
    """
    if isinstance(query, q.Term):
        if (query.fieldname, query.text) not in reader:
            return {}
        postings = reader.postings(query.fieldname, query.text)
        positions = query.fieldname in TEXT_FIELDS
        found: dict[int, set[int]] = {}
        for docnum in wanted:
            postings.skip_to(docnum)
            if not postings.is_active():
                break
            if postings.id() == docnum:
                found[docnum] = set(postings.value_as("positions")) if positions else set()
        return found
    parts = [_presence(reader, sub, wanted) for sub in query.subqueries]
    if not parts:
        return {}
    keys = set.intersection(*(set(part) for part in parts)) if isinstance(query, q.And) else set().union(*parts)
    return {docnum: set().union(*(part.get(docnum, set()) for part in parts)) for docnum in keys}


def _nearness(positions: list[set[int]]) -> float:
    """0 to 1: the share of the words (beyond the first) found together within PROXIMITY_WINDOW words of the text."""
    if len(positions) < 2:
        return 0.0
    events = sorted((pos, word) for word, where in enumerate(positions) for pos in where)
    inside: dict[int, int] = {}
    best, start = 1, 0
    for pos, word in events:
        inside[word] = inside.get(word, 0) + 1
        while pos - events[start][0] >= PROXIMITY_WINDOW:
            gone = events[start][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            start += 1
        best = max(best, len(inside))
    return (best - 1) / (len(positions) - 1)


def _coverage_factor(coverage: float) -> float:
    """How much covering more of the query multiplies a guide's BM25 score."""
    return COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * coverage**COVERAGE_POWER


def _leaves(queries: list[q.Query]) -> list[q.Query]:
    """The terms (and search-term Ands) under nested Ors: one Or of them scores the same, with one union, not one a level."""
    found: list[q.Query] = []
    for query in queries:
        if isinstance(query, q.Or) and query.boost == 1.0:
            found += _leaves(query.subqueries)
        else:
            found.append(query)
    return found


def _with_lazy_unions(query: q.Query, doc_count: int) -> q.Query:
    """In a small index, make every Or a lazy tree of unions instead of Whoosh's preloaded array.

    Whoosh preloads and scores every posting of an Or's terms when the index has under 5,000
    documents; over a pack of 32 guides that set-up was most of a query (bundled full-query p95
    15 ms, 5.5 ms lazily), while over packs of 2,500 guides preloading is the faster choice.
    """
    if doc_count >= LAZY_UNION_BELOW:
        return query

    def lazy(node: q.Query) -> q.Query:
        if isinstance(node, q.Or):
            node.matcher_type = q.Or.DEFAULT_MATCHER
        return node

    return query.accept(lazy)


def _prefix_terms(reader: IndexReader, fieldname: str, prefix: str, weight: float = 1.0) -> list[q.Query]:
    """The MAX_PREFIX_TERMS most common words starting with `prefix`, as scored terms.

    Whoosh's Prefix matches every expansion: "ال" or "de" over 10,000 guides is thousands of
    terms, and scoring their union took up to 1.5 s. The words a typist is most likely heading
    for are the common ones, and a handful of them already fill the first page of results.
    """
    found = [(info.doc_frequency(), term) for term, info in reader.iter_prefix(fieldname, prefix) if term != prefix]
    found.sort(key=lambda pair: -pair[0])
    return [q.Term(fieldname, term, boost=weight) for _freq, term in found[:MAX_PREFIX_TERMS]]


def _match_spans(searcher: Searcher, query: q.Query, docnums: list[int]) -> dict[int, set[tuple[int, int]]]:
    """Character spans of the query's text terms in each of `docnums` (ascending): one postings walk per term."""
    reader = searcher.reader()
    spans: dict[int, set[tuple[int, int]]] = {}
    for fieldname, term in set(query.iter_all_terms()):
        if fieldname not in TEXT_FIELDS or (fieldname, term) not in reader:
            continue
        postings = searcher.postings(fieldname, term)
        for docnum in docnums:
            postings.skip_to(docnum)
            if not postings.is_active():
                break
            if postings.id() == docnum:
                spans.setdefault(docnum, set()).update((start, end) for _pos, start, end in postings.value_as("characters"))
    return spans


def _snippet(text: str | None, spans: set[tuple[int, int]], guide: Guide) -> Snippet:
    """An excerpt around the densest cluster of matches, using character offsets stored in the index."""
    if not spans:
        return Snippet(guide.summary)
    return _window(text if text is not None else plain_text(guide), sorted(_merge(spans)))


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """Choose the SNIPPET_CHARS window with the most matches, trimmed to whole words."""
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + SNIPPET_CHARS)
        if count > best_count:
            best_start, best_count = start, count
    begin = max(0, best_start - SNIPPET_CHARS // 4)
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    end = min(len(text), begin + SNIPPET_CHARS)
    while end < len(text) and not text[end].isspace():
        end += 1
    excerpt, inside = _one_line(text[begin:end], [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end])
    lead = "…" if begin > 0 else ""
    tail = "…" if end < len(text) else ""
    return Snippet(lead + excerpt + tail, tuple((s + len(lead), e + len(lead)) for s, e in inside))


def _one_line(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` on one line, `spans` moved along: after a sentence a space, after any other line (a heading, a table
    row, a list item) LINE_SEPARATOR, so a snippet never reads "Where to get PEP You can" or "Free Clinic 5 Pharmacy"."""
    breaks = [i for i, char in enumerate(text) if char == "\n" and not _ends_sentence(text, i)]
    flat = "".join(LINE_SEPARATOR if i in breaks else " " if char == "\n" else char for i, char in enumerate(text))
    grow = len(LINE_SEPARATOR) - 1
    return flat, [(s + grow * bisect_left(breaks, s), e + grow * bisect_left(breaks, e)) for s, e in spans]


def _ends_sentence(text: str, index: int) -> bool:
    """Whether the line before `index` ends with a sentence's last mark (or there is no line before it)."""
    before = text[:index].rstrip()
    return not before or before[-1] in SENTENCE_ENDS


def _known(packs: list[_Opened], word: str, typing: bool) -> bool:
    """Whether some pack has the word (or, while it is being typed, a word starting with it): no typo then.

    Checked in every pack before any spelling correction runs: the corrector walks a pack's whole
    term dictionary (10-20 ms a pack), so a word of the last pack once cost three useless walks.
    """
    loose = fold_loose(word)
    for opened in packs:
        reader = opened.searcher.reader()
        for fieldname in ("loose_body", "loose_title"):
            if reader.doc_frequency(fieldname, loose):
                return True
            if typing and next(iter(reader.expand_prefix(fieldname, loose)), None) is not None:
                return True
    return False


def _best_correction(packs: list[_Opened], word: str) -> str | None:
    """The closest indexed word to a misspelled one (known absent from every pack), in the spelling the guides use."""
    loose = fold_loose(word)
    if len(loose) > MAX_CORRECTED_LENGTH:
        return None
    best: tuple[int, int, str, _Opened] | None = None
    for opened in packs:
        reader = opened.searcher.reader()
        for candidate in opened.searcher.corrector("loose_body").suggest(loose, limit=8, maxdist=2):
            rank = (_distance(loose, candidate), -reader.doc_frequency("loose_body", candidate), candidate, opened)
            if best is None or rank[:3] < best[:3]:
                best = rank
    if best is None:
        return None
    return _surface_form(best[3], best[2])


def _surface_form(opened: _Opened, loose: str) -> str:
    """How a folded word is actually written in the guides (the first place it occurs)."""
    postings = opened.searcher.postings("loose_body", loose)
    docnum = postings.id()
    start, end = postings.value_as("characters")[0][1:]
    stored = opened.searcher.stored_fields(docnum)
    guide = opened.pack.guides.get(stored["guide"])
    text = stored.get("text")
    if not isinstance(text, str):
        text = plain_text(guide) if guide else ""
    return text[start:end].lower() or loose


def _distance(a: str, b: str) -> int:
    """Levenshtein distance: Whoosh ranks corrections by frequency, readers need the nearest word."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


@lru_cache(maxsize=256)
def _plain_text_cached(guide: Guide) -> str:
    return guide_text(guide)


def plain_text(guide: Guide) -> str:
    """The plain text a guide was indexed with, so stored offsets slice it exactly."""
    return _plain_text_cached(guide)


def default_engine(library: Library, portable: Path | None, bundled_index: Path | None) -> SearchEngine:
    """An engine caching indexes in the portable folder when there is one, in memory otherwise."""
    cache = IndexFolder(portable / INDEX_FOLDER, writable=True) if portable is not None else None
    bundled = IndexFolder(bundled_index, writable=False) if bundled_index is not None and bundled_index.is_dir() else None
    return SearchEngine(library, cache, bundled)
