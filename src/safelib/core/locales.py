"""Babel's CLDR data for a language tag, with fallbacks for builds that carry data for a few languages only."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# Scripts written right to left, for languages whose CLDR data a trimmed build does not carry.
RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"})


def _parse(identifier: str) -> Locale | None:
    try:
        return Locale.parse(identifier)
    except (ValueError, UnknownLocaleError, OSError):
        return None


def _language_subtag(tag: str) -> str:
    """`ar` of `ar-IQ`, `kmr` of `kmr-x-badini`: the primary subtag, lower case."""
    return tag.split("-x-")[0].replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=64)
def locale_for(tag: str) -> Locale:
    """The nearest locale whose CLDR data this build carries: the tag, its base language, then English; never raises.

    The frozen build keeps Babel's data only for the languages it ships, and a translator's new
    or private-use language (`kmr-x-badini`) may have none: formatting then follows the base
    language, or English, never an error.
    """
    public = tag.split("-x-")[0].replace("-", "_")
    return _parse(public) or _parse(_language_subtag(tag)) or Locale("en")


def known_language(tag: str) -> bool:
    """Whether CLDR knows the language of `tag`, even where this build carries no data for it."""
    language = _language_subtag(tag)
    language = get_global("language_aliases").get(language, language)
    return language in get_global("likely_subtags") or _parse(language) is not None


def is_rtl(tag: str) -> bool:
    """Whether the language is written right to left: from its own CLDR data, else from its likely script."""
    locale = _parse(tag.split("-x-")[0].replace("-", "_")) or _parse(_language_subtag(tag))
    if locale is not None:
        return locale.text_direction == "rtl"
    language = _language_subtag(tag)
    likely = get_global("likely_subtags").get(get_global("language_aliases").get(language, language), "")
    return any(part in RTL_SCRIPTS for part in likely.split("_"))
