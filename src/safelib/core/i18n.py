"""Interface translations with gettext: catalogs from translations/, switchable at run time, read in memory."""

from __future__ import annotations

import datetime
import gettext
import io
import re
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from safelib.core.languages import parse_language
from safelib.core.locales import locale_for
from safelib.core.resources import program_root

DOMAIN = "safelib"
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_in_memory: dict[str, bytes] = {}  # compiled catalogs from an unlocked vault: a vault kit's program carries none


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


def catalog_folder() -> Path:
    """Where the interface catalogs are: `translations/` beside the sources, or inside a build."""
    return program_root() / "translations"


def use_catalogs(catalogs: dict[str, bytes]) -> None:
    """Speak the languages of these compiled catalogs (language → `.mo` bytes, a vault's), or forget them with {}.

    Call `set_language` afterwards: the language in use keeps the catalog it had.
    """
    global _in_memory
    _in_memory = dict(catalogs)
    interface_languages.cache_clear()
    load_catalog.cache_clear()


@lru_cache(maxsize=1)
def interface_languages() -> tuple[str, ...]:
    """English, then every language that has a catalog: a `.po` file from source, a compiled `.mo` in a build.

    Adding `translations/<code>.po` is all it takes to add an interface language; a file whose name
    is not a language tag Babel knows is ignored.
    """
    folder = catalog_folder()
    found = {path.stem for path in folder.glob("*.po")}
    found |= {path.parent.parent.name for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")} | set(_in_memory)
    return ("en", *sorted(tag for tag in found - {"en"} if is_language(tag)))


def is_language(tag: str) -> bool:
    """Whether `tag` is a language tag Babel knows (`sdh`, `kmr-x-badini`), with or without an interface catalog."""
    try:
        parse_language(tag)
    except ValueError:
        return False
    return True


def catalog_language(tag: str) -> str:
    """The interface language that speaks for a content language: the tag itself, else its base language, else English."""
    languages = interface_languages()
    if tag in languages:
        return tag
    try:
        base = parse_language(tag).base
    except ValueError:
        return "en"
    return base if base in languages else "en"


@lru_cache(maxsize=16)
def load_catalog(language: str) -> gettext.NullTranslations:
    """A vault's catalog, the compiled catalog shipped with a build, or the `.po` compiled in memory when run from source."""
    if language in _in_memory:
        return gettext.GNUTranslations(io.BytesIO(_in_memory[language]))
    folder = catalog_folder()
    compiled = folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    source = folder / f"{language}.po"
    if not source.is_file():
        return gettext.NullTranslations()
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=locale_for(language))
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


def gettext_in(language: str, message: str) -> str:
    """`message` in a given language (a guide's own, not the interface's); English when it has no catalog."""
    tag = catalog_language(language)
    return message if tag == "en" else load_catalog(tag).gettext(message)


def format_number(number: int, language: str | None = None) -> str:
    """A count written the way a language (the interface's by default) writes numbers (Babel's CLDR data)."""
    return format_decimal(number, locale=locale_for(language or _language))


def format_date(date: datetime.date, language: str | None = None) -> str:
    """A date written out the way a language (the interface's by default) writes it: "12 March 2026", "12 مارس 2026".

    A language whose CLDR data has no month names yet (Southern Kurdish's are CLDR's placeholders "M01"…) gets
    2026-12-07, not "2026 M12 7"."""
    locale = locale_for(language or _language)
    month = locale.months.get("format", {}).get("wide", {}).get(date.month, "")
    if re.fullmatch(r"M\d\d", month):
        return date.isoformat()
    return babel_format_date(date, format="long", locale=locale)
