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


@pytest.fixture
def trimmed_babel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Babel as the frozen build carries it: CLDR data for the shipped languages only."""
    from babel import localedata

    from safelib.core.languages import parse_language

    real_exists = localedata.exists
    kept = ("root", "en", "ar", "ckb", "ku", "ku_TR")
    monkeypatch.setattr(localedata, "exists", lambda name: name in kept and real_exists(name))
    i18n.locale_for.cache_clear()
    parse_language.cache_clear()
    yield
    i18n.locale_for.cache_clear()
    parse_language.cache_clear()


def test_missing_locale_data_falls_back_to_the_base_language_then_english(trimmed_babel: None) -> None:
    assert str(i18n.locale_for("ar-EG")) == "ar"
    assert str(i18n.locale_for("fa")) == "en"
    i18n.set_language("fa")
    assert i18n.format_number(1234) == "1,234"


def test_a_pack_language_without_locale_data_still_loads_with_its_direction(trimmed_babel: None) -> None:
    from safelib.core.languages import parse_language

    persian = parse_language("fa")
    assert persian.rtl and persian.native_name == "fa"
    assert not parse_language("tr").rtl
    assert parse_language("kmr").native_name == "Kurdî"
    with pytest.raises(ValueError, match="not a language"):
        parse_language("zz")
