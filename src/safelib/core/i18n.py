"""Interface translations with gettext: catalogs from translations/, switchable at run time, read in memory."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from safelib.core.resources import program_root

DOMAIN = "safelib"
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


def format_number(number: int) -> str:
    """A count written the way the current interface language writes numbers (Babel's CLDR data)."""
    try:
        return format_decimal(number, locale=Locale.parse(_language.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return str(number)
