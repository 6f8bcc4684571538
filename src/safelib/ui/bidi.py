"""Keep a name in another script from reordering the sentence it is placed in."""

from __future__ import annotations

FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """`text` as a first-strong isolate: an English signer in a Sorani sentence (or the reverse) stays in place."""
    return f"{FSI}{text}{PDI}"
