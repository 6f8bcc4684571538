"""Interface translations: switching, fallbacks and the empty-string guard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from safelib.core import i18n


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_english_is_the_source() -> None:
    i18n.set_language("en")
    assert i18n._("Search") == "Search"


def test_empty_string_is_not_the_catalog_header() -> None:
    i18n.set_language("ar")
    assert i18n._("") == ""


def test_unknown_language_falls_back_to_source_text() -> None:
    i18n.set_language("zz")
    assert i18n._("Search") == "Search"
    assert i18n.current_language() == "zz"


def test_numbers_follow_the_interface_language() -> None:
    i18n.set_language("en")
    assert i18n.format_number(1234) == "1,234"
    i18n.set_language("kmr")
    assert i18n.format_number(1234) == "1.234"
