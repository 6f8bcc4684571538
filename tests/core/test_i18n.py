"""Interface translations: switching, fallbacks and the empty-string guard."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from safelib.core import i18n
from safelib.core.locales import locale_for


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


def test_dates_follow_the_language() -> None:
    day = datetime.date(2026, 3, 12)
    assert i18n.format_date(day, "en") == "March 12, 2026"
    assert "مارس" in i18n.format_date(day, "ar")
    assert "ئازار" in i18n.format_date(day, "ckb")
    i18n.set_language("kmr")
    assert "adar" in i18n.format_date(day)


@pytest.mark.parametrize(
    ("tag", "expected"), [("ckb-IQ", "ckb"), ("kmr-x-badini", "ku"), ("ku", "ku"), ("qaa", "en"), ("zz-x-a", "en")]
)
def test_locale_data_falls_back_to_the_base_language_then_english(tag: str, expected: str) -> None:
    assert locale_for(tag).language == expected


def test_unknown_locale_still_formats() -> None:
    assert i18n.format_number(1234, "qaa") == "1,234"
    assert i18n.format_date(datetime.date(2026, 1, 2), "qaa-x-test") == "January 2, 2026"


def test_a_language_without_month_names_gets_an_iso_date() -> None:
    assert i18n.format_date(datetime.date(2026, 12, 7), "sdh") == "2026-12-07"  # not CLDR's placeholder "2026 M12 7"


def test_arabic_plural_forms_pick_the_right_word() -> None:
    i18n.set_language("ar")
    forms = [i18n.ngettext("{count} guide", "{count} guides", n).format(count=n) for n in (0, 1, 2, 3, 11, 100)]
    assert forms == [
        "لا توجد أدلة",
        "دليل واحد",
        "دليلان",
        "3 أدلة",
        "11 دليلًا",
        "100 دليل",
    ]  # Babel: form 4 is 100–102, form 5 is 11–99


def test_guide_language_text_comes_from_that_languages_catalog() -> None:
    i18n.set_language("en")
    assert i18n.gettext_in("ckb-IQ", "Sources") == i18n.load_catalog("ckb").gettext("Sources") != "Sources"
    assert i18n.gettext_in("ku", "Sources") == i18n.load_catalog("kmr").gettext("Sources")
    assert i18n.gettext_in("fr", "Sources") == "Sources"


def test_a_new_po_file_is_a_new_interface_language(catalogs: Path) -> None:
    text = (catalogs / "kmr.po").read_text("utf-8").replace('msgstr "Rêber"', 'msgstr "Rêberê testê"')
    (catalogs / "kmr-x-test.po").write_text(text, "utf-8")
    (catalogs / "not a language.po").write_text("", "utf-8")
    assert i18n.interface_languages() == ("en", "ar", "ckb", "kmr", "kmr-x-test")
    i18n.set_language("kmr-x-test")
    assert i18n._("Guide") == "Rêberê testê"
    assert i18n.gettext_in("kmr-x-test", "Guide") == "Rêberê testê"


def test_compiled_catalogs_count_in_a_build(catalogs: Path) -> None:
    shutil.rmtree(catalogs)
    (catalogs / "ckb" / "LC_MESSAGES").mkdir(parents=True)
    (catalogs / "ckb" / "LC_MESSAGES" / "safelib.mo").write_bytes(b"")
    assert i18n.interface_languages() == ("en", "ckb")


@pytest.fixture
def trimmed_babel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Babel as the frozen build carries it: CLDR data for the shipped languages only."""
    from babel import localedata

    from safelib.core.languages import parse_language

    real_exists = localedata.exists
    kept = ("root", "en", "ar", "ckb", "ku", "ku_TR")
    monkeypatch.setattr(localedata, "exists", lambda name: name in kept and real_exists(name))
    locale_for.cache_clear()
    parse_language.cache_clear()
    yield
    locale_for.cache_clear()
    parse_language.cache_clear()


def test_missing_locale_data_falls_back_to_the_base_language_then_english(trimmed_babel: None) -> None:
    assert str(locale_for("ar-EG")) == "ar"
    assert str(locale_for("fa")) == "en"
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
