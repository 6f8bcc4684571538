"""Every theme reaches WCAG AA contrast (4.5:1 for text), measured on the colours the window really paints."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from safelib.ui.theme import THEMES, palette, panic_colour, warning_colour
from safelib.ui.window import MainWindow

AA = 4.5
R = QPalette.ColorRole


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def link_colours(window: MainWindow) -> list[QColor]:
    """The colour of every link as the reader's document will paint it."""
    document = window.reading_panel.reader.document()
    colours = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            found = iterator.fragment().charFormat()
            if found.isAnchor() and found.anchorHref() and found.foreground().style() != Qt.BrushStyle.NoBrush:
                colours.append(found.foreground().color())  # without a brush, a link is painted in the palette's text colour
            iterator += 1
        block = block.next()
    return colours


def test_the_contrast_measure_is_wcags() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#1d5f99"), QColor("#25292e")) == pytest.approx(2.2, abs=0.05)  # the dark-theme link


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_passes_aa_even_when_switched_to_with_a_guide_open(window: MainWindow, theme: str) -> None:
    window.set_theme("light")
    window.reading_panel.open_guide_id("pep-72-hours")  # it has links
    window.set_theme(theme)
    palette = QApplication.palette()
    base, window_colour = palette.color(R.Base), palette.color(R.Window)
    pairs = {
        "text": (palette.color(R.Text), base),
        "window text": (palette.color(R.WindowText), window_colour),
        "button text": (palette.color(R.ButtonText), palette.color(R.Button)),
        "selection": (palette.color(R.HighlightedText), palette.color(R.Highlight)),
        "placeholder": (palette.color(R.PlaceholderText), base),
        "tooltip": (palette.color(R.ToolTipText), palette.color(R.ToolTipBase)),
        "link": (palette.color(R.Link), base),
        "hide now": (QColor("#ffffff"), QColor(panic_colour(theme))),
        "pack problems": (QColor(warning_colour(theme)), window_colour),
    }
    links = link_colours(window)
    assert links
    pairs.update({f"link in the guide {i}": (colour, base) for i, colour in enumerate(links)})
    low = {name: round(contrast(*colours), 2) for name, colours in pairs.items() if contrast(*colours) < AA}
    assert low == {}


@pytest.mark.parametrize("theme", THEMES)
def test_disabled_text_looks_different_from_enabled_text(theme: str) -> None:
    colours = palette(theme)
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        assert colours.color(QPalette.ColorGroup.Disabled, role) != colours.color(QPalette.ColorGroup.Active, role)
