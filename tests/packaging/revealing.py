"""The attacker's scan of a stick: every file name and every file's bytes, for words that say what it is for."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Words an examiner would search a seized stick for, in the four languages. Each is looked for as UTF-8 and as
# UTF-16-LE (Windows programs and Qt keep strings that way), Latin ones also in lower case, capitalised and in capitals.
# Words of three or four letters are looked for between spaces: a 32 MiB vault of random bytes holds a given four
# bytes about once in 130 vaults, five bytes once in 30,000, so every pattern here is at least five bytes long.
# fmt: off
WORDS = (
    "safelib", "asylum", "queer", "sexual", "homosexual", "lesbian", "transgender", "refugee", "condom", "guides-",
    " LGBT", "LGBT ", " PrEP ", " gay ", " HIV ", " HIV/", "penaberî", "zayendî", "homoseksu", "lezbiyen",
    "مثلي", "لجوء", "لاجئ", "الإيدز", "ايدز", "جنسي",
    "هاوڕەگەز", "پەنابەری", "ئایدز", "سێکس",
)
# fmt: on
# A zip's member header (a pack is a zip) with the versions zip writers put after it, a pack's manifest, its file name.
MARKERS = (b"PK\x03\x04\x0a\x00", b"PK\x03\x04\x14\x00", b"PK\x03\x04\x2d\x00", b"pack.toml", b"safelibpack")


def _core(word: str) -> str:
    return word.strip(" /")


def _variants(word: str) -> set[str]:
    """The word as written, and a Latin word also in lower case, capitalised and in capitals ("PrEP" is written so)."""
    core = _core(word)
    if not word.isascii() or core == "PrEP":
        return {word}
    return {word.replace(core, form) for form in (core, core.lower(), core.capitalize(), core.upper())}


def _in_name(word: str, name: str) -> bool:
    """A long word anywhere in a file name; a short one only as a whole part of it ("hiv" is in "archive")."""
    core = _core(word).lower()
    return core in re.split(r"[\W_]+", name.lower()) if len(core) <= 4 else core in name.lower()


PATTERNS: dict[bytes, str] = {
    **{variant.encode(encoding): word for word in WORDS for variant in _variants(word) for encoding in ("utf-8", "utf-16-le")},
    **{marker: marker[:4].decode("latin-1") if marker.startswith(b"PK") else marker.decode() for marker in MARKERS},
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
            found += [Finding(rel, word, True) for word in sorted(set(WORDS)) if _in_name(word, name)]
        for name in files:
            path = Path(folder) / name
            data = path.read_bytes()
            rel = path.relative_to(root).as_posix()
            found += [Finding(rel, word, False) for word in sorted({w for p, w in PATTERNS.items() if p in data})]
    return found
