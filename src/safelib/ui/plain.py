"""Pack text in Qt widgets as text, never as rich text: rich text can load pictures from local files or shares.

Qt guesses (Qt::mightBeRichText) whether a tooltip, label or message is HTML; a summary such as
`<img src='file:///dev/zero'>` was read as HTML, so hovering read files, hung on a FIFO or aborted.
"""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def tooltip(text: str) -> str:
    """A tooltip that is always shown as the text given: escaped inside a paragraph, so no tag in it survives."""
    return f"<p>{html.escape(text)}</p>" if text else ""


Widget = TypeVar("Widget", QLabel, QMessageBox)


def plain(widget: Widget) -> Widget:
    """Make a label or message box show its text as plain text, whatever it looks like."""
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget
