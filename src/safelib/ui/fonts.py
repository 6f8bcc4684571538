"""The bundled Arabic-script font, loaded from the package so nothing is installed on the system.

Noto Sans Arabic (Regular and Bold, OFL 1.1, see fonts/OFL.txt) covers Arabic and every Sorani letter
(ڕ ڵ ێ ۆ ە). A sans face matches the sans Latin interface font and stays legible at list-row sizes;
Latin text uses the system or Qt default font, so no Latin font is shipped.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

from PySide6.QtGui import QFont, QFontDatabase

from safelib.core.resources import program_root

FONT_FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
ARABIC_FAMILY = "Noto Sans Arabic"
_loaded: list[str] = []


def font_folder() -> Traversable:
    """The fonts of a frozen bundle (`fonts/`, so no folder there is named for the program), else the package's."""
    frozen = program_root() / "fonts"
    return frozen if frozen.is_dir() else resources.files("safelib.ui") / "fonts"


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts with Qt from memory (once); returns the families added."""
    if _loaded:
        return list(_loaded)
    folder = font_folder()
    for name in FONT_FILES:
        data = (folder / name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id >= 0:
            _loaded.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _loaded)
    return list(_loaded)


def font_for_script(font: QFont, rtl: bool) -> QFont:
    """The font for text in an Arabic-script (rtl) language, or for Latin text.

    Arabic-script text must come from one font so letters join, so the bundled family goes first there.
    Elsewhere it is left out of the list: its tall line metrics would spread Latin lines apart, and Qt's
    own per-script fallback still picks it for any Arabic letters in Latin text.
    """
    families = [f for f in font.families() or [font.family()] if f != ARABIC_FAMILY]
    result = QFont(font)
    result.setFamilies([ARABIC_FAMILY, *families] if rtl else families)
    return result
