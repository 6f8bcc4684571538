"""Interface translations with gettext: catalogs from translations/, switchable at run time, read in memory."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from safelib.core.resources import program_root

DOMAIN = "safelib"
# Scripts written right to left, for languages whose CLDR data a trimmed build does not carry.
RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"})
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (it is translated where shown)."""
    return message


def _(message: str) -> str:
    """Translate into the current interface language; an empty string stays empty (gettext would return the header)."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on a number, with the language's own plural rules."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Translate a short message whose meaning depends on where it is shown."""
    return _current.pgettext(context, message)


@lru_cache(maxsize=16)
def load_catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog shipped with a build, or the `.po` compiled in memory when run from source."""
    folder = program_root() / "translations"
    compiled = folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    source = folder / f"{language}.po"
    if not source.is_file():
        return gettext.NullTranslations()
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language`."""
    global _current, _language
    _current = gettext.NullTranslations() if language == "en" else load_catalog(language)
    _language = language


def current_language() -> str:
    """The interface language now in use."""
    return _language


def _parse(identifier: str) -> Locale | None:
    try:
        return Locale.parse(identifier)
    except (ValueError, UnknownLocaleError):
        return None


def _language_subtag(tag: str) -> str:
    """`ar` of `ar-IQ`, `kmr` of `kmr-x-badini`: the primary subtag, lower case."""
    return tag.split("-x-")[0].replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=64)
def locale_for(tag: str) -> Locale:
    """The nearest locale whose CLDR data this build carries: the tag, its base language, then English; never raises.

    The frozen build keeps Babel's data only for the languages it ships (a translator's new
    language may have none): formatting then follows the base language, or English.
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


def format_number(number: int) -> str:
    """A count written the way the current interface language writes numbers (Babel's CLDR data)."""
    return format_decimal(number, locale=locale_for(_language))
