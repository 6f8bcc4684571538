"""Keep a name in another script from reordering the sentence it is placed in."""

from __future__ import annotations

FSI, PDI = "\u2068", "\u2069"
LRI, RLI = "\u2066", "\u2067"


def isolate(text: str) -> str:
    """`text` as a first-strong isolate: an English signer in a Sorani sentence (or the reverse) stays in place."""
    return f"{FSI}{text}{PDI}"


def isolate_as(text: str, rtl: bool) -> str:
    """`text` isolated in the direction of its language: a Sorani title that starts with "PEP:" stays right to left."""
    return f"{RLI if rtl else LRI}{text}{PDI}"
