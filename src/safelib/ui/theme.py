"""Light, dark and high-contrast colours as a palette plus a short stylesheet, applied to the whole program."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark", "high-contrast")

# window, base, text, button, highlight, highlighted text, link, panic button, warning text; every text pair
# reaches WCAG AA (4.5:1), measured in tests/ui/test_theme.py
_COLOURS = {
    "light": ("#f4f2ee", "#fffdf8", "#1f2328", "#e9e5dd", "#2f6f8f", "#ffffff", "#1d5f99", "#8a1c1c", "#8a1c1c"),
    "dark": ("#1e2125", "#25292e", "#e6e6e6", "#30353b", "#2f6f8f", "#ffffff", "#8cc4ff", "#b33a3a", "#ff8a80"),
    "high-contrast": ("#000000", "#000000", "#ffffff", "#000000", "#ffff00", "#000000", "#00ffff", "#c00000", "#ff6b6b"),
}


def palette(theme: str) -> QPalette:
    """The palette for a theme name (unknown names give the light theme)."""
    window, base, text, button, highlight, highlighted, link, _panic, _warning = _COLOURS.get(theme, _COLOURS["light"])
    result = QPalette()
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: highlighted,
        QPalette.ColorRole.Link: link,
        QPalette.ColorRole.LinkVisited: link,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: {"light": "#6b6f75", "dark": "#a0a0a0"}.get(theme, "#c0c0c0"),
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in roles.items():
        result.setColor(role, QColor(colour))
    # Set for every group above, a disabled button looked as clickable as any other ("Add" before the reader insists).
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(roles[QPalette.ColorRole.PlaceholderText]))
    return result


def panic_colour(theme: str) -> str:
    """The Hide now button's background, also the colour of warnings."""
    return _COLOURS.get(theme, _COLOURS["light"])[7]


def warning_colour(theme: str) -> str:
    """Warnings written on the window's background (pack problems)."""
    return _COLOURS.get(theme, _COLOURS["light"])[8]


def stylesheet(theme: str) -> str:
    """Only what a palette cannot say: the panic and warning colours, and thicker focus marks in high contrast."""
    panic = panic_colour(theme)
    sheet = (
        f"QPushButton#panic {{ background: {panic}; color: #ffffff; font-weight: bold; padding: 4px 14px;"
        " border-radius: 4px; border: 1px solid #00000040; }"
        "QPushButton#panic:focus { border: 2px solid palette(highlight); }"
        "QPushButton#suggestion { text-align: left; border: none; color: palette(link); text-decoration: underline; }"
        f"QLabel#trust-note {{ border: 1px solid {panic}; border-radius: 4px; padding: 4px 8px; font-weight: bold; }}"
        f"QPushButton#packs-notice {{ color: {warning_colour(theme)}; font-weight: bold; }}"
    )
    if theme == "high-contrast":
        sheet += "*:focus { outline: 2px solid #ffff00; } QAbstractItemView { border: 1px solid #ffffff; }"
    return sheet


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch every window of the program to `theme`."""
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))
