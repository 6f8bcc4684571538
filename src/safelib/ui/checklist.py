""" "Copy this checklist": the list under the cursor, or the guide's checklist, as plain text that panic clears."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint
from PySide6.QtGui import QAction, QContextMenuEvent, QTextCursor, QTextList, QTextListFormat
from PySide6.QtWidgets import QApplication, QMenu

from safelib.core.checklist import guide_checklist
from safelib.core.i18n import _
from safelib.core.packs.model import Guide
from safelib.ui.reader import PRIVATE_CLIPBOARD_FORMATS, ReaderView


def list_text_at(cursor: QTextCursor) -> str | None:
    """The items of the shown list the cursor is in, one `- item` (or `1. item`) line each; None outside a list."""
    shown: QTextList | None = cursor.currentList()  # the stubs say never None; Qt returns None outside a list
    if shown is None:
        return None
    numbered = shown.format().style() == QTextListFormat.Style.ListDecimal
    lines = []
    for number in range(shown.count()):
        text = shown.item(number).text().strip()
        lines.append(f"{number + 1}. {text}" if numbered else f"- {text}")
    return "\n".join(lines)


def checklist_text(cursor: QTextCursor, guide: Guide | None) -> str | None:
    """The list under the cursor, else the guide's own checklist; None when there is neither."""
    under = list_text_at(cursor)
    if under is not None:
        return under
    found = guide_checklist(guide.body) if guide is not None else None
    return found.text() if found is not None else None


def copy_plain(text: str, remember: Callable[[str], None]) -> None:
    """Put `text` on the clipboard marked private (no clipboard history), and tell panic so it can clear it."""
    mime = QMimeData()
    mime.setText(text)
    for fmt, value in PRIVATE_CLIPBOARD_FORMATS.items():
        mime.setData(fmt, value)
    QApplication.clipboard().setMimeData(mime)
    remember(text)


class ChecklistMenu(QObject):
    """The reader's right-click menu: Qt's own entries, then "Copy this checklist" for the list clicked on."""

    def __init__(self, reader: ReaderView, guide: Callable[[], Guide | None], remember: Callable[[str], None]) -> None:
        super().__init__(reader)
        self.reader = reader
        self.guide = guide
        self.remember = remember
        reader.viewport().installEventFilter(self)

    def menu_at(self, position: QPoint) -> QMenu:
        """The menu for a right-click at `position` (viewport coordinates); the caller shows it and deletes it."""
        scrolled = QPoint(self.reader.horizontalScrollBar().value(), self.reader.verticalScrollBar().value())
        menu = self.reader.createStandardContextMenu(position + scrolled)
        text = checklist_text(self.reader.cursorForPosition(position), self.guide())
        action = QAction(_("Copy this checklist"), menu)
        action.setObjectName("copy-checklist")
        action.setEnabled(text is not None)
        if text is not None:
            action.triggered.connect(lambda: copy_plain(text, self.remember))
        menu.addSeparator()
        menu.addAction(action)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show our menu instead of Qt's on a right-click in the reader."""
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            menu = self.menu_at(event.pos())
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return super().eventFilter(watched, event)
