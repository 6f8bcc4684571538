"""Marked words in the reader — a search's matches, the find bar's — as extra selections that leave the page as it is."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from safelib.core.search.matching import PhraseMatcher, WordMatcher, word_matcher

MATCH_COLOURS = ("#ffe27a", "#1f2328")  # background, text: 13:1, readable in every theme
CURRENT_COLOURS = ("#f59e42", "#000000")  # the find bar's current match: 9:1
SEARCH_LAYER = "search"
SCROLL_MARGIN = 3  # a match scrolled to sits a third of the way down, with what leads to it above


def match_cursors(document: QTextDocument, matcher: WordMatcher | PhraseMatcher) -> list[QTextCursor]:
    """A selecting cursor for every match, in reading order; a match never spans two blocks (paragraphs, cells)."""
    cursors = []
    block = document.begin()
    while block.isValid():
        for start, end in matcher.spans(block.text()):
            cursor = QTextCursor(document)
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            cursors.append(cursor)
        block = block.next()
    return cursors


def _format(colours: tuple[str, str]) -> QTextCharFormat:
    mark = QTextCharFormat()
    mark.setBackground(QColor(colours[0]))
    mark.setForeground(QColor(colours[1]))
    return mark


class Marks:
    """The reader's marked words in layers ("search", "find"); one is the current match, drawn stronger."""

    def __init__(self, view: QTextEdit) -> None:
        self.view = view
        self.layers: dict[str, list[QTextCursor]] = {}
        self.current: QTextCursor | None = None

    def show(self, layer: str, cursors: list[QTextCursor]) -> None:
        """Replace one layer's marks."""
        self.layers[layer] = cursors
        self._draw()

    def show_search(self, words: str, language: str, scroll: bool = True) -> int:
        """Mark the words a search matched and (unless told not to) scroll to the first one after the title; how many
        were marked."""
        cursors = match_cursors(self.view.document(), word_matcher(words, language, prefix=True))
        self.show(SEARCH_LAYER, cursors)
        in_body = [cursor for cursor in cursors if cursor.blockNumber() > 0] or cursors
        if scroll and in_body:
            self.scroll_to(in_body[0])
        return len(cursors)

    def set_current(self, cursor: QTextCursor | None) -> None:
        """Draw one marked word as the current match, and bring it into view."""
        self.current = cursor
        self._draw()
        if cursor is not None:
            self.scroll_to(cursor)

    def clear(self) -> None:
        """No marks at all (a new page, panic)."""
        self.layers.clear()
        self.current = None
        self.view.setExtraSelections([])

    def scroll_to(self, cursor: QTextCursor) -> None:
        """Bring a word into view a third of the way down, with what leads to it above; no selection moves."""
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + self.view.cursorRect(cursor).top() - self.view.viewport().height() // SCROLL_MARGIN)

    def _draw(self) -> None:
        marked = [_selection(cursor, MATCH_COLOURS) for cursors in self.layers.values() for cursor in cursors]
        current = [_selection(self.current, CURRENT_COLOURS)] if self.current is not None else []
        self.view.setExtraSelections(marked + current)


def _selection(cursor: QTextCursor, colours: tuple[str, str]) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = _format(colours)
    return selection
