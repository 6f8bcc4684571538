"""Sorting titles by each language's own alphabet, not by code point (in Sorani پ and گ come before ه; in Kurmanji
Ç follows C and Ş follows S)."""

from __future__ import annotations

from collections.abc import Callable

# Letters in dictionary order; a letter's variants (hamza seats, final forms) share its place.
ALPHABETS = {
    "ckb": "ئ ا ب پ ت ج چ ح خ د ر ڕ ز ژ س ش ع غ ف ڤ ق ک گ ل ڵ م ن ه ە و ۆ ی ێ",
    "ar": "ء ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي",
    "kmr": "a b c ç d e ê f g h i î j k l m n o p q r s ş t u û v w x y z",
    "en": "a b c d e f g h i j k l m n o p q r s t u v w x y z",
}
VARIANTS = {
    "ckb": {"ھ": "ه", "ك": "ک", "ي": "ی", "ى": "ی", "أ": "ا", "إ": "ا", "آ": "ا"},
    "ar": {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي"},
}
_ORDERS = {tag: {letter: place for place, letter in enumerate(letters.split())} for tag, letters in ALPHABETS.items()}
_KURMANJI_TAGS = ("kmr", "ku")


def sort_key(language: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """A key for `sorted()` that orders text as a reader of `language` expects; unknown letters come after, by code
    point, and unknown languages sort by the English alphabet."""
    primary = language.split("-")[0].lower()
    primary = "kmr" if primary in _KURMANJI_TAGS else primary
    order = _ORDERS.get(primary, _ORDERS["en"])
    variants = VARIANTS.get(primary, {})

    def key(text: str) -> tuple[tuple[int, int], ...]:
        letters = (variants.get(character, character) for character in text.lower())
        return tuple((order[c], 0) if c in order else (len(order), ord(c)) for c in letters)

    return key
