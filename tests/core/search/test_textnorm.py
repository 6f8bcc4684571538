"""Tests for the tokenising pattern and the per-language normalisers."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safelib.core.search.textnorm import (
    WORD_PATTERN,
    fold_loose,
    normalize_ar,
    normalize_ckb,
    normalize_en,
    normalize_kmr,
    normalizer_for,
    prepare,
)

WORD_RE = re.compile(WORD_PATTERN, re.UNICODE)
ZWNJ = "\u200c"
ZWJ = "\u200d"
TATWEEL = "\u0640"


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(text)


# --------------------------------------------------------------------------------------
# WORD_PATTERN
# --------------------------------------------------------------------------------------


def test_word_pattern_keeps_harakat_inside_the_word() -> None:
    assert tokens("كَتَبَ") == ["كَتَبَ"]
    assert tokens("الوَلَدُ كَتَبَ الدَّرْسَ") == ["الوَلَدُ", "كَتَبَ", "الدَّرْسَ"]


def test_word_pattern_keeps_sorani_word_whole() -> None:
    assert tokens("خوێندنەوە") == ["خوێندنەوە"]


def test_word_pattern_keeps_zwnj_inside_legacy_sorani_spelling() -> None:
    word = f"خوێندنه{ZWNJ}وه"
    assert tokens(word) == [word]


def test_word_pattern_keeps_tatweel_and_superscript_alef() -> None:
    assert tokens("كـــتاب هٰذا") == ["كـــتاب", "هٰذا"]


def test_word_pattern_zwnj_and_zwj_never_at_token_edge() -> None:
    assert tokens(f"{ZWNJ}کورد{ZWJ} {ZWJ}{ZWNJ}زمان{ZWNJ}") == ["کورد", "زمان"]


def test_word_pattern_splits_on_arabic_comma_and_question_mark() -> None:
    assert tokens("کورد،عەرەب؟ئینگلیزی؛ تورک.") == ["کورد", "عەرەب", "ئینگلیزی", "تورک"]


def test_word_pattern_splits_on_space_and_latin_punctuation() -> None:
    assert tokens("Hello, world! (safe-lib)") == ["Hello", "world", "safe", "lib"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc"])
def test_word_pattern_apostrophe_is_not_part_of_a_word(apostrophe: str) -> None:
    assert tokens(f"don{apostrophe}t Kurdistan{apostrophe}ê") == [
        "don",
        "t",
        "Kurdistan",
        "ê",
    ]


def test_word_pattern_keeps_digits_of_every_script() -> None:
    assert tokens("2024 ٢٠٢٤ ۲۰۲۴") == ["2024", "٢٠٢٤", "۲۰۲۴"]


def test_word_pattern_keeps_kurmanji_letters() -> None:
    assert tokens("Çîrokên şêrîn û xweş") == ["Çîrokên", "şêrîn", "û", "xweş"]


# --------------------------------------------------------------------------------------
# prepare
# --------------------------------------------------------------------------------------


def test_prepare_nfkc_folds_arabic_presentation_forms() -> None:
    assert prepare("ﻛﺘﺎﺏ") == "كتاب"  # PDF copy-paste
    assert prepare("ﻻ") == "لا"


def test_prepare_nfkc_folds_latin_ligatures_and_fullwidth() -> None:
    assert prepare("ﬁle") == "file"
    assert prepare("ＳＡＦＥ") == "safe"


def test_prepare_arabic_indic_digits_to_ascii() -> None:
    assert prepare("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_prepare_persian_digits_to_ascii() -> None:
    assert prepare("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_prepare_casefolds() -> None:
    assert prepare("Straße") == "strasse"
    assert prepare("LGBTQ") == "lgbtq"


def test_prepare_dotted_capital_i_becomes_plain_i() -> None:
    assert prepare("İ") == "i"
    assert prepare("DİYARBAKIR") == "diyarbakir"
    assert "\u0307" not in prepare("İstanbul")


def test_prepare_removes_dot_left_by_lower_casing_dotted_i() -> None:
    assert prepare("i\u0307stanbul") == "istanbul"  # what "İstanbul".lower() produces


def test_prepare_capital_i_becomes_i() -> None:
    assert prepare("IRAQ") == "iraq"


def test_prepare_leaves_arabic_letters_alone() -> None:
    assert prepare("أَحمد") == "أَحمد"


# --------------------------------------------------------------------------------------
# normalize_ar — one test per rule
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("alef", ["آ", "أ", "إ", "ٱ"])
def test_ar_alef_forms_to_bare_alef(alef: str) -> None:
    assert normalize_ar(f"{alef}حمد") == "احمد"


def test_ar_alef_maksura_to_yeh() -> None:
    assert normalize_ar("مستشفى") == "مستشفي"


def test_ar_teh_marbuta_to_heh() -> None:
    assert normalize_ar("مدرسة") == "مدرسه"


def test_ar_deletes_tatweel() -> None:
    assert normalize_ar("كـــتاب") == "كتاب"


def test_ar_deletes_harakat() -> None:
    assert normalize_ar("كَتَبَ") == "كتب"
    assert normalize_ar("مُدَرِّسٌ") == "مدرس"
    assert normalize_ar("سْ") == "س"


def test_ar_deletes_superscript_alef() -> None:
    assert normalize_ar("هٰذا") == "هذا"


def test_ar_farsi_yeh_to_arabic_yeh() -> None:
    assert normalize_ar("عربی") == "عربي"


def test_ar_keheh_to_kaf() -> None:
    assert normalize_ar("کتاب") == "كتاب"


def test_ar_swash_kaf_to_kaf() -> None:
    assert normalize_ar("ڪتاب") == "كتاب"


def test_ar_sorani_ae_and_heh_doachashmee_to_heh() -> None:
    assert normalize_ar("مدرسە") == "مدرسه"
    assert normalize_ar("ھذا") == "هذا"


def test_ar_deletes_format_characters() -> None:
    assert normalize_ar(f"\u200fكتاب{ZWNJ}ها") == "كتابها"


def test_ar_keeps_hamza_on_waw_and_yeh() -> None:
    # Lucene keeps them, and Sorani's ؤ → ۆ must not leak into Arabic (مؤسسة).
    assert normalize_ar("مؤسسة") == "مؤسسه"
    assert normalize_ar("مسائل") == "مسائل"


def test_ar_persian_keyboard_spelling_equals_arabic_spelling() -> None:
    assert normalize_ar("کتابی") == normalize_ar("كتابي")


def test_ar_with_and_without_harakat_equal() -> None:
    assert normalize_ar("الْمُجْتَمَعُ") == normalize_ar("المجتمع")


def test_ar_with_and_without_hamza_equal() -> None:
    assert normalize_ar("أسرة") == normalize_ar("اسره")
    assert normalize_ar("إسلام") == normalize_ar("اسلام")


# --------------------------------------------------------------------------------------
# normalize_ckb — one test per rule
# --------------------------------------------------------------------------------------


def test_ckb_arabic_yeh_to_farsi_yeh() -> None:
    assert normalize_ckb("كوردي") == "کوردی"


def test_ckb_alef_maksura_to_farsi_yeh() -> None:
    assert normalize_ckb("کوردى") == "کوردی"


def test_ckb_kaf_to_keheh() -> None:
    assert normalize_ckb("كورد") == "کورد"


def test_ckb_swash_kaf_to_keheh() -> None:
    assert normalize_ckb("ڪورد") == "کورد"


def test_ckb_heh_before_zwnj_to_ae() -> None:
    assert normalize_ckb(f"خوێندنه{ZWNJ}وه") == "خوێندنەوە"


def test_ckb_word_final_heh_to_ae() -> None:
    assert normalize_ckb("ماڵه") == "ماڵە"


def test_ckb_medial_heh_stays_heh() -> None:
    assert normalize_ckb("شەهید") == "شەهید"
    assert normalize_ckb("هەولێر") == "هەولێر"


def test_ckb_teh_marbuta_to_ae() -> None:
    assert normalize_ckb("مەدرەسة") == "مەدرەسە"


def test_ckb_heh_doachashmee_to_heh() -> None:
    assert normalize_ckb("ھەولێر") == "هەولێر"


def test_ckb_final_heh_doachashmee_to_ae_like_arabic_keyboard_heh() -> None:
    # Chosen over Lucene's single pass (ھ → ه at the end) so the result is idempotent and
    # Kurdish- and Arabic-keyboard spellings meet.
    assert normalize_ckb("گوناھ") == normalize_ckb("گوناه") == "گوناە"


def test_ckb_reh_with_small_v_above_to_rreh() -> None:
    assert normalize_ckb("ڒووبار") == "ڕووبار"


def test_ckb_word_initial_reh_to_rreh() -> None:
    assert normalize_ckb("رووبار") == "ڕووبار"


def test_ckb_medial_reh_stays_reh() -> None:
    assert normalize_ckb("کورد") == "کورد"


def test_ckb_waw_with_hamza_to_oe() -> None:
    assert normalize_ckb("کؤمەڵ") == "کۆمەڵ"


@pytest.mark.parametrize("alef", ["آ", "أ", "إ"])
def test_ckb_alef_forms_to_bare_alef(alef: str) -> None:
    assert normalize_ckb(f"{alef}زاد") == "ازاد"


def test_ckb_deletes_tatweel() -> None:
    assert normalize_ckb("کـــورد") == "کورد"


def test_ckb_deletes_harakat() -> None:
    assert normalize_ckb("کُورد") == "کورد"


@pytest.mark.parametrize("mark", [ZWNJ, ZWJ, "\u200e", "\u200f", "\u202b", "\u202c", "\u2067", "\u2069"])
def test_ckb_deletes_format_characters(mark: str) -> None:
    assert normalize_ckb(f"کو{mark}رد") == "کورد"


def test_ckb_keeps_yeh_with_hamza() -> None:
    assert normalize_ckb("ئازادی") == "ئازادی"
    assert normalize_ckb("ئ") == "ئ"


def test_ckb_keeps_kurdish_letters() -> None:
    assert normalize_ckb("ڵ ڕ ێ ۆ") == "ڵ ڕ ێ ۆ"
    assert normalize_ckb("گوڵ") == "گوڵ"
    assert normalize_ckb("نوێ") == "نوێ"
    assert normalize_ckb("کۆڕ") == "کۆڕ"


def test_ckb_keeps_ae_and_heh_distinct() -> None:
    assert normalize_ckb("هەر") != normalize_ckb("ەەر")


def test_ckb_arabic_keyboard_spelling_equals_sorani_spelling() -> None:
    assert normalize_ckb("كوردي") == normalize_ckb("کوردی")
    assert normalize_ckb("كوردستان") == normalize_ckb("کوردستان")


def test_ckb_presentation_forms() -> None:
    assert normalize_ckb("ﻛﻮﺭﺩ") == "کورد"


# --------------------------------------------------------------------------------------
# normalize_kmr / normalize_en
# --------------------------------------------------------------------------------------


def test_kmr_dotless_i_to_i() -> None:
    assert normalize_kmr("kurdı") == "kurdi"


def test_kmr_dotted_capital_i_to_i() -> None:
    assert normalize_kmr("İRAN") == "iran"


def test_kmr_comma_below_s_to_cedilla_s() -> None:
    assert normalize_kmr("xweș") == "xweş"


def test_kmr_keeps_kurmanji_letters_distinct() -> None:
    assert normalize_kmr("ÊÎÛÇŞ") == "êîûçş"
    assert normalize_kmr("ser") != normalize_kmr("şêr")


def test_kmr_decomposed_letters_compose() -> None:
    assert normalize_kmr("e\u0302") == "ê"


def test_en_is_prepare_only() -> None:
    assert normalize_en("Queer Library") == "queer library"
    assert normalize_en("café") == "café"


# --------------------------------------------------------------------------------------
# fold_loose
# --------------------------------------------------------------------------------------


def test_loose_removes_harakat_tatweel_and_format_characters() -> None:
    assert fold_loose(f"كَـتَ{ZWNJ}بَ\u200f") == "کتب"


def test_loose_alef_forms_to_bare_alef() -> None:
    assert {fold_loose(a) for a in "آأإٱا"} == {"ا"}


def test_loose_yeh_forms_to_farsi_yeh() -> None:
    assert {fold_loose(y) for y in "ييىیێ"} == {"ی"}


def test_loose_folds_hamza_away_so_it_may_be_typed_or_not() -> None:
    assert fold_loose("اللاجئ") == fold_loose("اللاجىء") == fold_loose("اللاجی") == "اللاجی"
    assert fold_loose("شيء") == fold_loose("شی")


def test_loose_kaf_forms_to_keheh() -> None:
    assert {fold_loose(k) for k in "كکڪ"} == {"ک"}


def test_loose_heh_family_to_heh() -> None:
    assert {fold_loose(h) for h in "ةەهھ"} == {"ه"}


def test_loose_waw_forms_to_waw() -> None:
    assert {fold_loose(w) for w in "ؤۆو"} == {"و"}


def test_loose_sorani_v_letters_to_base() -> None:
    assert fold_loose("ڕ") == "ر"
    assert fold_loose("ڵ") == "ل"


def test_loose_latin_diacritics_removed() -> None:
    assert fold_loose("êîûçşé") == "eiucse"
    assert fold_loose("Xweşî") == "xwesi"


def test_loose_dotless_and_dotted_i() -> None:
    assert fold_loose("ı") == "i"
    assert fold_loose("İ") == "i"


def test_loose_latin_mark_after_arabic_letter_is_not_confused() -> None:
    assert fold_loose("آب") == "اب"  # not alef + a stray mark
    assert fold_loose("ئ") == "ی"


def test_loose_arabic_keyboard_sorani_equals_kurdish_keyboard_sorani() -> None:
    assert fold_loose("كوردي") == fold_loose("کوردی")
    assert fold_loose("خويندنهوه") == fold_loose("خوێندنەوە")
    assert fold_loose(f"خويندنه{ZWNJ}وه") == fold_loose("خوێندنەوە")
    assert fold_loose("هه‌ولير") == fold_loose("هەولێر")


def test_loose_arabic_and_sorani_spellings_meet() -> None:
    assert fold_loose("مدرسة") == fold_loose("مدرسە") == fold_loose("مدرسه")
    assert fold_loose("مؤسسة") == fold_loose("موسسه")
    assert fold_loose("سؤال") == fold_loose("سوال")


def test_loose_with_and_without_hamza_equal() -> None:
    assert fold_loose("أحمد") == fold_loose("احمد")
    assert fold_loose("إسلام") == fold_loose("اسلام")


def test_loose_kurmanji_without_special_letters_meets_proper_spelling() -> None:
    assert fold_loose("Kurdistanê") == fold_loose("kurdistane")
    assert fold_loose("ciwanên") == fold_loose("ciwanen")


def test_loose_presentation_forms_and_digits() -> None:
    assert fold_loose("ﻛﺘﺎﺏ ٢٠٢٤") == "کتاب 2024"


# --------------------------------------------------------------------------------------
# normalizer_for
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", normalize_ar),
        ("ar-IQ", normalize_ar),
        ("ckb", normalize_ckb),
        ("ckb-IQ", normalize_ckb),
        ("CKB", normalize_ckb),
        ("kmr", normalize_kmr),
        ("ku", normalize_kmr),
        ("ku-Latn-TR", normalize_kmr),
        ("ku_Arab", normalize_ckb),
        ("kmr-Arab-IQ", normalize_ckb),
        ("en", normalize_en),
        ("en-GB", normalize_en),
        ("fa", prepare),
        ("", prepare),
        ("-", prepare),
    ],
)
def test_normalizer_for_picks_by_primary_subtag(lang: str, expected: Callable[[str], str]) -> None:
    assert normalizer_for(lang) is expected


@pytest.mark.parametrize(
    "fn",
    [prepare, normalize_ar, normalize_ckb, normalize_kmr, normalize_en, fold_loose],
)
def test_normalisers_pickle_by_reference(fn: Callable[[str], str]) -> None:
    # Whoosh pickles the schema into the index: analyzers must reference stable names.
    assert pickle.loads(pickle.dumps(fn)) is fn


# --------------------------------------------------------------------------------------
# Properties on arbitrary text
# --------------------------------------------------------------------------------------

# Arbitrary Unicode, plus text drawn mostly from the characters the rules touch, so the
# interesting interactions (marks, ZWNJ, heh/ae, İ) actually get generated.
_INTERESTING = (
    "اآأإٱىيیئؤۆوةەهھكکڪڒڕرلڵێ ـ،؟"
    "\u064b\u064e\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u06d6\u0610"
    "\u200c\u200d\u200e\u200f\u202b\u2067\u00ad"
    "İIıiêeşs\u0307\u0301\u0302'\u02bc٠٩۰۹ﻛﺘﻻ"
)
any_text = st.one_of(st.text(), st.text(alphabet=_INTERESTING))

NORMALISERS = [
    prepare,
    normalize_ar,
    normalize_ckb,
    normalize_kmr,
    normalize_en,
    fold_loose,
]


@settings(max_examples=400)
@given(any_text)
def test_every_normaliser_never_raises_and_returns_str(text: str) -> None:
    for fn in NORMALISERS:
        assert isinstance(fn(text), str)


@settings(max_examples=400)
@given(any_text)
def test_every_normaliser_is_idempotent(text: str) -> None:
    for fn in NORMALISERS:
        once = fn(text)
        assert fn(once) == once, fn.__name__


@settings(max_examples=200)
@given(st.text())
def test_normalizer_for_never_raises(lang: str) -> None:
    assert callable(normalizer_for(lang))


@settings(max_examples=400)
@given(any_text)
def test_word_pattern_tokens_never_start_or_end_with_joiners(text: str) -> None:
    for token in tokens(text):
        assert token
        assert token[0] not in (ZWNJ, ZWJ)
        assert token[-1] not in (ZWNJ, ZWJ)
