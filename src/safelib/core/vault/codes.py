"""Vault codes: typed in any of three digit sets, long enough to resist an attacker who copied the stick."""

from __future__ import annotations

import secrets

from safelib.core.i18n import _

MIN_DIGITS = 12
GENERATED_DIGITS = 16
# ASCII, Arabic-Indic (Arabic keyboards) and Extended Arabic-Indic (Persian and Kurdish keyboards).
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = str.maketrans("", "", " -\u00a0\u2009\u202f")
_SEQUENCES = "01234567890123456789", "98765432109876543210"


def normalise_code(text: str) -> str:
    """The code as ASCII digits: Arabic-Indic and Persian digits become 0–9; spaces and dashes are dropped."""
    return text.strip().translate(_DIGITS).translate(_SEPARATORS)


def code_problem(code: str) -> str | None:
    """Why a (normalised) code is too weak to protect a copied stick, in the interface language; None when it is
    strong enough."""
    if not code.isascii() or not code.isdigit():
        return _("a code is made of digits only (it is typed on the calculator)")
    if len(code) < MIN_DIGITS:
        return _("a code needs at least {count} digits: shorter ones can be guessed by a computer in days").format(
            count=MIN_DIGITS
        )
    if len(set(code)) <= 2 or any(code in sequence for sequence in _SEQUENCES) or code == code[: len(code) // 2] * 2:
        return _("the code follows a pattern that is guessed first; choose digits without an order")
    return None


def generate_code(digits: int = GENERATED_DIGITS) -> str:
    """A random code that passes `code_problem`."""
    while True:
        code = "".join(secrets.choice("0123456789") for _ in range(digits))
        if code_problem(code) is None:
            return code


def group_code(code: str) -> str:
    """The code in groups of four digits, as printed on a code card."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
