"""Interface catalogs: the template matches the code, and every shipped language is complete and correct."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from safelib.core import i18n
from tests.conftest import REPO

TRANSLATIONS = REPO / "translations"
# Every catalog present is held to the same standard: a translator's new language too.
SHIPPED = i18n.interface_languages()[1:]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sd]")


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


def test_template_is_up_to_date_with_the_code() -> None:
    in_code = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(REPO / "src"), keywords=KEYWORDS, comment_tags=()):
        in_code.add((message if isinstance(message, str) else message[0], context))
    assert in_code == ids(read(TRANSLATIONS / "safelib.pot")), "run `make po` and translate what is new"


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_matches_the_template(lang: str) -> None:
    assert ids(read(TRANSLATIONS / f"{lang}.po", lang)) == ids(read(TRANSLATIONS / "safelib.pot"))


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_translated_and_not_fuzzy(lang: str) -> None:
    catalog = read(TRANSLATIONS / f"{lang}.po", lang)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        assert all(s.strip() for s in strings), f"{lang}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_match(lang: str) -> None:
    catalog = read(TRANSLATIONS / f"{lang}.po", lang)
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        expected = sorted(PLACEHOLDER.findall(source))
        for string in strings:
            found = sorted(PLACEHOLDER.findall(string))
            # A plural form for exactly one may leave the number out (Arabic says "one guide" without "1").
            assert found == expected or (set(found) < set(expected) and isinstance(message.id, tuple)), f"{lang}: {message.id!r}"
        assert not list(message.check(catalog)), f"{lang}: {message.id!r}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_forms_are_the_languages_own(lang: str) -> None:
    catalog = read(TRANSLATIONS / f"{lang}.po", lang)
    assert catalog.num_plurals == get_plural(lang).num_plurals
    for message in catalog:
        if isinstance(message.id, tuple):
            assert len(message.string) == catalog.num_plurals, f"{lang}: {message.id!r}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_used_at_run_time(lang: str) -> None:
    catalog = read(TRANSLATIONS / f"{lang}.po", lang)
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and not m.context)
    try:
        i18n.set_language(lang)
        assert i18n._(message.id) == message.string
    finally:
        i18n.set_language("en")


def test_every_catalog_file_is_an_interface_language() -> None:
    """A .po whose name Babel cannot read as a language would be silently ignored: say so here instead."""
    assert {p.stem for p in TRANSLATIONS.glob("*.po")} == set(SHIPPED)
    assert {"ar", "ckb", "kmr"} <= set(SHIPPED)
