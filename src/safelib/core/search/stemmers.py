"""Light stemmers for normalised English, Arabic, Sorani and Kurmanji tokens."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import snowballstemmer

__all__ = ["query_variants", "stem_ar", "stem_ckb", "stem_en", "stem_kmr", "stemmer_for"]

# Stems are looked up once per token while indexing; word frequencies are Zipfian, so a
# bounded LRU cache removes most of the cost without growing without limit.
_CACHE_SIZE = 1 << 17


def _strip(token: str, suffix: str, min_rest: int) -> str | None:
    """Return token without suffix if it ends with it and enough letters remain."""
    if token.endswith(suffix) and len(token) - len(suffix) >= min_rest:
        return token[: -len(suffix)]
    return None


# --------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------

_EN_STEMMER = snowballstemmer.stemmer("english")
# Snowball/PyStemmer stemmer objects keep state between calls and are not thread-safe.
_EN_LOCK = threading.Lock()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _stem_en_cached(token: str) -> str:
    with _EN_LOCK:
        return str(_EN_STEMMER.stemWord(token))


def stem_en(token: str) -> str:
    """Snowball (Porter 2) English stem, so "libraries" finds "library"."""
    return _stem_en_cached(token)


# --------------------------------------------------------------------------------------
# Arabic — Lucene-style light stemmer, on normalize_ar output
# --------------------------------------------------------------------------------------

# Prefixes in Lucene's order, at most one. A bare و ("and") is NOT removed here: in وقاية,
# وصمة, واقي it is the word's first letter, and stripping it (Lucene) made واقي and الواقي
# two different stems. The engine tries the و-less form at query time instead (`query_variants_ar`).
_AR_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل")
# Pronoun suffixes: ها (her), ك (your: the guides speak to the reader).
_AR_PRONOUNS = (("ها", 2), ("ك", 3))
# Nisba plural and feminine endings become the nisba ي itself, so سوري, السوريين, سورية meet
# and the ي is never cut: مثلي (gay) must not become مثل (such as).
_AR_NISBA = ("يين", "يون", "يات", "يه", "ية")
# Dual, plural and feminine endings (after normalize_ar ة is ه; raw ة kept for raw tokens).
_AR_SUFFIXES = ("ان", "ات", "ون", "ين", "ه", "ة")
_AR_MIN_REST = 2


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _stem_ar_cached(token: str) -> str:
    for prefix in _AR_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _AR_MIN_REST:
            token = token[len(prefix) :]
            break
    for suffix, rest in _AR_PRONOUNS:
        if (stripped := _strip(token, suffix, rest)) is not None:
            token = stripped
            break
    for suffix in _AR_NISBA:
        if (stripped := _strip(token, suffix, _AR_MIN_REST)) is not None:
            return stripped + "ي"
    for suffix in _AR_SUFFIXES:
        if (stripped := _strip(token, suffix, _AR_MIN_REST)) is not None:
            return stripped
    return token


def stem_ar(token: str) -> str:
    """Strip one article prefix, a pronoun, and a plural/feminine ending; nisba endings become ي.

    Light stemming (not root extraction) keeps search precise: الكتاب, بالكتاب, كتابها all
    find كتاب, but كاتب (writer) and مكتبة (library) stay apart. Every removal leaves at least
    two letters. Differences from Lucene's ArabicStemmer are listed in docs/search.md.
    """
    return _stem_ar_cached(token)


def query_variants_ar(token: str) -> list[str]:
    """Other stems a normalised Arabic query word may stand for: without a leading و, with or without a final ي.

    The engine keeps only those the pack's guides contain, and ranks them below the word itself.
    """
    stem = stem_ar(token)
    found = [stem[:-1] if stem.endswith("ي") and len(stem) >= 4 else stem + "ي"]
    if token.startswith("و") and not token.startswith("وال") and len(token) >= 4:
        found.append(stem_ar(token[1:]))
    return [v for v in dict.fromkeys(found) if v != stem]


# --------------------------------------------------------------------------------------
# Sorani — light stemmer, on normalize_ckb output
# --------------------------------------------------------------------------------------
#
# A Sorani noun is built   stem + marker + clitic + postposition,   for example
#   کتێب + ەکە + مان + دا  = کتێبەکەماندا  "in our book".
# The stemmer peels those layers from the outside in, at most one suffix per layer, each
# with a minimum number of letters that must remain (the "rest"):
#
#   1. postposition      دا (rest ≥ 3)      ماڵدا → ماڵ        ; خودا stays
#                        ەوە (rest ≥ 2)     ماڵەوە → ماڵ       ; ئەوە stays
#                        نا → ن (word ≥ 5)  colloquial ‑ا after plural ‑ان: شارانا → شاران
#   2. pronoun clitic    مان تان یان م ت ی — only directly after a layer‑3 marker:
#                        کتێبەکەمان → کتێبەکە, کتێبەکانی → کتێبەکان, کتێبێکی → کتێبێک.
#                        Elsewhere ‑تان/‑مان/‑یان are far too often part of the word
#                        (کوردستان, زمان, ژیان): Lucene's SoraniStemmer turns کوردستاندا
#                        into کوردس; this one gives کوردستان.
#   3. marker            کان (plural definite, rest ≥ 3)   براکان → برا, ماڵەکان → ماڵە
#                        کە  (singular definite, rest ≥ 3) براکە → برا, ماڵەکە → ماڵە
#                        یەک (indefinite, rest ≥ 3)        برایەک → برا
#                        ێک  (indefinite, rest ≥ 2)        کچێک → کچ
#                        The ە before ‑کە/‑کان is left for layer 5, so a stem that itself
#                        ends in ە (خانە, خوێندنەوە) is treated the same as a bare one.
#   4. ەوە (rest ≥ 2), if layer 1 did not already remove it: the derivational ‑ەوە of verbal
#                        nouns, exposed by removing a marker or دا:
#                        خوێندنەوەکە → خوێندنەوە → خوێندن, like bare خوێندنەوە.
#   5. final vowel       ی (ezafe / "his") and ە (stem‑final or left by layer 3), at most
#                        one of each, ی first then ە then ی, rest ≥ 2:
#                        کوردی → کورد, خانە → خان, خانەکە → خان, ژنەکە → ژن, چایە → چا.
#
# Deliberately NOT stripped: the bare plural ‑ان (ژنان, منداڵان). Too many stems end in ان
# (کوردستان, زمان, باران, ئاسمان) and no length guard separates them; plural-only forms
# are left to prefix matching on the loose field. Verbs are not stemmed.

_CKB_MARKERS: tuple[tuple[str, int], ...] = (
    ("کان", 3),
    ("کە", 3),
    ("یەک", 3),
    ("ێک", 2),
)
_CKB_CLITICS = ("مان", "تان", "یان", "م", "ت", "ی")
_CKB_EWE = "ەوە"


def _ends_with_marker(token: str) -> bool:
    return any(_strip(token, marker, rest) is not None for marker, rest in _CKB_MARKERS)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _stem_ckb_cached(token: str) -> str:
    # 1. postposition
    ewe_done = False
    if (rest := _strip(token, "دا", 3)) is not None:
        token = rest
    elif (rest := _strip(token, _CKB_EWE, 2)) is not None:
        token, ewe_done = rest, True
    elif len(token) >= 5 and token.endswith("نا"):
        token = token[:-1]

    # 2. pronoun clitic, only when a marker precedes it
    for clitic in _CKB_CLITICS:
        rest = _strip(token, clitic, 0)
        if rest is not None and _ends_with_marker(rest):
            token = rest
            break

    # 3. marker
    for marker, min_rest in _CKB_MARKERS:
        if (rest := _strip(token, marker, min_rest)) is not None:
            token = rest
            break

    # 4. derivational ‑ەوە left behind by layers 1 and 3
    if not ewe_done and (rest := _strip(token, _CKB_EWE, 2)) is not None:
        token = rest

    # 5. final vowels
    for vowel in ("ی", "ە", "ی"):
        if (rest := _strip(token, vowel, 2)) is not None:
            token = rest
    return token


def stem_ckb(token: str) -> str:
    """Strip Sorani postpositions, clitics, definiteness/number markers and final vowels.

    Conservative on purpose: a stem that loses real letters (کوردستان → کوردس) matches
    unrelated words; see the layer table above for the suffixes and length guards.
    """
    return _stem_ckb_cached(token)


def query_variants_ckb(token: str) -> list[str]:
    """Other stems a normalised Sorani query word may stand for: with or without a bare plural ‑ان or a possessive.

    The stemmer keeps ‑ان, ‑مان, ‑تان, ‑یان on bare nouns (کوردستان, زمان, ژیان end so); the
    engine keeps a variant only when the pack's own guides contain it.
    """
    stem = stem_ckb(token)
    rests = [rest for suffix in ("ان", "مان", "تان", "یان") if (rest := _strip(stem, suffix, 2)) is not None]
    # The rest stemmed too: پارەمان → پارە, which the index holds as پار (Lucene's TestSoraniStemFilter possessives).
    found = [form for rest in rests for form in (rest, stem_ckb(rest))]
    found.append(stem + "ان")
    return [v for v in dict.fromkeys(found) if v != stem]


# --------------------------------------------------------------------------------------
# Kurmanji — light stemmer, on normalize_kmr output
# --------------------------------------------------------------------------------------
#
# A Kurmanji noun is built   stem + (‑ek | ‑an) + case/ezafe ending, e.g. telefon+ek+ê.
# Suffixes are compared with diacritics folded (readers often type without them), peeled
# outside in, one per layer, each leaving at least three letters:
#   1. case and ezafe    ‑ên ‑ê ‑a ‑î        telefonên, telefonê, telefona → telefon
#                        a glide y after a vowel goes with it, then a final ‑i:
#                        ewlehiyê → ewlehi → ewleh, like ewlehî
#   2. number            ‑eke ‑ek ‑an        telefonekê → telefon; bazgehan → bazgeh
#   3. comparison        ‑tirîn ‑tir         baştirîn, baştir → baş
# A stem that itself ends in ‑an (derman) loses it too, in every form alike.

_KMR_FOLD = str.maketrans("êîûçş", "eiucs")
_KMR_LAYERS: tuple[tuple[str, ...], ...] = (("en", "e", "a", "i"), ("eke", "ek", "an"), ("tirin", "tir"))
_KMR_MIN_REST = 3
_KMR_VOWELS = "aeiou"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _stem_kmr_cached(token: str) -> str:
    token = token.translate(_KMR_FOLD)
    for layer, suffixes in enumerate(_KMR_LAYERS):
        for suffix in suffixes:
            if (rest := _strip(token, suffix, _KMR_MIN_REST)) is not None:
                token = rest
                break
        if layer == 0:
            if token.endswith("y") and len(token) > 2 and token[-2] in _KMR_VOWELS:
                token = token[:-1]
            if (rest := _strip(token, "i", _KMR_MIN_REST)) is not None:
                token = rest
    return token


def stem_kmr(token: str) -> str:
    """Strip Kurmanji case/ezafe endings, ‑ek/‑an and ‑tir/‑tirîn, on the diacritic-folded word."""
    return _stem_kmr_cached(token)


# --------------------------------------------------------------------------------------
# Choosing by language tag
# --------------------------------------------------------------------------------------


def _identity(token: str) -> str:
    """No stemmer for this language: exact and prefix matching."""
    return token


def stemmer_for(lang: str) -> Callable[[str], str]:
    """Return the stemmer for a BCP 47 tag; languages without one get the identity.

    Kurdish in Arabic script other than "ckb" ("ku-Arab", "kmr-Arab": often Badini, whose
    grammar is Kurmanji) is not Sorani-stemmed.
    """
    parts = [p for p in lang.strip().lower().replace("_", "-").split("-") if p]
    primary = parts[0] if parts else ""
    if primary == "en":
        return stem_en
    if primary == "ar":
        return stem_ar
    if primary == "ckb":
        return stem_ckb
    if primary == "kmr":
        return stem_kmr
    return _identity


def _no_variants(token: str) -> list[str]:
    """No query-time variants for this language."""
    return []


def query_variants(family: str) -> Callable[[str], list[str]]:
    """The query-time variant function of an analysis family (see query_variants_ar, query_variants_ckb)."""
    return {"ar": query_variants_ar, "ckb": query_variants_ckb}.get(family, _no_variants)
