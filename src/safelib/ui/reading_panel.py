"""The reading panel: the reader with its contents, read-in links, trust note, history, find bar and text size."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QListView, QSplitter, QToolButton, QVBoxLayout, QWidget

from safelib.core.i18n import _, current_language
from safelib.core.languages import native_name, parse_language
from safelib.core.library import Library, language_matches
from safelib.core.locales import is_rtl
from safelib.core.packs.model import Guide, Pack
from safelib.core.problems import PackError
from safelib.core.render import RenderedGuide
from safelib.core.resources import is_checkout_content
from safelib.ui.bidi import isolate
from safelib.ui.compare import ComparePane
from safelib.ui.compat import emit
from safelib.ui.find import FindBar
from safelib.ui.fonts import font_for_script
from safelib.ui.history import GuideKey, History
from safelib.ui.models import ANCHOR_ROLE, TocModel
from safelib.ui.names import name_widgets
from safelib.ui.packs import gone_text, trust_text
from safelib.ui.plain import plain
from safelib.ui.reader import ReaderView
from safelib.ui.safety import safety_page_html
from safelib.ui.session import Session
from safelib.ui.workers import RenderThread

MIN_CONTENTS_POINTS = 9
LANGUAGE_ORDER = {"en": 0, "ar": 1, "ckb": 2, "kmr": 3, "ku": 3}


class ReadingPanel(QWidget):
    """Shows one guide (or the safety page) at a time; its back and forward buttons are placed in the window's toolbar
    by the frame. Guides are rendered on the render thread while this thread keeps handling events (the panic key)."""

    guide_opened = Signal(object)
    message = Signal(str)  # something the reader should know, for the window's status bar

    def __init__(self, session: Session, parent: QWidget | None = None, unnamed: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self.session = session
        self.unnamed = unnamed  # with disguise on, hides the program's name in the paths of a pack's problems
        self.settings = session.settings
        self.history = History()
        self.current_guide: Guide | None = None
        self.gone: Guide | None = None  # the guide a reload took away while it was read (a translator's broken save)
        self.showing_safety = False
        self.search_words: tuple[GuideKey, str] | None = None  # the words a search matched in the guide shown
        self.back_button = QToolButton(self)
        self.back_button.clicked.connect(self.go_back)
        self.forward_button = QToolButton(self)
        self.forward_button.clicked.connect(self.go_forward)
        self.read_in = QLabel()
        self.read_in.setObjectName("read-in")
        self.read_in.setTextFormat(Qt.TextFormat.RichText)
        self.read_in.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.read_in.linkActivated.connect(self._read_in_clicked)
        self.trust_note = plain(QLabel())
        self.trust_note.setObjectName("trust-note")
        self.trust_note.setWordWrap(True)
        self.trust_note.hide()
        self.reader = ReaderView()  # it shows the pictures the render thread decoded, and reads no pack itself
        self.reader.setObjectName("reader")
        self.reader.guide_link.connect(self._guide_link)
        self.toc_model = TocModel()
        self.toc_view = QListView()
        self.toc_view.setObjectName("contents")
        self.toc_view.setModel(self.toc_model)
        self.toc_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Long headings wrap onto more lines instead of running off the pane's edge.
        self.toc_view.setWordWrap(True)
        self.toc_view.setSpacing(3)  # Arabic-script headings need room between wrapped entries
        self.toc_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.toc_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.toc_view.setLayoutMode(QListView.LayoutMode.Batched)  # hundreds of wrapped headings held panic 0.3–0.5 s
        self.toc_view.setBatchSize(20)
        self.toc_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc_view.activated.connect(self._toc_activated)
        self.toc_view.clicked.connect(self._toc_activated)
        self.toc_title = QLabel()
        self.toc_panel = QWidget()
        toc_layout = QVBoxLayout(self.toc_panel)
        toc_layout.setContentsMargins(0, 0, 0, 0)
        toc_layout.addWidget(self.toc_title)
        toc_layout.addWidget(self.toc_view, 1)
        self.reading_split = QSplitter(Qt.Orientation.Horizontal)
        self.reading_split.setChildrenCollapsible(False)
        self.compare = ComparePane(self.reader, lambda guide: self._render(guide, self.library.pack(guide.pack_id)))
        self.reading_split.addWidget(self.reader)
        self.reading_split.addWidget(self.compare)
        self.reading_split.addWidget(self.toc_panel)
        for column, stretch in enumerate((4, 4, 1)):
            self.reading_split.setStretchFactor(column, stretch)
        self.reading_split.setSizes([660, 0, 210])  # the source beside, when compared, takes half the reader's
        self.find_bar = FindBar(self.reader, lambda: self.current_guide.language if self.current_guide else current_language())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_in)
        layout.addWidget(self.trust_note)
        layout.addWidget(self.reading_split, 1)
        layout.addWidget(self.find_bar)
        self.toc_model.modelReset.connect(lambda: self.toc_panel.setVisible(self.toc_model.rowCount() > 0))
        self.toc_panel.hide()
        self.render_thread = RenderThread(self)
        self.render_thread.worker.done.connect(self._rendered)
        self.render_serial = 0
        self.render_waits: dict[int, QEventLoop] = {}
        self.render_answers: dict[int, RenderedGuide | PackError] = {}
        session.library_changed.connect(self._library_replaced)

    @property
    def library(self) -> Library:
        """The session's library: the panel never keeps one of its own."""
        return self.session.library

    # ----- showing -------------------------------------------------------------------------------------------------

    def show_start_page(self) -> None:
        """The safety page, the first time the program (or a vault) is opened."""
        if not self.settings["first_run_done"]:
            self.show_safety_page()
            self.settings.set("first_run_done", True)

    def show_safety_page(self) -> None:
        """The "How to use this safely" page, in the interface language."""
        self.current_guide = None
        self.reader.setHtml(safety_page_html(current_language(), bool(self.settings["panic_pin"]), self.session.vault_mode))
        self.showing_safety = True
        self.compare.follow(None)
        self.toc_model.set_headings([])
        self._update_read_in()
        self._update_navigation()

    def open_guide(self, guide: Guide, record: bool = True) -> bool:
        """Render a guide with the core and show it, with its contents and its other languages."""
        pack = self.library.pack(guide.pack_id)
        rendered = self._render(guide, pack)
        if rendered is None:
            return False  # panic, or another guide was opened while this one was rendered
        if isinstance(rendered, PackError):
            self.reader.show_refusal(rendered)
            return False
        self.current_guide = guide
        self.showing_safety = False
        if self.search_words is not None and self.search_words[0] != guide.key:
            self.search_words = None  # the marks belong to the guide the search opened
        self.apply_font_size()
        if pack is not None and not self.session.vault_mode and not pack.source.location.exists():
            emit(self.message, _("The pack of this guide was removed from the computer; its pictures cannot be shown."))
        self.reader.show_guide(rendered)
        self.toc_model.set_headings(rendered.toc)
        if record:
            self.history.visit(guide.key)
        self._update_read_in()
        self._update_navigation()
        self._mark_search(scroll=True)
        self.compare.follow(self.library.source_of(guide))
        emit(self.guide_opened, guide)
        return True

    def open_result(self, key: GuideKey, words: str) -> bool:
        """A search result: the guide, with the words the search matched marked, scrolled to the first one."""
        guide = self._guide_by_key(key)
        self.search_words = (key, words)
        if guide is None or not self.open_guide(guide):
            self.search_words = None
            return False
        return True

    def open_guide_id(self, guide_id: str, language: str | None = None) -> bool:
        """Open a guide by id in `language` (the library's), else the interface language; any language when it has no
        such translation."""
        guide = self.library.guide(guide_id, lang=language or self.session.guide_language() or current_language())
        return guide is not None and self.open_guide(guide)

    def show_again(self) -> None:
        """The open guide or safety page again, at the same place (a document keeps the colours it was laid out in)."""
        position = self.reader.verticalScrollBar().value()
        if self.current_guide is not None:
            self.open_guide(self.current_guide, record=False)
        elif self.showing_safety:
            self.show_safety_page()
        self.reader.verticalScrollBar().setValue(position)

    def follow_language(self, language: str | None = None) -> None:
        """The interface language (or the guides', when it has none of its own) changed: the guide shown in it when it has
        that translation, the safety page in the interface language."""
        guide = self.current_guide
        language = language or current_language()
        if guide is not None and not language_matches(guide.language, language):
            match = next((g for tag, g in self.library.translations(guide).items() if language_matches(tag, language)), None)
            if match is not None:
                if self.search_words is not None:  # the words searched for are marked in the translation too
                    self.search_words = (match.key, self.search_words[1])
                self.open_guide(match)
        elif guide is None and self.reader.toPlainText() and self.showing_safety:
            self.show_safety_page()

    def _mark_search(self, scroll: bool) -> None:
        """Mark again the words a search matched in this guide (a new layout, colours or size drops the marks), unless
        the find bar marks its own words."""
        if self.search_words is not None and self.current_guide is not None and not self.find_bar.matches:
            self.reader.marks.show_search(self.search_words[1], self.current_guide.language, scroll=scroll)

    def _render(self, guide: Guide, pack: Pack | None) -> RenderedGuide | PackError | None:
        """Render on the render thread while this thread keeps handling events, so the panic key works during a slow
        guide; None when panic or a newer open came first (its page is then dropped, never shown)."""
        self.render_serial += 1
        serial = self.render_serial
        loop = QEventLoop()
        self.render_waits[serial] = loop
        emit(self.render_thread.requested, serial, guide, pack)
        try:
            loop.exec()
        finally:
            del self.render_waits[serial]
        result = self.render_answers.pop(serial, None)
        return result if serial == self.render_serial else None

    def _rendered(self, serial: int, result: RenderedGuide | PackError) -> None:
        """A page from the render thread: kept for the open still waiting for it, dropped otherwise."""
        loop = self.render_waits.get(serial)
        if loop is not None:
            self.render_answers[serial] = result
            loop.quit()

    def _library_replaced(self, _old: Library) -> None:
        """Another library is shown: the same guide at the same place with the new text, or a word that it is gone."""
        if self.session.is_locked:
            self.wipe()
            return
        guide = self.current_guide or self.gone  # a guide a broken save took away comes back once it is fixed
        if guide is None:
            return
        fresh = self._guide_by_key(guide.key)
        position = self.reader.verticalScrollBar().value()
        if fresh is not None and self.open_guide(fresh, record=False):
            self.gone = None
            self.reader.verticalScrollBar().setValue(position)
        elif self.current_guide is not None:
            self.current_guide, self.gone = None, guide
            self.toc_model.set_headings([])
            self.compare.follow(None)
            self.reader.setPlainText(self.unnamed(gone_text(self.library.why_missing(guide))))
            self._update_read_in()

    def _guide_by_key(self, key: GuideKey) -> Guide | None:
        pack = self.library.pack(key[0])
        return pack.guides.get(key[1]) if pack is not None else None

    # ----- around the page -----------------------------------------------------------------------------------------

    def _update_trust_note(self) -> None:
        """Above a guide from a pack that is not verified: say so, every time it is shown.

        A source checkout's own `content/` is exempt: it is the code being run, and release builds sign it.
        """
        pack = self.library.pack(self.current_guide.pack_id) if self.current_guide is not None else None
        if pack is None or pack.trust.state == "verified" or is_checkout_content(pack.source.location):
            self.trust_note.clear()
            self.trust_note.hide()
            return
        self.trust_note.setText(trust_text(pack.trust))
        self.trust_note.show()

    def _update_read_in(self) -> None:
        self._update_trust_note()
        guide = self.current_guide
        if guide is None:
            self.read_in.clear()
            self.read_in.hide()
            return
        parts = []
        ordered = sorted(self.library.translations(guide).items(), key=lambda item: _language_order(item[0]))
        for tag, other in ordered:
            name = html.escape(isolate(native_name(tag)))
            parts.append(f"<b>{name}</b>" if other.key == guide.key else f'<a href="lang:{html.escape(tag)}">{name}</a>')
        self.read_in.setText(html.escape(_("Read in:")) + " " + " · ".join(parts))
        self.read_in.show()

    def _read_in_clicked(self, link: str) -> None:
        if self.current_guide is None or not link.startswith("lang:"):
            return
        other = self.library.translations(self.current_guide).get(link[len("lang:") :])
        if other is not None:
            self.open_guide(other)

    def _guide_link(self, guide_id: str) -> None:
        current = self.current_guide
        guide = self.library.guide(
            guide_id, pack_id=current.pack_id if current else None, lang=current.language if current else current_language()
        )
        if guide is not None:
            self.open_guide(guide)

    def _toc_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        anchor = index.data(ANCHOR_ROLE)
        if anchor:
            self.reader.scrollToAnchor(anchor)

    def go_back(self) -> None:
        """The previous guide of this session."""
        self._go(self.history.back())

    def go_forward(self) -> None:
        """The next guide of this session (after going back)."""
        self._go(self.history.forward())

    def _go(self, key: GuideKey | None) -> None:
        guide = self._guide_by_key(key) if key is not None else None
        if guide is not None:
            self.open_guide(guide, record=False)

    def _update_navigation(self) -> None:
        self.back_button.setEnabled(self.history.can_go_back())
        self.forward_button.setEnabled(self.history.can_go_forward())

    def find_in_guide(self) -> None:
        """The find bar under the guide."""
        self.find_bar.open()

    def focus_reader(self) -> None:
        """The keyboard goes to the page (a result was opened with Enter)."""
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- text size, words --------------------------------------------------------------------------------------

    def bigger_text(self) -> None:
        """Ctrl+= or Ctrl++."""
        self.change_font_size(+1)

    def smaller_text(self) -> None:
        """Ctrl+-."""
        self.change_font_size(-1)

    def change_font_size(self, step: int) -> None:
        """Ctrl+= / Ctrl+- : the reader's text size, within the setting's limits."""
        size = min(40, max(8, self.settings["font_size"] + step))
        self.settings.set("font_size", size)
        self.apply_font_size()

    def apply_font_size(self) -> None:
        """Give the reader, and a little smaller its contents, the chosen size, with the Arabic font first for
        right-to-left guides."""
        guide = self.current_guide
        rtl = is_rtl(guide.language) if guide is not None else parse_language(current_language()).rtl
        font = font_for_script(QApplication.font(), rtl)
        font.setPointSize(self.settings["font_size"])
        self.reader.setFont(font)
        self.reader.document().setDefaultFont(font)
        contents = QFont(font)
        contents.setPointSize(max(MIN_CONTENTS_POINTS, self.settings["font_size"] - 2))
        self.toc_view.setFont(contents)
        self.compare.set_point_size(self.settings["font_size"])

    def retranslate(self) -> None:
        """Every string in the interface language; the arrows point the way the layout reads."""
        named = {
            self.back_button: (_("Back"), _("Back to the previous guide (Alt+Left)")),
            self.forward_button: (_("Forward"), _("Forward to the next guide (Alt+Right)")),
            self.reader: (_("Guide"), ""),
            self.toc_view: (_("Contents"), _("Sections of this guide")),
            self.read_in: (_("Read in another language"), ""),
            self.trust_note: (_("Signature"), ""),
            self.toc_title: (_("Contents"), ""),
        }
        name_widgets(named)
        rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.back_button.setArrowType(Qt.ArrowType.RightArrow if rtl else Qt.ArrowType.LeftArrow)
        self.forward_button.setArrowType(Qt.ArrowType.LeftArrow if rtl else Qt.ArrowType.RightArrow)
        self.toc_title.setText(_("Contents"))
        self.find_bar.retranslate()
        self.compare.retranslate()
        self._update_read_in()
        self._update_navigation()

    # ----- panic and the end ---------------------------------------------------------------------------------------

    def wipe(self) -> None:
        """Forget what was read: the page, its marks and pictures, contents, history, the words looked for, and a
        guide still being rendered (it is dropped when it arrives)."""
        self.render_serial += 1
        for loop in self.render_waits.values():
            loop.quit()
        self.render_answers.clear()
        self.reader.wipe()
        self.find_bar.wipe()
        self.toc_model.set_headings([])
        self.compare.wipe()
        self.history.clear()
        self.current_guide = self.gone = None
        self.search_words = None
        self.showing_safety = False
        self.read_in.clear()
        self.trust_note.clear()
        self.trust_note.hide()
        self._update_navigation()

    def shutdown(self) -> bool:
        """Stop the render thread; False when it is still running after its wait."""
        return self.render_thread.stop()


def _language_order(tag: str) -> tuple[int, str]:
    return (LANGUAGE_ORDER.get(tag.split("-")[0], 9), tag)
