"""The bundled Arabic-script font, loaded from the package so nothing is installed on the system.

Noto Sans Arabic (Regular and Bold, OFL 1.1, see fonts/OFL.txt) covers Arabic and every Sorani letter
(ڕ ڵ ێ ۆ ە). A sans face matches the sans Latin interface font and stays legible at list-row sizes;
Latin text uses the system or Qt default font, so no Latin font is shipped.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase

FONT_FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
ARABIC_FAMILY = "Noto Sans Arabic"
_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts with Qt from memory (once); returns the families added."""
    if _loaded:
        return list(_loaded)
    folder = resources.files("safelib.ui") / "fonts"
    for name in FONT_FILES:
        data = (folder / name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id >= 0:
            _loaded.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _loaded)
    return list(_loaded)


def with_arabic_fallback(font: QFont, arabic_first: bool = False) -> QFont:
    """The same font with the bundled Arabic family added: last (a fallback) or first (for Arabic-script text).

    Arabic-script text must come from one font so letters join; the bundled family goes first wherever
    the text is known to be Arabic or Sorani, and Latin letters then fall back to the usual font.
    """
    families = [f for f in font.families() or [font.family()] if f != ARABIC_FAMILY]
    result = QFont(font)
    result.setFamilies([ARABIC_FAMILY, *families] if arabic_first else [*families, ARABIC_FAMILY])
    return result
