"""Language codes: which ones packs may use, their direction and their own names (from Babel)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from safelib.core.locales import is_rtl, known_language, locale_for

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Language:
    """A parsed language tag: the tag as written, its primary subtag and its script direction."""

    tag: str
    primary: str
    rtl: bool
    native_name: str

    @property
    def base(self) -> str:
        """The language itself, whatever code it was written with: Kurmanji is `kmr` even when tagged `ku`."""
        return "kmr" if self.primary == "ku" else self.primary

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, as HTML's dir attribute wants it."""
        return "rtl" if self.rtl else "ltr"


@lru_cache(maxsize=64)
def parse_language(tag: str) -> Language:
    """Parse a BCP 47 tag such as `ckb`, `ar-IQ` or `kmr-x-badini`; ValueError when Babel cannot."""
    if not isinstance(tag, str) or not _TAG.match(tag):
        raise ValueError(f"{tag!r} is not a language tag such as en, ar, ckb or kmr")
    if not known_language(tag):
        raise ValueError(f"{tag!r} is not a language Babel knows")
    primary = tag.split("-x-")[0].split("-")[0].lower()
    name = _native_name(primary, locale_for(tag))
    if "-x-" in tag:
        name = f"{name} ({tag.split('-x-', 1)[1]})"  # Kurdî (badini): a dialect must not look like its parent
    return Language(tag=tag, primary=primary, rtl=is_rtl(tag), native_name=name)


def _native_name(primary: str, locale: Locale) -> str:
    """The language's name in itself; Kurmanji readers call their language Kurdî."""
    if primary in ("kmr", "ku"):
        return "Kurdî"
    if primary == "ckb":
        return "کوردی"
    if primary == "ar":
        return "العربية"
    if locale.language != primary:  # a trimmed build without this language's data: its code, not "English"
        return primary
    return (locale.get_language_name(locale) or primary).capitalize()


def native_name(tag: str) -> str:
    """A language's name in itself (English, العربية, کوردی, Kurdî); the tag itself when it is not a language."""
    try:
        return parse_language(tag).native_name
    except ValueError:
        return tag
