"""The attacker's scan of a stick: every file name and every file's bytes, for words that say what it is for."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Words an examiner would search a seized stick for, in the four languages. Each is looked for as UTF-8 and as
# UTF-16-LE (Windows programs and Qt keep strings that way), Latin ones also capitalised and in capitals. None is
# shorter than four bytes, so 32 MiB of random vault bytes hold one by chance about once in a hundred scans.
# fmt: off
WORDS = (
    "safelib", "asylum", "LGBT", "queer", "sexual", "homosexual", "lesbian", "transgender", "refugee", "condom",
    "PrEP", " gay ", "HIV/", "HIV ", "guides-", "penaberî", "zayendî", "homoseksu", "lezbiyen",
    "مثلي", "لجوء", "لاجئ", "الإيدز", "ايدز", "جنسي",
    "هاوڕەگەز", "پەنابەری", "ئایدز", "سێکس",
)
# fmt: on
MARKERS = (b"PK\x03\x04", b"pack.toml", b"safelibpack")  # a zip (a pack is one), a pack's manifest, a pack's file name


def _variants(word: str) -> set[str]:
    return {word, word.lower(), word.upper(), word.capitalize()} if word.isascii() and word != "PrEP" else {word}


PATTERNS: dict[bytes, str] = {
    **{variant.encode(encoding): word for word in WORDS for variant in _variants(word) for encoding in ("utf-8", "utf-16-le")},
    **{marker: marker.decode("latin-1") for marker in MARKERS},
}


@dataclass(frozen=True)
class Finding:
    """One revealing word in one file's name or bytes."""

    path: str
    word: str
    in_name: bool


def scan_stick(root: Path) -> list[Finding]:
    """Every revealing word in every file or folder name and in every file's bytes under `root`."""
    found: list[Finding] = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            rel = (Path(folder) / name).relative_to(root).as_posix()
            found += [Finding(rel, word, True) for word in sorted(set(WORDS)) if word.strip().lower() in name.lower()]
        for name in files:
            path = Path(folder) / name
            data = path.read_bytes()
            rel = path.relative_to(root).as_posix()
            found += [Finding(rel, word, False) for word in sorted({w for p, w in PATTERNS.items() if p in data})]
    return found
