"""Tokenising pattern and per-language normalisers for en, ar, ckb and kmr search text."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "WORD_PATTERN",
    "fold_loose",
    "normalize_ar",
    "normalize_ckb",
    "normalize_en",
    "normalize_kmr",
    "normalizer_for",
    "prepare",
]

# --------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------

# Arabic combining marks (harakat, Quranic annotation marks, superscript alef). Python's
# \w does not match them, so without this class `كَتَبَ` falls apart into one-letter tokens.
# U+06DD (end of ayah, a format char), U+06DE and U+06E9 (symbols) sit inside the
# U+06D6–06ED block but are not marks, so they are left out: they must not glue to words.
_ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TATWEEL = "\u0640"
_ZWNJ = "\u200c"
_ZWJ = "\u200d"

# A word character: \w minus U+02BC (modifier-letter apostrophe, which \w counts as a
# letter: "don't" typed with it must split like "don't" typed with ' or ’), plus the
# Arabic marks and tatweel.
_WORD_CHAR = rf"(?:[^\W\u02bc]|[{_ARABIC_MARKS}{_TATWEEL}])"

WORD_PATTERN: str = (
    # Leading marks/tatweel, then at least one real \w character.
    rf"[{_ARABIC_MARKS}{_TATWEEL}]*[^\W\u02bc]{_WORD_CHAR}*"
    # ZWNJ/ZWJ only *between* word characters (legacy Sorani "ه‌" spellings, Persian
    # compounds), never at a token's edge. The classes are disjoint: no backtracking blow-up.
    rf"(?:[{_ZWNJ}{_ZWJ}]+{_WORD_CHAR}+)*"
)
"""Regex (for `re`, with re.UNICODE) matching one word token in any of our four languages."""

# Characters deleted before matching: harakat and other Arabic marks, plus tatweel.
_MARKS_RE = re.compile(f"[{_ARABIC_MARKS}{_TATWEEL}]+")


# Every format (Cf) character of Unicode 14 (Python 3.11): soft hyphen, Arabic number
# signs and letter mark, ZWSP/ZWNJ/ZWJ/LRM/RLM, embeddings and overrides U+202A–202E,
# word joiner and invisible operators, isolates U+2066–2069, BOM, interlinear annotation,
# tags. Listed, not computed at import, to keep start-up fast and the set fixed per release.
_FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FORMAT_RE = re.compile(f"[{_FORMAT_CHARS}]+")
# Same set without ZWNJ (U+200C), which Sorani normalisation reads before deleting it.
_FORMAT_EXCEPT_ZWNJ_RE = re.compile(f"(?:(?!{_ZWNJ})[{_FORMAT_CHARS}])+")

# --------------------------------------------------------------------------------------
# prepare: the step every normaliser starts with
# --------------------------------------------------------------------------------------

# NFKC leaves Arabic-Indic and Persian digits alone; a search for "2024" must find "٢٠٢٤".
_DIGITS = str.maketrans(
    {
        **{0x0660 + i: str(i) for i in range(10)},
        **{0x06F0 + i: str(i) for i in range(10)},
    }
)


def ascii_digits(text: str) -> str:
    """Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits as ASCII; everything else unchanged."""
    return text.translate(_DIGITS)


# "İ".casefold() is "i" + U+0307; Kurmanji/Turkish-keyboard text must fold to plain "i".
_DOTTED_I = str.maketrans({"\u0130": "i"})

_CACHE_SIZE = 1 << 16
_MAX_ROUNDS = 6


def _fixpoint(step: Callable[[str], str], token: str) -> str:
    """Apply `step` until nothing changes, so every public function is idempotent.

    One pass is almost always stable; a second pass only matters for odd input such as a
    tatweel between a letter and a hamza mark (deleting it lets NFKC compose the pair).
    """
    for _ in range(_MAX_ROUNDS):
        result = step(token)
        if result == token:
            return result
        token = result
    return token


def _prepare_step(token: str) -> str:
    if token.isascii():  # fast path: most English/Kurmanji tokens
        return token.lower()
    # NFKC folds Arabic presentation forms (PDF copies), ligatures and fullwidth letters.
    text = unicodedata.normalize("NFKC", token)
    text = text.translate(_DIGITS).translate(_DOTTED_I)
    text = text.casefold()
    if "\u0307" in text:  # "i̇" from text lower-cased elsewhere with "İ".lower()
        text = text.replace("i\u0307", "i")
    # casefold may emit decomposed sequences (e.g. Greek ΐ); recompose.
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _prepare_cached(token: str) -> str:
    return _fixpoint(_prepare_step, token)


def prepare(token: str) -> str:
    """Shared first step: NFKC, ASCII digits, dotless/dotted-I safe case folding.

    Presentation forms (PDF copies), Arabic-Indic/Persian digits and case differences must
    never stop a match, whatever the language.
    """
    return _prepare_cached(token)


# --------------------------------------------------------------------------------------
# Arabic
# --------------------------------------------------------------------------------------

_AR_MAP = str.maketrans(
    {
        # hamza/madda/wasla alef forms → bare alef (users rarely type the hamza)
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ
        "\u0672": "\u0627",  # ٲ
        "\u0673": "\u0627",  # ٳ
        "\u0649": "\u064a",  # ى → ي
        "\u0629": "\u0647",  # ة → ه
        # Persian/Kurdish keyboard letters → Arabic, so such typing finds Arabic text
        "\u06cc": "\u064a",  # ی → ي
        "\u06a9": "\u0643",  # ک → ك
        "\u06aa": "\u0643",  # ڪ → ك
        "\u06d5": "\u0647",  # ە → ه (Sorani keyboard's final-heh key)
        "\u06be": "\u0647",  # ھ → ه
        "\u06c0": "\u0647",  # ۀ → ه
    }
)


def _normalize_ar_step(token: str) -> str:
    text = _prepare_step(token)
    text = _MARKS_RE.sub("", text)
    text = _FORMAT_RE.sub("", text)
    return text.translate(_AR_MAP)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _normalize_ar_cached(token: str) -> str:
    return _fixpoint(_normalize_ar_step, token)


def normalize_ar(token: str) -> str:
    """Arabic: fold alef/yeh/teh-marbuta variants and drop harakat (Lucene's rules).

    Also maps Persian/Kurdish-keyboard letters (ی ک ە ھ) to Arabic ones, because many
    readers here type Arabic on a Kurdish keyboard.
    """
    return _normalize_ar_cached(token)


# --------------------------------------------------------------------------------------
# Sorani (Central Kurdish, Arabic script)
# --------------------------------------------------------------------------------------

_HEH = "\u0647"  # ه — the consonant h in Sorani
_AE = "\u06d5"  # ە — the vowel e in Sorani

_CKB_MAP = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي → ی
        "\u0649": "\u06cc",  # ى → ی
        "\u0643": "\u06a9",  # ك → ک
        "\u06aa": "\u06a9",  # ڪ → ک
        "\u0629": _AE,  # ة → ە
        "\u06be": _HEH,  # ھ → ه
        "\u0692": "\u0695",  # ڒ → ڕ (legacy spelling of ڕ)
        "\u0624": "\u06c6",  # ؤ → ۆ (legacy spelling of ۆ)
        "\u0622": "\u0627",  # آ → ا
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u06d2": "\u06cc",  # ے → ی (yeh barree, typed for a final ی)
    }
)
_INITIAL_WAW_WAW_RE = re.compile(r"(?<!\w)\u0648\u0648")  # word-initial وو, a common misspelling of و
_HEH_ZWNJ_RE = re.compile(_HEH + _ZWNJ)
_FINAL_HEH_RE = re.compile(_HEH + r"(?!\w)")
_INITIAL_REH_RE = re.compile(r"(?<!\w)\u0631")  # ر


def _normalize_ckb_step(token: str) -> str:
    text = _prepare_step(token)
    text = _MARKS_RE.sub("", text)
    text = _FORMAT_EXCEPT_ZWNJ_RE.sub("", text)  # ZWNJ still carries information here
    # ھ becomes ه *before* the ە rules: a Kurdish-keyboard "…ھ" and an Arabic-keyboard
    # "…ه" then normalise alike, and the result is stable (idempotent).
    text = text.translate(_CKB_MAP)
    # Arabic keyboards have no ە: it is typed as ه + ZWNJ inside a word, plain ه at the end.
    text = _HEH_ZWNJ_RE.sub(_AE, text).replace(_ZWNJ, "")
    text = _FINAL_HEH_RE.sub(_AE, text)
    # Sorani words never begin with a plain r: initial ر is always ڕ.
    text = _INITIAL_WAW_WAW_RE.sub("\u0648", text)
    return _INITIAL_REH_RE.sub("\u0695", text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _normalize_ckb_cached(token: str) -> str:
    return _fixpoint(_normalize_ckb_step, token)


def normalize_ckb(token: str) -> str:
    """Sorani: map Arabic/Persian-keyboard spellings onto standard Kurdish letters.

    Keeps ە/ه, ئ, ڵ ڕ ێ ۆ distinct (they are different letters); only the loose key merges
    them.
    """
    return _normalize_ckb_cached(token)


# --------------------------------------------------------------------------------------
# Kurmanji (Northern Kurdish, Latin script) and English
# --------------------------------------------------------------------------------------

_KMR_MAP = str.maketrans(
    {
        "\u0131": "i",  # ı (Turkish keyboard) → i
        "\u0219": "\u015f",  # ș (comma below, Romanian keyboard) → ş
    }
)


def _normalize_kmr_step(token: str) -> str:
    return _prepare_step(token).translate(_KMR_MAP)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _normalize_kmr_cached(token: str) -> str:
    return _fixpoint(_normalize_kmr_step, token)


def normalize_kmr(token: str) -> str:
    """Kurmanji: fold Turkish-keyboard ı; keep ê î û ç ş, which are letters of their own."""
    return _normalize_kmr_cached(token)


def normalize_en(token: str) -> str:
    """English needs nothing beyond the shared step; stemming does the rest."""
    return _prepare_cached(token)


# --------------------------------------------------------------------------------------
# Loose key: every script, every keyboard
# --------------------------------------------------------------------------------------

_LOOSE_MAP = str.maketrans(
    {
        # alef forms → ا
        "\u0622": "\u0627",
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        # yeh family → ی; hamza on yeh too, and a lone hamza vanishes, so that
        # اللاجئ, اللاجىء and اللاجی (typed with or without hamza) share one key.
        # Only this loose key merges them: the Sorani normaliser keeps ئ.
        "\u0626": "\u06cc",  # ئ
        "\u0621": None,  # ء
        "\u064a": "\u06cc",  # ي
        "\u0649": "\u06cc",  # ى
        "\u06ce": "\u06cc",  # ێ
        # kaf family → ک
        "\u0643": "\u06a9",  # ك
        "\u06aa": "\u06a9",  # ڪ
        # heh / teh marbuta / ae family → ه
        "\u0629": _HEH,  # ة
        "\u06d5": _HEH,  # ە
        "\u06be": _HEH,  # ھ
        "\u06c0": _HEH,  # ۀ
        "\u06c1": _HEH,  # ہ
        "\u06c2": _HEH,  # ۂ
        "\u06c3": _HEH,  # ۃ
        # waw family → و
        "\u0624": "\u0648",  # ؤ
        "\u06c6": "\u0648",  # ۆ
        # Sorani letters with a v-mark → their Arabic-keyboard base
        "\u0695": "\u0631",  # ڕ → ر
        "\u0692": "\u0631",  # ڒ → ر
        "\u06b5": "\u0644",  # ڵ → ل
        # Latin letters that NFKD cannot strip
        "\u0131": "i",  # ı
        "\u0219": "s",  # ș
    }
)

# Only tokens containing non-ASCII Latin letters or combining marks need the slow loop.
_LATIN_DIACRITIC_RE = re.compile(
    "[\u00c0-\u02af\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1eff\u20d0-\u20ff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufe20-\ufe2f]"
)


@functools.lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN ")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _strip_latin_diacritics(text: str) -> str:
    """Drop accents from Latin letters only.

    NFKD of the whole string would also split آ/أ/ئ into a letter plus a mark, and ئ must
    survive; so decompose Latin letters one by one and drop marks that follow a Latin base.
    """
    out: list[str] = []
    after_latin = False
    for ch in text:
        if _is_mark(ch):
            if not after_latin:
                out.append(ch)
            continue
        if _is_latin(ch):
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if not _is_mark(c))
            after_latin = True
        else:
            out.append(ch)
            after_latin = False
    return "".join(out)


def _fold_loose_step(token: str) -> str:
    text = _prepare_step(token)
    if text.isascii():
        return text
    text = _MARKS_RE.sub("", text)
    text = _FORMAT_RE.sub("", text)
    text = text.translate(_LOOSE_MAP)
    if _LATIN_DIACRITIC_RE.search(text):
        text = _strip_latin_diacritics(text)
    return text


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _fold_loose_cached(token: str) -> str:
    return _fixpoint(_fold_loose_step, token)


def fold_loose(token: str) -> str:
    """One loose key for every script: what a user typed on any keyboard, without marks.

    Used for the cross-keyboard, prefix and fuzzy field, where recall matters more than
    keeping Sorani ە/ه or Kurmanji ş/s apart.
    """
    return _fold_loose_cached(token)


# --------------------------------------------------------------------------------------
# Choosing by language tag
# --------------------------------------------------------------------------------------


def _subtags(lang: str) -> list[str]:
    return [part for part in lang.strip().lower().replace("_", "-").split("-") if part]


def normalizer_for(lang: str) -> Callable[[str], str]:
    """Return the normaliser for a BCP 47 tag; unknown languages still get `prepare`.

    Kurdish written in Arabic script ("ku-Arab", "kmr-Arab": Sorani, Badini) uses the
    Sorani orthography, so it gets `normalize_ckb` whatever the primary subtag.
    """
    parts = _subtags(lang)
    primary = parts[0] if parts else ""
    if primary == "ar":
        return normalize_ar
    if primary == "ckb":
        return normalize_ckb
    if primary in ("kmr", "ku"):
        return normalize_ckb if "arab" in parts[1:] else normalize_kmr
    if primary == "en":
        return normalize_en
    return prepare
