"""Compare with source: beside a translation, the guide it translates, each in its own direction, scrolled by heading."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QToolButton, QVBoxLayout, QWidget

from safelib.core.i18n import _
from safelib.core.languages import native_name
from safelib.core.locales import is_rtl
from safelib.core.packs.model import Guide
from safelib.core.problems import PackError
from safelib.core.render import RenderedGuide
from safelib.ui.bidi import isolate
from safelib.ui.fonts import font_for_script
from safelib.ui.names import name_widgets
from safelib.ui.plain import plain, tooltip
from safelib.ui.reader import ReaderView

Render = Callable[[Guide], RenderedGuide | PackError | None]
SECTION_PREFIX = "section-"


def section_tops(document: QTextDocument) -> list[float]:
    """Where each heading the renderer anchored (`section-N`) starts, in document pixels, in reading order."""
    tops: list[float] = []
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        if not fragments.atEnd() and any(
            name.startswith(SECTION_PREFIX) for name in fragments.fragment().charFormat().anchorNames()
        ):
            tops.append(layout.blockBoundingRect(block).top())
        block = block.next()
    return tops


def matching_position(value: float, tops: list[float], end: float, other_tops: list[float], other_end: float) -> float:
    """The place in the other guide at the same heading, as far into its section as `value` is into this one's.

    Sections pair up by their order (a translation keeps the source's headings); past the last pair both
    guides' remaining text is matched as one section.
    """
    pairs = min(len(tops), len(other_tops))
    bounds = [0.0, *tops[:pairs], end]
    other_bounds = [0.0, *other_tops[:pairs], other_end]
    section = max(0, min(bisect.bisect_right(bounds, value) - 1, len(bounds) - 2))
    length = bounds[section + 1] - bounds[section]
    into = (value - bounds[section]) / length if length > 0 else 0.0
    return other_bounds[section] + into * (other_bounds[section + 1] - other_bounds[section])


class ComparePane(QWidget):
    """A second, read-only reader showing the source of the translation in the main reader.

    `action` (View → Compare with source) is visible only while the guide being read has a source; the pane
    follows every guide the window opens, live reloads included, and scrolls with the main reader.
    """

    def __init__(self, reader: ReaderView, render: Render, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare")
        self.main = reader
        self.render_guide = render
        self.source: Guide | None = None
        self.point_size = reader.font().pointSize()
        self._syncing = False
        self.title = plain(QLabel())
        self.title.setObjectName("compare-title")
        self.title.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.view = ReaderView()  # it never follows a link: the source is for reading beside, not for browsing
        self.view.setObjectName("compare-reader")
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.action = QAction(self, checkable=True)
        self.action.setVisible(False)
        self.action.toggled.connect(self._toggled)
        self.close_button.clicked.connect(lambda: self.action.setChecked(False))
        reader.verticalScrollBar().valueChanged.connect(lambda: self._follow(self.main, self.view))
        self.view.verticalScrollBar().valueChanged.connect(lambda: self._follow(self.view, self.main))
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """The action's and the header's words in the interface language."""
        self.action.setText(_("Compare with source"))
        name_widgets({self.close_button: (_("Close the source"), _("Close the source")), self.view: (_("Source guide"), "")})
        self._show_title()

    def follow(self, source: Guide | None) -> None:
        """The reader shows another page: `source` is the guide it translates (None: no guide, or one with no source)."""
        self.source = source
        self.action.setVisible(source is not None)
        if self.action.isChecked():
            self._show_source()

    def set_point_size(self, points: int) -> None:
        """The reader's text size, for the source too."""
        self.point_size = points
        self._apply_font()

    def wipe(self) -> None:
        """Panic or lock: forget both guides and the shown text."""
        self.source = None
        self.action.setChecked(False)  # a fresh library after panic: the reader chooses again
        self.view.wipe()
        self.title.clear()
        self.action.setVisible(False)
        self.hide()

    def _toggled(self, checked: bool) -> None:
        if checked:
            self._show_source()
        else:
            self.view.wipe()
            self.hide()

    def _show_source(self) -> None:
        source = self.source
        if source is None:
            self.view.wipe()
            self.hide()
            return
        rendered = self.render_guide(source)
        if rendered is None or self.source is not source:
            return  # panic, or another guide came first
        if isinstance(rendered, PackError):
            self.view.setPlainText(_("The source guide cannot be shown: {problem}").format(problem=str(rendered)))
        else:
            self.view.show_guide(rendered)
        self._apply_font()
        self._show_title()
        if self.isHidden():
            self._share_with_reader()
        self._follow(self.main, self.view)

    def _share_with_reader(self) -> None:
        """Show the pane with half of the reader's room (the contents beside keep theirs), so neither side is a narrow
        column, at 1024 pixels wide too."""
        split = self.parentWidget()
        sizes = split.sizes() if isinstance(split, QSplitter) else []
        self.show()
        if not isinstance(split, QSplitter) or split.indexOf(self.main) < 0:
            return
        mine, reader = split.indexOf(self), split.indexOf(self.main)
        both = sizes[mine] + sizes[reader]
        sizes[mine], sizes[reader] = both // 2, both - both // 2
        split.setSizes(sizes)

    def _show_title(self) -> None:
        source = self.source
        if source is None:
            return
        self.title.setText(_("Source: {language}").format(language=isolate(native_name(source.language))))
        self.title.setToolTip(tooltip(source.title))

    def _apply_font(self) -> None:
        rtl = is_rtl(self.source.language) if self.source is not None else False
        font = font_for_script(self.main.font(), rtl)
        font.setPointSize(self.point_size)
        self.view.setFont(font)
        self.view.document().setDefaultFont(font)
        self.view.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)

    def _follow(self, leader: ReaderView, follower: ReaderView) -> None:
        """Scroll `follower` to the same heading as `leader` (and as far into it); the echo back is ignored."""
        if self._syncing or not self.isVisible():
            return
        self._syncing = True
        try:
            target = matching_position(
                leader.verticalScrollBar().value(),
                section_tops(leader.document()),
                leader.document().size().height(),
                section_tops(follower.document()),
                follower.document().size().height(),
            )
            follower.verticalScrollBar().setValue(round(target))
        finally:
            self._syncing = False
