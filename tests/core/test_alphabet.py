"""Titles sort in each language's alphabet."""

from __future__ import annotations

from safelib.core.alphabet import sort_key


def test_sorani_puts_pe_and_gaf_before_heh() -> None:
    words = ["هاوڕێ", "پاسپۆرت", "گەشت", "ئاسایش", "ڕێگا", "یاسا"]
    assert sorted(words, key=sort_key("ckb")) == ["ئاسایش", "پاسپۆرت", "ڕێگا", "گەشت", "هاوڕێ", "یاسا"]
    assert sorted(words) != sorted(words, key=sort_key("ckb"))  # code point order differs


def test_kurmanji_puts_c_cedilla_after_c_and_s_cedilla_after_s() -> None:
    words = ["Şev", "Tenduristî", "Çavkanî", "Dem", "Ciwan", "Sal"]
    assert sorted(words, key=sort_key("kmr")) == ["Ciwan", "Çavkanî", "Dem", "Sal", "Şev", "Tenduristî"]
    assert sorted(words, key=sort_key("ku")) == sorted(words, key=sort_key("kmr"))


def test_arabic_hamza_seats_sort_with_alef_and_english_ignores_case() -> None:
    assert sorted(["بيت", "إسعاف", "أمان", "اللجوء"], key=sort_key("ar")) == ["إسعاف", "اللجوء", "أمان", "بيت"]
    assert sorted(["b", "A", "c"], key=sort_key("en")) == ["A", "b", "c"]
    assert sorted(["b", "A"], key=sort_key("xx")) == ["A", "b"]
