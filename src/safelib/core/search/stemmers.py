"""Light stemmers for normalised English, Arabic and Sorani tokens (Kurmanji: none)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import snowballstemmer

__all__ = ["stem_ar", "stem_ckb", "stem_en", "stemmer_for"]

# Stems are looked up once per token while indexing; word frequencies are Zipfian, so a
# bounded LRU cache removes most of the cost without growing without limit.
_CACHE_SIZE = 1 << 17

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

# Prefixes in the order tried; "و" (and) only on words of 4+ letters.
_AR_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
# Suffixes, longest first. After normalize_ar ة is ه and ية is يه; the raw ة/ية forms are
# kept too so an un-normalised token is stemmed the same way.
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
_AR_MIN_REST = 2


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _stem_ar_cached(token: str) -> str:
    for prefix in _AR_PREFIXES:
        if prefix == "و" and len(token) < 4:
            continue
        if token.startswith(prefix) and len(token) - len(prefix) >= _AR_MIN_REST:
            token = token[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= _AR_MIN_REST:
            token = token[: -len(suffix)]
            break
    return token


def stem_ar(token: str) -> str:
    """Strip one article/conjunction prefix and one suffix (Lucene's light stemmer).

    Light stemming (not root extraction) keeps search precise: الكتاب, والكتاب, كتابها all
    find كتاب, but كاتب (writer) and مكتبة (library) stay apart. At most one prefix and one
    suffix are removed, each leaving at least two letters.
    """
    return _stem_ar_cached(token)


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


def _strip(token: str, suffix: str, min_rest: int) -> str | None:
    """Return token without suffix if it ends with it and enough letters remain."""
    if token.endswith(suffix) and len(token) - len(suffix) >= min_rest:
        return token[: -len(suffix)]
    return None


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


# --------------------------------------------------------------------------------------
# Choosing by language tag
# --------------------------------------------------------------------------------------


def _identity(token: str) -> str:
    """No stemmer for this language (Kurmanji and others): exact and prefix matching."""
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
    return _identity
