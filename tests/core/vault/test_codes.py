"""Codes: any digit set, strong enough for a copied stick, refused with a reason when weak."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safelib.core.usb.card import render_card
from safelib.core.usb.notes import Launch
from safelib.core.vault.codes import MIN_DIGITS, code_problem, generate_code, group_code, normalise_code


def test_the_three_digit_sets_and_separators_give_one_code() -> None:
    assert normalise_code("٤٨٢٩ ١٥٧٣ ٦٠٤٨") == "482915736048"
    assert normalise_code("۴۸۲۹-۱۵۷۳-۶۰۴۸") == "482915736048"
    assert normalise_code(" 4829 1573 6048 ") == "482915736048"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("12345678901", "at least 12 digits"),
        ("1234567890123", "pattern"),
        ("987654321098", "pattern"),
        ("111111111111", "pattern"),
        ("121212121212", "pattern"),
        ("482915482915", "pattern"),
        ("48291573604a", "digits only"),
        ("٤٨٢٩١٥٧٣٦٠٤٨", "digits only"),
    ],
)
def test_weak_codes_are_refused_with_a_reason(code: str, reason: str) -> None:
    problem = code_problem(code)
    assert problem is not None and reason in problem


def test_a_good_code_passes() -> None:
    assert code_problem("482915736048") is None


@given(st.integers(min_value=MIN_DIGITS, max_value=24))
def test_generated_codes_are_strong_and_grouped_by_four(digits: int) -> None:
    code = generate_code(digits)
    assert len(code) == digits and code_problem(code) is None
    assert group_code(code).replace(" ", "") == code and all(len(g) <= 4 for g in group_code(code).split())


def test_a_code_card_is_a_code_file_its_first_line_counts() -> None:
    """The window's --code-file and the CLI read a card (`usb build --vault`) the same way: BOM, code line, then text."""
    card = render_card("482915736048", ["ckb"], [Launch("linux", "linux", "Calculator")]).decode("utf-8")
    assert card.startswith("\ufeff4829 1573 6048\r\n") and normalise_code(card) == "482915736048"
    assert normalise_code("") == "" and normalise_code("\n\n") == ""
