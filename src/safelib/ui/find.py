"""Find in the page being read: Ctrl+F in the reader opens a bar that marks a word everywhere on the page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

from safelib.core.i18n import _, format_number, ngettext
from safelib.core.search.matching import phrase_matcher
from safelib.ui.highlight import SEARCH_LAYER, match_cursors
from safelib.ui.names import name_widgets
from safelib.ui.plain import plain
from safelib.ui.reader import ReaderView

LAYER = "find"


class FindBar(QWidget):
    """Finds the words typed in a row, each compared as search compares words (letter variants, diacritics,
    endings); the last also matches as the start of a word, from its first letter. Enter or the arrows go to the
    next match, Shift+Enter to the previous one; Esc closes the bar, and a second Esc within the panic interval still
    hides the program."""

    def __init__(self, reader: ReaderView, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.reader = reader
        self.language = language  # the language of the page shown: its words are matched by that language's rules
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.box = QLineEdit()
        self.box.setObjectName("find")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.clicked.connect(lambda: self.step(+1))
        self.count = plain(QLabel())
        self.close_button = QToolButton()
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.box, 1)
        for widget in (self.previous_button, self.next_button, self.count):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.box.textChanged.connect(self.refresh)
        reader.textChanged.connect(self._page_changed)
        self.hide()

    def wants_find_key(self) -> bool:
        """Whether Ctrl+F is meant for this page: the reader or the bar has the focus (elsewhere it means Search)."""
        focus = self.reader.window().focusWidget()
        return focus is not None and (focus is self.reader or self.isAncestorOf(focus))

    def open(self) -> None:
        """Show the bar with its words selected, so typing replaces them, and mark them again."""
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        """Hide the bar and its marks; reading goes on where the current match was."""
        self.hide()
        self._unmark()
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Mark every match of the words typed; the current one is the first at or below the top of the view."""
        text = self.box.text()
        self.matches = []
        if self.isVisible() and text.strip():
            self.matches = match_cursors(self.reader.document(), phrase_matcher(text, self.language()))
            self.reader.marks.show(SEARCH_LAYER, [])  # two sets of marks in one colour would not say which is which
        self.reader.marks.show(LAYER, self.matches)
        below = [i for i, cursor in enumerate(self.matches) if self.reader.cursorRect(cursor).bottom() >= 0]
        self.current = -1
        self.step(+1, start=below[0] if below else 0)

    def step(self, delta: int, start: int | None = None) -> None:
        """Go to the next (+1) or previous (-1) match, round the end of the page."""
        if self.matches:
            self.current = start if start is not None else (self.current + delta) % len(self.matches)
            self.reader.marks.set_current(self.matches[self.current])
        else:
            self.reader.marks.set_current(None)
        self._update_count()

    def wipe(self) -> None:
        """Forget the words looked for (panic): no text, no undo history, no marks, bar closed."""
        self.box.blockSignals(True)
        self.box.setText("")  # setText, unlike clear(), also empties the undo history
        self.box.blockSignals(False)
        self.hide()
        self._unmark()

    def retranslate(self) -> None:
        """Every string in the interface language."""
        self.box.setPlaceholderText(_("Find in this guide…"))
        named = {
            self.box: (_("Find in this guide"), _("Words are found however they are spelled (Ctrl+F in the guide)")),
            self.previous_button: (_("Previous match"), _("Previous match (Shift+Enter)")),
            self.next_button: (_("Next match"), _("Next match (Enter)")),
            self.close_button: (_("Close"), _("Close (Esc)")),
            self.count: (_("Matches"), ""),
        }
        name_widgets(named)
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter goes to the next match and Shift+Enter to the previous one, without leaving the box."""
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else +1)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the bar (the panic keys saw it first, and count it towards Esc twice)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _page_changed(self) -> None:
        if self.isVisible():
            self.refresh()  # another guide, or the same one again in a new text size or theme

    def _unmark(self) -> None:
        self.matches = []
        self.current = -1
        self.reader.marks.show(LAYER, [])
        self.reader.marks.set_current(None)
        self.count.clear()

    def _update_count(self) -> None:
        if not self.box.text().strip():
            self.count.clear()
        elif not self.matches:
            self.count.setText(_("No matches"))
        else:
            total = len(self.matches)
            self.count.setText(
                ngettext("{current} of {count} match", "{current} of {count} matches", total).format(
                    current=format_number(self.current + 1), count=format_number(total)
                )
            )
